'use strict';
// The Lambda control plane's state: functions ($LATEST, published versions, aliases), their code
// on disk, event source mappings, and the timers that move State and LastUpdateStatus along.
// Every operation here takes and returns plain values in the API's shapes; HTTP lives in api.js.
//
// $LATEST has two records: `latest`, what the API shows (updated at once, LastUpdateStatus
// InProgress for updateDelayMs), and `active`, what invocations run. As on AWS, invocations keep
// running the previous configuration until the update completes.

const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const AdmZip = require('adm-zip');

const cfg = require('./configuration');
const { makeArns, lambdaTimestamp, NAME_PATTERN } = require('./names');
const { LambdaError, notFound, invalid, conflict, updateInProgress, revisionMismatch, validation } = require('./errors');

const LIST_PAGE_MAX = 50;

class Registry {
  /**
   * @param {object} o
   * @param {string} o.region @param {string} o.accountId @param {number} o.updateDelayMs
   * @param {string} o.workDir  code lives in workDir/code/<name>/<sha256 hex>
   * @param {string|null} o.statePath  JSON file persisting the state, or null
   * @param {(name:string)=>void} o.onChange  called when what a function's invocations run changes
   */
  constructor({ region, accountId, updateDelayMs, workDir, statePath, onChange }) {
    this.region = region;
    this.accountId = accountId;
    this.updateDelayMs = updateDelayMs;
    this.workDir = workDir;
    this.statePath = statePath;
    this.onChange = onChange || (() => {});
    this.arns = makeArns(region, accountId);
    this.functions = new Map();
    this.mappings = new Map();
    this.timers = new Map();
    this.load();
  }

  // ---- persistence -------------------------------------------------------------------------

  load() {
    if (!this.statePath || !fs.existsSync(this.statePath)) return;
    const state = JSON.parse(fs.readFileSync(this.statePath, 'utf8'));
    for (const fn of state.functions || []) {
      settle(fn.latest);
      fn.active = structuredClone(fn.latest);
      this.functions.set(fn.name, fn);
    }
    for (const m of state.eventSourceMappings || []) this.mappings.set(m.UUID, m);
  }

  save() {
    if (!this.statePath) return;
    const state = { functions: [...this.functions.values()], eventSourceMappings: [...this.mappings.values()] };
    const tmp = `${this.statePath}.${process.pid}.tmp`;
    fs.mkdirSync(path.dirname(this.statePath), { recursive: true });
    fs.writeFileSync(tmp, JSON.stringify(state));
    fs.renameSync(tmp, this.statePath);
  }

  // ---- lookups -----------------------------------------------------------------------------

  codeDir(name, rec) { return path.join(this.workDir, 'code', name, rec._codeKey); }

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

  // ---- functions ---------------------------------------------------------------------------

  /**
   * CreateFunction. `immediate` (scenario loading) makes the function Active at once instead of
   * Pending for updateDelayMs.
   */
  createFunction(input, { immediate = false } = {}) {
    if (!input.FunctionName) throw validation('null', 'functionName', 'Member must not be null');
    if (!input.Role) throw validation('null', 'role', 'Member must not be null');
    const { name } = this.arns.parse(input.FunctionName);
    if (!NAME_PATTERN.test(name)) throw invalid(`Invalid function name: ${input.FunctionName}`);
    if (this.functions.has(name)) throw conflict(`Function already exist: ${name}`);
    const rec = cfg.fromCreateInput(input);
    const zip = codeZip(input.Code);
    const now = lambdaTimestamp();
    Object.assign(rec, codeMembers(zip), { LastModified: now, Version: '$LATEST', RevisionId: crypto.randomUUID() });
    this.storeCode(name, rec, zip);
    if (immediate) {
      Object.assign(rec, { State: 'Active', LastUpdateStatus: 'Successful' });
    } else {
      Object.assign(rec, {
        State: 'Pending', StateReason: 'The function is being created.', StateReasonCode: 'Creating',
        LastUpdateStatus: 'InProgress', LastUpdateStatusReason: 'The function is being created.', LastUpdateStatusReasonCode: 'Creating',
      });
    }
    const fn = {
      name, latest: rec, active: structuredClone(rec), versions: {}, nextVersion: 1, aliases: {},
      tags: { ...(input.Tags || {}) }, createdAt: now,
    };
    this.functions.set(name, fn);
    let out = this.render(fn, rec, false);
    if (!immediate) this.scheduleSettle(fn);
    if (input.Publish) {
      if (!immediate) this.settleNow(fn);
      out = this.publishVersion(name, {});
    }
    this.save();
    return out;
  }

  storeCode(name, rec, zip) {
    const dir = this.codeDir(name, rec);
    if (fs.existsSync(dir)) return;
    const tmp = `${dir}.${process.pid}.${Date.now()}.tmp`;
    try {
      new AdmZip(zip).extractAllTo(tmp, true);
    } catch (e) {
      fs.rmSync(tmp, { recursive: true, force: true });
      throw invalid('Could not unzip uploaded file. Please check your file, then try to upload again.');
    }
    fs.renameSync(tmp, dir);
  }

  getFunction(raw, qualifierParam) {
    const { fn, qualifier } = this.fn(raw, qualifierParam);
    const { rec } = this.resolve(fn, qualifier);
    const out = {
      Configuration: this.render(fn, rec, Boolean(qualifier)),
      Code: {
        RepositoryType: 'S3',
        Location: `https://awslambda-${this.region}-tasks.s3.${this.region}.amazonaws.com/snapshots/${this.accountId}/${fn.name}-${rec._codeKey.slice(0, 36)}?versionId=sandbox`,
      },
    };
    if (Object.keys(fn.tags).length) out.Tags = { ...fn.tags };
    return out;
  }

  getConfiguration(raw, qualifierParam) {
    const { fn, qualifier } = this.fn(raw, qualifierParam);
    const { rec } = this.resolve(fn, qualifier);
    return this.render(fn, rec, Boolean(qualifier));
  }

  listFunctions({ FunctionVersion, Marker, MaxItems }) {
    if (FunctionVersion && FunctionVersion !== 'ALL') {
      throw validation(FunctionVersion, 'functionVersion', 'Member must satisfy enum value set: [ALL]');
    }
    const entries = [];
    for (const name of [...this.functions.keys()].sort()) {
      const fn = this.functions.get(name);
      entries.push({ key: [name, 0], out: () => this.render(fn, fn.latest, FunctionVersion === 'ALL') });
      if (FunctionVersion === 'ALL') {
        for (const v of versionNumbers(fn)) entries.push({ key: [name, Number(v)], out: () => this.render(fn, fn.versions[v], true) });
      }
    }
    const page = paginate(entries, Marker, MaxItems);
    return { ...(page.next ? { NextMarker: page.next } : {}), Functions: page.items };
  }

  updateConfiguration(raw, input) {
    const { fn } = this.fn(raw);
    this.checkUpdatable(fn, input.RevisionId);
    const next = cfg.applyUpdate(fn.latest, input);
    this.beginUpdate(fn, next);
    return this.render(fn, fn.latest, false);
  }

  updateCode(raw, input) {
    const { fn } = this.fn(raw);
    this.checkUpdatable(fn, input.RevisionId);
    if (!input.ZipFile) throw invalid('Please provide a source for function code (ZipFile); S3 and image sources are not available in the sandbox.');
    const zip = Buffer.from(input.ZipFile, 'base64');
    const next = structuredClone(fn.latest);
    Object.assign(next, codeMembers(zip));
    if (input.Architectures && input.Architectures.length) next.Architectures = [...input.Architectures];
    this.storeCode(fn.name, next, zip);
    this.beginUpdate(fn, next);
    const out = input.Publish ? (this.settleNow(fn), this.publishVersion(fn.name, {})) : this.render(fn, fn.latest, false);
    return out;
  }

  checkUpdatable(fn, revisionId) {
    if (fn.latest.State === 'Pending') {
      throw conflict('The operation cannot be performed at this time. The function is currently in the following state: Pending');
    }
    if (fn.latest.LastUpdateStatus === 'InProgress') throw updateInProgress(this.arns.function(fn.name));
    if (revisionId && revisionId !== fn.latest.RevisionId) throw revisionMismatch();
  }

  beginUpdate(fn, next) {
    Object.assign(next, {
      LastModified: lambdaTimestamp(), RevisionId: crypto.randomUUID(), LastUpdateStatus: 'InProgress',
      LastUpdateStatusReason: 'The function is being created.', LastUpdateStatusReasonCode: 'Creating',
    });
    fn.latest = next;
    this.scheduleSettle(fn);
    this.save();
  }

  /** After updateDelayMs: State Active, LastUpdateStatus Successful (a new RevisionId, as on AWS). */
  scheduleSettle(fn) {
    clearTimeout(this.timers.get(fn.name));
    const timer = setTimeout(() => this.settleNow(fn), this.updateDelayMs);
    timer.unref();
    this.timers.set(fn.name, timer);
  }

  settleNow(fn) {
    clearTimeout(this.timers.get(fn.name));
    this.timers.delete(fn.name);
    if (this.functions.get(fn.name) !== fn) return;
    if (settle(fn.latest)) fn.latest.RevisionId = crypto.randomUUID();
    fn.active = structuredClone(fn.latest);
    this.save();
    this.onChange(fn.name);
  }

  deleteFunction(raw, qualifierParam) {
    const { fn, qualifier } = this.fn(raw, qualifierParam);
    if (qualifier === '$LATEST') throw invalid('$LATEST version cannot be deleted without deleting the function.');
    if (qualifier) {
      if (!/^\d+$/.test(qualifier)) throw invalid('Deletion of aliases is not supported.');
      if (!fn.versions[qualifier]) throw notFound('Function', this.arns.qualified(fn.name, qualifier));
      const using = Object.values(fn.aliases).filter((a) => a.FunctionVersion === qualifier
        || Object.keys((a.RoutingConfig && a.RoutingConfig.AdditionalVersionWeights) || {}).includes(qualifier));
      if (using.length) {
        throw conflict(`Unable to delete version because the following aliases reference it: [${using.map((a) => a.Name).join(', ')}]`);
      }
      delete fn.versions[qualifier];
      this.save();
      this.onChange(fn.name);
      return;
    }
    clearTimeout(this.timers.get(fn.name));
    this.timers.delete(fn.name);
    this.functions.delete(fn.name);
    for (const [uuid, m] of this.mappings) if (m._function === fn.name) this.mappings.delete(uuid);
    this.save();
    this.onChange(fn.name);
    fs.rmSync(path.join(this.workDir, 'code', fn.name), { recursive: true, force: true });
  }

  // ---- versions ----------------------------------------------------------------------------

  publishVersion(raw, input, { force = false } = {}) {
    const { fn } = this.fn(raw);
    this.checkUpdatable(fn, input.RevisionId);
    if (input.CodeSha256 && input.CodeSha256 !== fn.latest.CodeSha256) {
      throw invalid(`CodeSHA256 (${input.CodeSha256}) is different from current CodeSHA256 in $LATEST (${fn.latest.CodeSha256}). Please try again with the CodeSHA256 in $LATEST.`);
    }
    const d = cfg.digest(fn.latest);
    const numbers = versionNumbers(fn);
    const last = numbers.length ? fn.versions[numbers[numbers.length - 1]] : null;
    if (!force && last && last._digest === d) return this.render(fn, last, true);
    const version = String(fn.nextVersion++);
    const rec = structuredClone(fn.latest);
    Object.assign(rec, {
      Version: version, RevisionId: crypto.randomUUID(), LastModified: lambdaTimestamp(), _digest: d,
      State: 'Active', LastUpdateStatus: 'Successful',
    });
    if (input.Description !== undefined) rec.Description = input.Description;
    fn.versions[version] = rec;
    this.save();
    return this.render(fn, rec, true);
  }

  listVersions(raw, { Marker, MaxItems }) {
    const { fn } = this.fn(raw);
    const entries = [{ key: [fn.name, 0], out: () => this.render(fn, fn.latest, true) }];
    for (const v of versionNumbers(fn)) entries.push({ key: [fn.name, Number(v)], out: () => this.render(fn, fn.versions[v], true) });
    const page = paginate(entries, Marker, MaxItems);
    return { ...(page.next ? { NextMarker: page.next } : {}), Versions: page.items };
  }

  // ---- aliases -----------------------------------------------------------------------------

  renderAlias(fn, a) {
    const out = { AliasArn: this.arns.qualified(fn.name, a.Name), Name: a.Name, FunctionVersion: a.FunctionVersion, Description: a.Description || '' };
    if (a.RoutingConfig) out.RoutingConfig = structuredClone(a.RoutingConfig);
    out.RevisionId = a.RevisionId;
    return out;
  }

  checkAliasTarget(fn, version, routing) {
    if (version !== '$LATEST' && !fn.versions[version]) throw notFound('Function', this.arns.qualified(fn.name, version));
    for (const v of Object.keys((routing && routing.AdditionalVersionWeights) || {})) {
      if (!fn.versions[v]) throw notFound('Function', this.arns.qualified(fn.name, v));
    }
  }

  createAlias(raw, input) {
    const { fn } = this.fn(raw);
    const name = input.Name;
    if (!name || !/^(?!^[0-9]+$)([a-zA-Z0-9-_]+)$/.test(name) || name === '$LATEST') {
      throw validation(name, 'name', 'Member must satisfy regular expression pattern: (?!^[0-9]+$)([a-zA-Z0-9-_]+)');
    }
    if (!input.FunctionVersion) throw validation('null', 'functionVersion', 'Member must not be null');
    if (fn.aliases[name]) throw conflict(`Alias already exists: ${this.arns.qualified(fn.name, name)}`);
    this.checkAliasTarget(fn, input.FunctionVersion, input.RoutingConfig);
    const a = { Name: name, FunctionVersion: input.FunctionVersion, Description: input.Description || '', RevisionId: crypto.randomUUID() };
    if (input.RoutingConfig && Object.keys(input.RoutingConfig.AdditionalVersionWeights || {}).length) a.RoutingConfig = structuredClone(input.RoutingConfig);
    fn.aliases[name] = a;
    this.save();
    return this.renderAlias(fn, a);
  }

  alias(fn, name) {
    const a = fn.aliases[name];
    if (!a) throw notFound('Alias', this.arns.qualified(fn.name, name));
    return a;
  }

  getAlias(raw, name) {
    const { fn } = this.fn(raw);
    return this.renderAlias(fn, this.alias(fn, name));
  }

  listAliases(raw, { FunctionVersion, Marker, MaxItems }) {
    const { fn } = this.fn(raw);
    const entries = Object.keys(fn.aliases).sort()
      .filter((n) => !FunctionVersion || fn.aliases[n].FunctionVersion === FunctionVersion)
      .map((n) => ({ key: [n, 0], out: () => this.renderAlias(fn, fn.aliases[n]) }));
    const page = paginate(entries, Marker, MaxItems);
    return { ...(page.next ? { NextMarker: page.next } : {}), Aliases: page.items };
  }

  updateAlias(raw, name, input) {
    const { fn } = this.fn(raw);
    const a = this.alias(fn, name);
    if (input.RevisionId && input.RevisionId !== a.RevisionId) throw revisionMismatch();
    const version = input.FunctionVersion || a.FunctionVersion;
    const routing = input.RoutingConfig !== undefined ? input.RoutingConfig : a.RoutingConfig;
    this.checkAliasTarget(fn, version, routing);
    a.FunctionVersion = version;
    if (input.Description !== undefined) a.Description = input.Description;
    if (input.RoutingConfig !== undefined) {
      if (input.RoutingConfig && Object.keys(input.RoutingConfig.AdditionalVersionWeights || {}).length) a.RoutingConfig = structuredClone(input.RoutingConfig);
      else delete a.RoutingConfig;
    }
    a.RevisionId = crypto.randomUUID();
    this.save();
    return this.renderAlias(fn, a);
  }

  deleteAlias(raw, name) {
    const { fn } = this.fn(raw);
    this.alias(fn, name);
    delete fn.aliases[name];
    this.save();
  }

  // ---- event source mappings (stored, not run) ---------------------------------------------

  createMapping(input) {
    if (!input.FunctionName) throw validation('null', 'functionName', 'Member must not be null');
    const { fn, qualifier } = this.fn(input.FunctionName);
    if (qualifier) this.resolve(fn, qualifier);
    if (input.EventSourceArn) {
      for (const m of this.mappings.values()) {
        if (m.EventSourceArn === input.EventSourceArn && m.FunctionArn === this.invokedArn(fn.name, qualifier)) {
          throw conflict(`The event source arn (" ${input.EventSourceArn} ") and function (" ${fn.name} ") provided mapping already exists. Please update or delete the existing mapping with UUID ${m.UUID}`);
        }
      }
    }
    const isStream = /:dynamodb:|:kinesis:/.test(input.EventSourceArn || '');
    const m = {
      UUID: crypto.randomUUID(),
      ...(input.StartingPosition ? { StartingPosition: input.StartingPosition } : {}),
      BatchSize: input.BatchSize || (isStream ? 100 : 10),
      MaximumBatchingWindowInSeconds: input.MaximumBatchingWindowInSeconds || 0,
      ...(isStream ? { ParallelizationFactor: input.ParallelizationFactor || 1 } : {}),
      EventSourceArn: input.EventSourceArn,
      ...(input.FilterCriteria ? { FilterCriteria: structuredClone(input.FilterCriteria) } : {}),
      FunctionArn: this.invokedArn(fn.name, qualifier),
      LastModified: Date.now() / 1000,
      ...(isStream ? { LastProcessingResult: 'No records processed' } : {}),
      State: input.Enabled === false ? 'Disabled' : 'Enabled',
      StateTransitionReason: 'User action',
      ...(isStream ? {
        DestinationConfig: structuredClone(input.DestinationConfig || { OnFailure: {} }),
        MaximumRecordAgeInSeconds: input.MaximumRecordAgeInSeconds ?? -1,
        BisectBatchOnFunctionError: Boolean(input.BisectBatchOnFunctionError),
        MaximumRetryAttempts: input.MaximumRetryAttempts ?? -1,
        TumblingWindowInSeconds: input.TumblingWindowInSeconds || 0,
      } : {}),
      FunctionResponseTypes: [...(input.FunctionResponseTypes || [])],
      _function: fn.name,
    };
    this.mappings.set(m.UUID, m);
    this.save();
    return renderMapping(m);
  }

  mapping(uuid) {
    const m = this.mappings.get(uuid);
    if (!m) throw new LambdaError('ResourceNotFoundException', 'The resource you requested does not exist.');
    return m;
  }

  getMapping(uuid) { return renderMapping(this.mapping(uuid)); }

  updateMapping(uuid, input) {
    const m = this.mapping(uuid);
    for (const k of ['BatchSize', 'MaximumBatchingWindowInSeconds', 'ParallelizationFactor', 'MaximumRecordAgeInSeconds',
      'BisectBatchOnFunctionError', 'MaximumRetryAttempts', 'TumblingWindowInSeconds', 'FunctionResponseTypes', 'FilterCriteria', 'DestinationConfig']) {
      if (input[k] !== undefined) m[k] = structuredClone(input[k]);
    }
    if (input.Enabled !== undefined) m.State = input.Enabled ? 'Enabled' : 'Disabled';
    if (input.FunctionName) {
      const { fn, qualifier } = this.fn(input.FunctionName);
      m.FunctionArn = this.invokedArn(fn.name, qualifier);
      m._function = fn.name;
    }
    m.LastModified = Date.now() / 1000;
    this.save();
    return renderMapping(m);
  }

  deleteMapping(uuid) {
    const m = this.mapping(uuid);
    this.mappings.delete(uuid);
    this.save();
    return { ...renderMapping(m), State: 'Deleting' };
  }

  listMappings({ FunctionName, EventSourceArn, Marker, MaxItems }) {
    let target = null;
    if (FunctionName) {
      const { fn, qualifier } = this.fn(FunctionName);
      target = { name: fn.name, arn: qualifier ? this.invokedArn(fn.name, qualifier) : null };
    }
    const entries = [...this.mappings.values()]
      .filter((m) => !EventSourceArn || m.EventSourceArn === EventSourceArn)
      .filter((m) => !target || (target.arn ? m.FunctionArn === target.arn : m._function === target.name))
      .sort((a, b) => (a.UUID < b.UUID ? -1 : 1))
      .map((m) => ({ key: [m.UUID, 0], out: () => renderMapping(m) }));
    const page = paginate(entries, Marker, MaxItems, 100);
    return { ...(page.next ? { NextMarker: page.next } : {}), EventSourceMappings: page.items };
  }

  // ---- whole-account -----------------------------------------------------------------------

  /** Deletes every function and mapping (and their code). */
  reset() {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    const names = [...this.functions.keys()];
    this.functions.clear();
    this.mappings.clear();
    this.save();
    for (const n of names) this.onChange(n);
    fs.rmSync(path.join(this.workDir, 'code'), { recursive: true, force: true });
  }

  close() {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }
}

/** Marks a record Active/Successful; true if anything changed. */
function settle(rec) {
  const changed = rec.State !== 'Active' || rec.LastUpdateStatus !== 'Successful';
  rec.State = 'Active';
  rec.LastUpdateStatus = 'Successful';
  for (const k of ['StateReason', 'StateReasonCode', 'LastUpdateStatusReason', 'LastUpdateStatusReasonCode']) delete rec[k];
  return changed;
}

function codeZip(code) {
  if (!code || !code.ZipFile) {
    throw invalid('Please provide a source for function code (Code.ZipFile); S3 and image sources are not available in the sandbox.');
  }
  return Buffer.from(code.ZipFile, 'base64');
}

function codeMembers(zip) {
  const sha = crypto.createHash('sha256').update(zip).digest();
  return { CodeSha256: sha.toString('base64'), CodeSize: zip.length, _codeKey: sha.toString('hex') };
}

function versionNumbers(fn) {
  return Object.keys(fn.versions).map(Number).sort((a, b) => a - b).map(String);
}

function renderMapping(m) {
  const { _function, ...out } = m;
  return structuredClone(out);
}

/**
 * One page of `entries` (sorted by key) after the opaque Marker; the next marker names the last
 * key returned, so deletions between pages neither repeat nor skip entries.
 */
function paginate(entries, marker, maxItems, pageMax = LIST_PAGE_MAX) {
  let start = 0;
  if (marker) {
    let after;
    try {
      after = JSON.parse(Buffer.from(marker, 'base64url').toString('utf8'));
      if (!Array.isArray(after) || after.length !== 2) throw new Error('bad');
    } catch {
      throw invalid(`Invalid marker: ${marker}`);
    }
    start = entries.findIndex((e) => compareKeys(e.key, after) > 0);
    if (start < 0) start = entries.length;
  }
  let limit = pageMax;
  if (maxItems !== undefined && maxItems !== null && maxItems !== '') {
    const n = Number(maxItems);
    if (!Number.isInteger(n) || n < 1 || n > 10000) throw validation(maxItems, 'maxItems', 'Member must have value between 1 and 10000');
    limit = Math.min(n, pageMax);
  }
  const slice = entries.slice(start, start + limit);
  const more = start + limit < entries.length;
  return {
    items: slice.map((e) => e.out()),
    next: more ? Buffer.from(JSON.stringify(slice[slice.length - 1].key)).toString('base64url') : null,
  };
}

function compareKeys(a, b) {
  if (a[0] !== b[0]) return a[0] < b[0] ? -1 : 1;
  return a[1] - b[1];
}

module.exports = { Registry };
