'use strict';
// Deterministic items for a table spec: the same (spec, count, seed) always gives the same
// items. Keys and index keys follow the spec's AttributeDefinitions; the other attributes cover
// every DynamoDB type (S, N, B, SS, NS, BS, L, M, BOOL, NULL).

const { prng } = require('../faults');

const WORDS = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'hotel', 'india', 'juliett',
  'kilo', 'lima', 'mike', 'november', 'oscar', 'papa', 'quebec', 'romeo', 'sierra', 'tango'];

/** The key attributes of a spec: table keys and every index key, with their types. */
function keyAttributes(spec) {
  const types = new Map((spec.AttributeDefinitions || []).map((a) => [a.AttributeName, a.AttributeType]));
  const roles = new Map();
  for (const k of spec.KeySchema || []) roles.set(k.AttributeName, k.KeyType === 'HASH' ? 'hash' : 'range');
  for (const idx of [...(spec.GlobalSecondaryIndexes || []), ...(spec.LocalSecondaryIndexes || [])]) {
    for (const k of idx.KeySchema) if (!roles.has(k.AttributeName)) roles.set(k.AttributeName, 'index');
  }
  return [...roles].map(([name, role]) => ({ name, role, type: types.get(name) || 'S' }));
}

function keyValue(attr, i, hasRange) {
  // With a range key, items share partitions (i % 50); without one, each hash is unique.
  let n = i;
  if (attr.role === 'hash' && hasRange) n = i % 50;
  if (attr.role === 'index') n = i % 7;
  const pad = String(n).padStart(8, '0');
  if (attr.type === 'N') return { N: String(n) };
  if (attr.type === 'B') return { B: Buffer.from(`${attr.name}-${pad}`).toString('base64') };
  return { S: `${attr.name}-${pad}` };
}

/**
 * Returns `count` items for `spec`, deterministic in `seed`. With `itemBytes`, each item also
 * carries a `padding` string that brings its size (as DynamoDB counts it: names plus values) to
 * about that many bytes: a table of several 1 MB Scan pages with few items.
 */
function generateItems(spec, { count, seed = 1, itemBytes = 0 }) {
  const keys = keyAttributes(spec);
  const hasRange = keys.some((k) => k.role === 'range');
  const items = [];
  for (let i = 0; i < count; i++) {
    const r = prng(((seed >>> 0) * 2654435761 + i) >>> 0);
    const pick = () => WORDS[Math.floor(r() * WORDS.length)];
    const item = {};
    for (const k of keys) item[k.name] = keyValue(k, i, hasRange);
    item.title = { S: `${pick()} ${pick()} ${i}` };
    item.amount = { N: String(Math.floor(r() * 100000) / 100) };
    item.created_at = { N: String(1700000000 + i * 37) };
    item.active = { BOOL: r() < 0.5 };
    if (i % 3 === 0) item.blob = { B: Buffer.from(`blob-${seed}-${i}-${pick()}`).toString('base64') };
    if (i % 4 === 0) item.tags = { SS: [...new Set([pick(), pick(), pick()])] };
    if (i % 5 === 0) item.scores = { NS: [...new Set([String(i), String(i * 2 + 1), String(Math.floor(r() * 1000))])] };
    if (i % 7 === 0) item.chunks = { BS: [Buffer.from(`c1-${i}`).toString('base64'), Buffer.from(`c2-${i}`).toString('base64')] };
    if (i % 2 === 0) item.history = { L: [{ S: pick() }, { N: String(i) }, { BOOL: i % 4 === 0 }, { NULL: true }] };
    item.meta = { M: { source: { S: pick() }, version: { N: String(1 + (i % 9)) }, nested: { M: { flag: { BOOL: r() < 0.3 }, note: { S: pick() } } } } };
    if (i % 6 === 0) item.deleted_at = { NULL: true };
    const missing = itemBytes - approximateSize(item) - 'padding'.length;
    if (missing > 0) item.padding = { S: pick().repeat(Math.ceil(missing / 4)).slice(0, missing) };
    items.push(item);
  }
  return items;
}

/** About DynamoDB's item size: attribute names plus values, as their JSON text (an overestimate). */
function approximateSize(item) {
  let bytes = 0;
  for (const [name, value] of Object.entries(item)) bytes += name.length + JSON.stringify(value).length;
  return bytes;
}

module.exports = { generateItems, keyAttributes };
