'use strict';
// Published versions: PublishVersion (a snapshot of $LATEST, reused when nothing changed) and
// ListVersionsByFunction. Mixed into Registry (registry.js); `this` is the registry.

const crypto = require('node:crypto');

const cfg = require('./configuration');
const { lambdaTimestamp } = require('./names');
const { invalid } = require('./errors');
const { paginate } = require('./paginate');

/** A function's version numbers, ascending, as strings. */
function versionNumbers(fn) {
  return Object.keys(fn.versions).map(Number).sort((a, b) => a - b).map(String);
}

const versionMethods = {
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
  },

  listVersions(raw, { Marker, MaxItems }) {
    const { fn } = this.fn(raw);
    const entries = [{ key: [fn.name, 0], out: () => this.render(fn, fn.latest, true) }];
    for (const v of versionNumbers(fn)) entries.push({ key: [fn.name, Number(v)], out: () => this.render(fn, fn.versions[v], true) });
    const page = paginate(entries, Marker, MaxItems);
    return { ...(page.next ? { NextMarker: page.next } : {}), Versions: page.items };
  },
};

module.exports = { versionMethods, versionNumbers };
