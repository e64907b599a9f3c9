'use strict';
// Lambda's event filtering (FilterCriteria.Filters[].Pattern, the EventBridge-style pattern
// syntax): a record passes when any filter matches it. Within a pattern, every key must match
// (AND); a key's list of conditions matches when any of them does (OR). Conditions: exact
// values (string, number, null), {"prefix"}, {"suffix"}, {"equals-ignore-case"}, {"exists"},
// {"anything-but": value | [values] | {"prefix"}}, {"numeric": [op, n, (op, n)]}. A DynamoDB
// number ({"N": "12"}) is a string in the record; numeric conditions read it as a number, as
// Lambda does.

const { invalid } = require('../errors');

const INVALID = 'Invalid filter pattern definition.';

/** Parses FilterCriteria into a predicate on an event record; throws InvalidParameterValueException. */
function compileFilters(criteria) {
  const filters = (criteria && criteria.Filters) || [];
  if (!Array.isArray(filters)) throw invalid(INVALID);
  const patterns = filters.map((f) => {
    let p;
    try { p = JSON.parse(f && f.Pattern); } catch { throw invalid(INVALID); }
    checkPattern(p);
    return p;
  });
  if (!patterns.length) return () => true;
  return (record) => patterns.some((p) => matchObject(p, record));
}

function checkPattern(p) {
  if (!p || typeof p !== 'object' || Array.isArray(p)) throw invalid(INVALID);
  for (const v of Object.values(p)) {
    if (Array.isArray(v)) {
      for (const c of v) if (c && typeof c === 'object' && !isCondition(c)) throw invalid(INVALID);
    } else {
      checkPattern(v);
    }
  }
}

const CONDITIONS = new Set(['prefix', 'suffix', 'equals-ignore-case', 'exists', 'anything-but', 'numeric']);
function isCondition(c) {
  const keys = Object.keys(c);
  return keys.length === 1 && CONDITIONS.has(keys[0]);
}

function matchObject(pattern, value) {
  for (const [key, sub] of Object.entries(pattern)) {
    const has = value !== null && typeof value === 'object' && Object.prototype.hasOwnProperty.call(value, key);
    const v = has ? value[key] : undefined;
    if (Array.isArray(sub)) {
      if (!matchConditions(sub, has, v)) return false;
    } else if (!has || !matchObject(sub, v)) {
      return false;
    }
  }
  return true;
}

/** One key's conditions against its value (an array value matches when any element does). */
function matchConditions(conditions, has, v) {
  return conditions.some((c) => {
    if (c && typeof c === 'object' && 'exists' in c) return c.exists ? has && v !== undefined : !has;
    if (!has) return false;
    const values = Array.isArray(v) ? v : [v];
    return values.some((x) => matchOne(c, x));
  });
}

function matchOne(c, x) {
  if (c === null || typeof c !== 'object') {
    if (typeof c === 'number') return asNumber(x) === c;
    return x === c;
  }
  if ('prefix' in c) return typeof x === 'string' && x.startsWith(c.prefix);
  if ('suffix' in c) return typeof x === 'string' && x.endsWith(c.suffix);
  if ('equals-ignore-case' in c) return typeof x === 'string' && x.toLowerCase() === String(c['equals-ignore-case']).toLowerCase();
  if ('anything-but' in c) {
    const ab = c['anything-but'];
    if (ab && typeof ab === 'object' && !Array.isArray(ab) && 'prefix' in ab) return typeof x === 'string' && !x.startsWith(ab.prefix);
    return ![].concat(ab).some((y) => matchOne(y, x));
  }
  if ('numeric' in c) return matchNumeric(c.numeric, asNumber(x));
  return false;
}

function asNumber(x) {
  if (typeof x === 'number') return x;
  if (typeof x === 'string' && x.trim() !== '' && Number.isFinite(Number(x))) return Number(x);
  return NaN;
}

function matchNumeric(spec, n) {
  if (!Array.isArray(spec) || Number.isNaN(n)) return false;
  for (let i = 0; i + 1 < spec.length; i += 2) {
    const [op, ref] = [spec[i], Number(spec[i + 1])];
    const ok = { '=': n === ref, '<': n < ref, '<=': n <= ref, '>': n > ref, '>=': n >= ref }[op];
    if (!ok) return false;
  }
  return true;
}

module.exports = { compileFilters };
