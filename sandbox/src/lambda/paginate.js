'use strict';
// Lambda's list paging: an opaque Marker naming the last key returned, MaxItems capped per page.

const { invalid, validation } = require('./errors');

const LIST_PAGE_MAX = 50;

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

module.exports = { paginate };
