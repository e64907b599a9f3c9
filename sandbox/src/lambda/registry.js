'use strict';
// The Lambda control plane's state: functions ($LATEST, published versions, aliases) and event
// source mappings, with the lookups every operation shares. The operations live by what they own:
// functions.js, versions.js, aliases.js (mixed in here), mappings.js; persistence.js writes the
// state file, update-timers.js moves State and LastUpdateStatus along, code.js keeps the code.
// Every operation takes and returns plain values in the API's shapes; HTTP lives in api.js.
//
// $LATEST has two records: `latest`, what the API shows (updated at once, LastUpdateStatus
// InProgress for updateDelayMs), and `active`, what invocations run. As on AWS, invocations keep
// running the previous configuration until the update completes.

const cfg = require('./configuration');
const { makeArns } = require('./names');
const { notFound, conflict } = require('./errors');
const { codeDir, removeCode } = require('./code');
const { createPersistence } = require('./persistence');
const { UpdateTimers, settle } = require('./update-timers');
const { EventSourceMappings } = require('./mappings');
const { functionMethods } = require('./functions');
const { versionMethods } = require('./versions');
const { aliasMethods } = require('./aliases');

class Registry {
  /**
   * @param {object} o
   * @param {string} o.region @param {string} o.accountId @param {number} o.updateDelayMs
   * @param {string} o.workDir  code lives in workDir/code/<name>/<sha256 hex>
   * @param {string|null} o.statePath  JSON file persisting the state, or null
   * @param {(name:string)=>void} o.onChange  called when what a function's invocations run changes
   * @param {object} [o.mappingRun]  what running event source mappings needs (see mappings.js)
   */
  constructor({ region, accountId, updateDelayMs, workDir, statePath, onChange, mappingRun }) {
    this.region = region;
    this.accountId = accountId;
    this.updateDelayMs = updateDelayMs;
    this.workDir = workDir;
    this.persistence = createPersistence(statePath);
    this.onChange = onChange || (() => {});
    this.arns = makeArns(region, accountId);
    this.functions = new Map();
    this.timers = new UpdateTimers();
    const saved = this.persistence.load();
    for (const fn of saved.functions) {
      settle(fn.latest);
      fn.active = structuredClone(fn.latest);
      this.functions.set(fn.name, fn);
    }
    this.mappings = new EventSourceMappings(this, saved.eventSourceMappings, mappingRun);
  }

  save() {
    this.persistence.save({ functions: [...this.functions.values()], eventSourceMappings: this.mappings.records() });
  }

  // ---- lookups -----------------------------------------------------------------------------

  codeDir(name, rec) { return codeDir(this.workDir, name, rec); }

  /** The function named by `raw` (name or ARN); throws ResourceNotFoundException. */
  fn(raw, qualifierParam) {
    const { name, qualifier } = this.arns.parse(raw, qualifierParam);
    const fn = this.functions.get(name);
    if (!fn) throw notFound('Function', qualifier ? this.arns.qualified(name, qualifier) : this.arns.function(name));
    return { fn, qualifier };
  }

  /** Resolves a qualifier to { rec, version, alias? } for reads (the API's view of $LATEST). */
  resolve(fn, qualifier) {
    if (!qualifier || qualifier === '$LATEST') return { rec: fn.latest, version: '$LATEST' };
    if (/^\d+$/.test(qualifier)) {
      const rec = fn.versions[qualifier];
      if (!rec) throw notFound('Function', this.arns.qualified(fn.name, qualifier));
      return { rec, version: qualifier };
    }
    const alias = fn.aliases[qualifier];
    if (!alias) throw notFound('Function', this.arns.qualified(fn.name, qualifier));
    return { ...this.resolve(fn, alias.FunctionVersion), alias };
  }

  /** What an Invoke runs: the active record of the version the qualifier (or alias routing) picks. */
  resolveForInvoke(raw, qualifierParam) {
    const { fn, qualifier } = this.fn(raw, qualifierParam);
    let version = qualifier || '$LATEST';
    const alias = fn.aliases[version];
    if (alias) {
      version = alias.FunctionVersion;
      const weights = (alias.RoutingConfig && alias.RoutingConfig.AdditionalVersionWeights) || {};
      let r = Math.random();
      for (const [v, w] of Object.entries(weights)) {
        if (r < w) { version = v; break; }
        r -= w;
      }
    }
    if (version === '$LATEST') {
      if (fn.latest.State === 'Pending') {
        throw conflict('The operation cannot be performed at this time. The function is currently in the following state: Pending');
      }
      return { fn, rec: fn.active, version, invokedArn: this.invokedArn(fn.name, qualifier) };
    }
    const rec = fn.versions[version];
    if (!rec) throw notFound('Function', this.arns.qualified(fn.name, qualifier || version));
    return { fn, rec, version, invokedArn: this.invokedArn(fn.name, qualifier) };
  }

  invokedArn(name, qualifier) { return qualifier ? this.arns.qualified(name, qualifier) : this.arns.function(name); }

  /** FunctionConfiguration of `rec`; `qualified` makes FunctionArn end in :version. */
  render(fn, rec, qualified) {
    const arn = qualified ? this.arns.qualified(fn.name, rec.Version) : this.arns.function(fn.name);
    return cfg.render(rec, { name: fn.name, arn, region: this.region });
  }

  // ---- whole-account -----------------------------------------------------------------------

  /** Deletes every function and mapping (and their code). */
  reset() {
    this.timers.clear();
    const names = [...this.functions.keys()];
    this.functions.clear();
    this.mappings.clear();
    this.save();
    for (const n of names) this.onChange(n);
    removeCode(this.workDir);
  }

  async close() {
    this.timers.clear();
    await this.mappings.close();
  }
}

Object.assign(Registry.prototype, functionMethods, versionMethods, aliasMethods);

module.exports = { Registry };
