'use strict';
// Fault injection: per operation, throttling at a rate, 500s at a rate, partial BatchWriteItem
// (UnprocessedItems) at a rate, and added latency. Decisions come from a seedable PRNG so a
// run with --fault-seed is reproducible.

/** mulberry32: a small, fast, seedable PRNG returning floats in [0, 1). */
function prng(seed) {
  let a = seed >>> 0;
  return function next() {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const EMPTY = Object.freeze({ throttleRate: 0, errorRate: 0, unprocessedRate: 0, latencyMs: 0, operations: null });

/** Validates and normalises a faults object (as POSTed to /_sandbox/faults); throws on bad input. */
function normalize(input) {
  const f = { ...EMPTY };
  for (const key of ['throttleRate', 'errorRate', 'unprocessedRate']) {
    if (input[key] === undefined) continue;
    const n = Number(input[key]);
    if (!(n >= 0 && n <= 1)) throw new Error(`${key} must be a number between 0 and 1`);
    f[key] = n;
  }
  if (input.latencyMs !== undefined) {
    const n = Number(input.latencyMs);
    if (!(n >= 0 && n <= 60000)) throw new Error('latencyMs must be a number between 0 and 60000');
    f.latencyMs = n;
  }
  if (input.operations !== undefined && input.operations !== null) {
    if (!Array.isArray(input.operations) || !input.operations.every((o) => typeof o === 'string')) {
      throw new Error('operations must be an array of operation names');
    }
    f.operations = input.operations.length ? [...input.operations] : null;
  }
  return Object.freeze(f);
}

/**
 * Holds the current fault settings. `decide(service, operation)` returns what to do with one
 * request: { latencyMs, fault: null | 'throttle' | 'error', unprocessed: bool }.
 * Operations match by bare name ("BatchWriteItem") or service-qualified ("Lambda.Invoke").
 */
function createFaults(initial = {}, seed = null) {
  let settings = normalize(initial);
  let opSet = settings.operations && new Set(settings.operations);
  let random = prng(seed === null || seed === undefined ? (Date.now() ^ process.pid) : seed);

  function applies(service, operation) {
    return !opSet || opSet.has(operation) || opSet.has(`${service}.${operation}`);
  }

  return {
    get() { return settings; },
    set(input, newSeed) {
      settings = normalize(input || {});
      opSet = settings.operations && new Set(settings.operations);
      if (newSeed !== undefined && newSeed !== null) random = prng(newSeed);
      return settings;
    },
    /** True when no fault can fire: the hot path skips all fault work. */
    get idle() { return !settings.throttleRate && !settings.errorRate && !settings.unprocessedRate && !settings.latencyMs; },
    decide(service, operation) {
      const d = { latencyMs: 0, fault: null, unprocessed: false };
      if (!applies(service, operation)) return d;
      d.latencyMs = settings.latencyMs;
      if (settings.throttleRate && random() < settings.throttleRate) d.fault = 'throttle';
      else if (settings.errorRate && random() < settings.errorRate) d.fault = 'error';
      else if (operation === 'BatchWriteItem' && settings.unprocessedRate && random() < settings.unprocessedRate) d.unprocessed = true;
      return d;
    },
    random: () => random(),
  };
}

/**
 * Splits a BatchWriteItem request: removes a random, non-empty subset of its write requests.
 * Returns { forward: request with the kept items (tables left empty are dropped),
 * unprocessed: { table: [requests...] } }. `random` is the PRNG.
 */
function splitBatch(request, random) {
  const forward = {};
  const unprocessed = {};
  const all = [];
  for (const [table, writes] of Object.entries(request.RequestItems || {})) {
    writes.forEach((w, i) => all.push([table, i]));
  }
  if (all.length === 0) return { forward: request, unprocessed };
  // Withhold each item with probability 1/2, and at least one.
  const withheld = new Set();
  for (const [table, i] of all) if (random() < 0.5) withheld.add(`${table}\0${i}`);
  if (withheld.size === 0) {
    const [table, i] = all[Math.floor(random() * all.length)];
    withheld.add(`${table}\0${i}`);
  }
  for (const [table, writes] of Object.entries(request.RequestItems)) {
    writes.forEach((w, i) => {
      const target = withheld.has(`${table}\0${i}`) ? unprocessed : forward;
      (target[table] = target[table] || []).push(w);
    });
  }
  return { forward: { ...request, RequestItems: forward }, unprocessed };
}

module.exports = { createFaults, splitBatch, prng, normalize };
