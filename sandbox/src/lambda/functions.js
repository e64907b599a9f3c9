'use strict';
// Functions: Create/Get/List/Update(Configuration|Code)/DeleteFunction on the registry, and how an
// update moves along (State Pending → Active, LastUpdateStatus InProgress → Successful after
// updateDelayMs). Mixed into Registry (registry.js); `this` is the registry.

const crypto = require('node:crypto');

const cfg = require('./configuration');
const { lambdaTimestamp, NAME_PATTERN } = require('./names');
const { notFound, invalid, conflict, updateInProgress, revisionMismatch, validation } = require('./errors');
const { codeZip, codeMembers, storeCode, removeCode } = require('./code');
const { settle } = require('./update-timers');
const { paginate } = require('./paginate');
const { versionNumbers } = require('./versions');

const functionMethods = {
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
  },

  storeCode(name, rec, zip) { storeCode(this.workDir, name, rec, zip); },

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
  },

  getConfiguration(raw, qualifierParam) {
    const { fn, qualifier } = this.fn(raw, qualifierParam);
    const { rec } = this.resolve(fn, qualifier);
    return this.render(fn, rec, Boolean(qualifier));
  },

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
  },

  updateConfiguration(raw, input) {
    const { fn } = this.fn(raw);
    this.checkUpdatable(fn, input.RevisionId);
    const next = cfg.applyUpdate(fn.latest, input);
    this.beginUpdate(fn, next);
    return this.render(fn, fn.latest, false);
  },

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
  },

  checkUpdatable(fn, revisionId) {
    if (fn.latest.State === 'Pending') {
      throw conflict('The operation cannot be performed at this time. The function is currently in the following state: Pending');
    }
    if (fn.latest.LastUpdateStatus === 'InProgress') throw updateInProgress(this.arns.function(fn.name));
    if (revisionId && revisionId !== fn.latest.RevisionId) throw revisionMismatch();
  },

  beginUpdate(fn, next) {
    Object.assign(next, {
      LastModified: lambdaTimestamp(), RevisionId: crypto.randomUUID(), LastUpdateStatus: 'InProgress',
      LastUpdateStatusReason: 'The function is being created.', LastUpdateStatusReasonCode: 'Creating',
    });
    fn.latest = next;
    this.scheduleSettle(fn);
    this.save();
  },

  /** After updateDelayMs: State Active, LastUpdateStatus Successful (a new RevisionId, as on AWS). */
  scheduleSettle(fn) {
    this.timers.schedule(fn.name, this.updateDelayMs, () => this.settleNow(fn));
  },

  settleNow(fn) {
    this.timers.cancel(fn.name);
    if (this.functions.get(fn.name) !== fn) return;
    if (settle(fn.latest)) fn.latest.RevisionId = crypto.randomUUID();
    fn.active = structuredClone(fn.latest);
    this.save();
    this.onChange(fn.name);
  },

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
    this.timers.cancel(fn.name);
    this.functions.delete(fn.name);
    this.mappings.dropFunction(fn.name);
    this.save();
    this.onChange(fn.name);
    removeCode(this.workDir, fn.name);
  },
};

module.exports = { functionMethods };
