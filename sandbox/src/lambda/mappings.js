'use strict';
// Event source mappings: Create/Get/List/Update/DeleteEventSourceMapping, with the State
// transitions Lambda reports (Creating → Enabled | Disabled, Enabling → Enabled, Disabling →
// Disabled, Updating → Enabled | Disabled, Deleting → gone, each after the transition delay), and
// a StreamPoller (event-source/poller.js) running each Enabled mapping on a DynamoDB stream.
// Checkpoints (per shard) and delivery facts persist with the mapping record.

const crypto = require('node:crypto');

const { LambdaError, conflict, invalid, validation } = require('./errors');
const { paginate } = require('./paginate');
const { compileFilters } = require('./event-source/filter');
const { StreamPoller } = require('./event-source/poller');

const SETTINGS = ['BatchSize', 'MaximumBatchingWindowInSeconds', 'ParallelizationFactor', 'MaximumRecordAgeInSeconds',
  'BisectBatchOnFunctionError', 'MaximumRetryAttempts', 'TumblingWindowInSeconds', 'FunctionResponseTypes', 'FilterCriteria', 'DestinationConfig'];
const TRANSITIONAL = new Set(['Creating', 'Enabling', 'Disabling', 'Updating', 'Deleting']);
const STREAM_ACTIONS = ['dynamodb:DescribeStream', 'dynamodb:GetShardIterator', 'dynamodb:GetRecords', 'dynamodb:ListStreams'];
const DYNAMODB_STREAM = /^arn:aws[a-zA-Z-]*:dynamodb:[^:]+:\d{12}:table\/[^/]+\/stream\/.+$/;

class EventSourceMappings {
  /**
   * registry: the function registry (lookups, invokedArn, save). run: { streams, invoke(functionArn,
   * eventText), authorize(roleArn, action, streamArn), region, transitionMs, log } — without
   * `streams`, mappings are stored and never run.
   */
  constructor(registry, saved = [], run = {}) {
    this.registry = registry;
    this.run = { authorize: async () => true, transitionMs: 300, log: () => {}, ...run };
    this.byUuid = new Map(saved.map((m) => [m.UUID, m]));
    this.pollers = new Map();
    this.stopping = new Map(); // uuid -> promise of a poller still finishing its current call
    this.timers = new Map();
    for (const m of this.byUuid.values()) {
      if (m.State === 'Deleting') { this.byUuid.delete(m.UUID); continue; }
      if (TRANSITIONAL.has(m.State)) m.State = m._target;
      this.startIfEnabled(m);
    }
  }

  /** What persists. */
  records() { return [...this.byUuid.values()]; }

  async create(input) {
    if (!input.FunctionName) throw validation('null', 'functionName', 'Member must not be null');
    const { fn, qualifier } = this.registry.fn(input.FunctionName);
    if (qualifier) this.registry.resolve(fn, qualifier);
    const functionArn = this.registry.invokedArn(fn.name, qualifier);
    if (input.EventSourceArn) {
      for (const m of this.byUuid.values()) {
        if (m.EventSourceArn === input.EventSourceArn && m.FunctionArn === functionArn) {
          throw conflict(`The event source arn (" ${input.EventSourceArn} ") and function (" ${fn.name} ") provided mapping already exists. Please update or delete the existing mapping with UUID ${m.UUID}`);
        }
      }
    }
    const isStream = /:dynamodb:|:kinesis:/.test(input.EventSourceArn || '');
    checkSettings(input);
    if (isStream) await this.checkStream(input, fn);
    const m = {
      UUID: crypto.randomUUID(),
      ...(input.StartingPosition ? { StartingPosition: input.StartingPosition } : {}),
      BatchSize: input.BatchSize || (isStream ? 100 : 10),
      MaximumBatchingWindowInSeconds: input.MaximumBatchingWindowInSeconds || 0,
      ...(isStream ? { ParallelizationFactor: input.ParallelizationFactor || 1 } : {}),
      EventSourceArn: input.EventSourceArn,
      ...(input.FilterCriteria ? { FilterCriteria: structuredClone(input.FilterCriteria) } : {}),
      FunctionArn: functionArn,
      LastModified: Date.now() / 1000,
      ...(isStream ? { LastProcessingResult: 'No records processed' } : {}),
      State: 'Creating',
      StateTransitionReason: 'USER_INITIATED',
      ...(isStream ? {
        DestinationConfig: structuredClone(input.DestinationConfig || { OnFailure: {} }),
        MaximumRecordAgeInSeconds: input.MaximumRecordAgeInSeconds ?? -1,
        BisectBatchOnFunctionError: Boolean(input.BisectBatchOnFunctionError),
        MaximumRetryAttempts: input.MaximumRetryAttempts ?? -1,
        TumblingWindowInSeconds: input.TumblingWindowInSeconds || 0,
      } : {}),
      FunctionResponseTypes: [...(input.FunctionResponseTypes || [])],
      _function: fn.name,
      _target: input.Enabled === false ? 'Disabled' : 'Enabled',
    };
    this.byUuid.set(m.UUID, m);
    this.registry.save();
    const out = renderMapping(m);
    this.transition(m);
    return out;
  }

  /** AWS's check at CreateEventSourceMapping: the stream exists and the function's role may read it. */
  async checkStream(input, fn) {
    if (!input.StartingPosition) throw invalid('StartingPosition is required for stream event sources.');
    if (!['TRIM_HORIZON', 'LATEST', 'AT_TIMESTAMP'].includes(input.StartingPosition)) {
      throw validation(input.StartingPosition, 'startingPosition', 'Member must satisfy enum value set: [TRIM_HORIZON, LATEST, AT_TIMESTAMP]');
    }
    if (!this.run.streams || !/:dynamodb:/.test(input.EventSourceArn)) return;
    if (input.StartingPosition === 'AT_TIMESTAMP') throw invalid('Unsupported starting position for DynamoDB streams: AT_TIMESTAMP');
    const cannot = `Cannot access stream ${input.EventSourceArn}. Please ensure the role can perform the GetRecords, GetShardIterator, DescribeStream, and ListStreams Actions on your stream in IAM.`;
    if (!DYNAMODB_STREAM.test(input.EventSourceArn)) throw invalid(cannot);
    for (const action of STREAM_ACTIONS) {
      const r = await this.run.authorize(fn.latest.Role, action, input.EventSourceArn);
      if (!(typeof r === 'object' && r !== null ? r.allowed : r)) throw invalid(cannot);
    }
    try {
      await this.run.streams.call('DescribeStream', { StreamArn: input.EventSourceArn, Limit: 1 });
    } catch (e) {
      if (e.code === 'ResourceNotFoundException' || e.code === 'ValidationException') throw invalid(`Stream not found: ${input.EventSourceArn}`);
      throw e;
    }
  }

  mapping(uuid) {
    const m = this.byUuid.get(uuid);
    if (!m) throw new LambdaError('ResourceNotFoundException', 'The resource you requested does not exist.');
    return m;
  }

  get(uuid) { return renderMapping(this.mapping(uuid)); }

  async update(uuid, input) {
    const m = this.mapping(uuid);
    if (TRANSITIONAL.has(m.State)) {
      throw new LambdaError('ResourceInUseException', `Cannot update the event source mapping because it is in use. The event source mapping is currently in the following state: ${m.State}`);
    }
    checkSettings(input);
    if (input.FilterCriteria !== undefined) compileFilters(input.FilterCriteria);
    let fnName = m._function; let functionArn = m.FunctionArn;
    if (input.FunctionName) {
      const { fn, qualifier } = this.registry.fn(input.FunctionName);
      if (qualifier) this.registry.resolve(fn, qualifier);
      fnName = fn.name;
      functionArn = this.registry.invokedArn(fn.name, qualifier);
    }
    for (const k of SETTINGS) if (input[k] !== undefined) m[k] = structuredClone(input[k]);
    Object.assign(m, { FunctionArn: functionArn, _function: fnName, LastModified: Date.now() / 1000, StateTransitionReason: 'USER_INITIATED' });
    const target = input.Enabled === undefined ? m.State : input.Enabled ? 'Enabled' : 'Disabled';
    m.State = target === m.State ? 'Updating' : target === 'Enabled' ? 'Enabling' : 'Disabling';
    m._target = target;
    this.registry.save();
    const out = renderMapping(m);
    this.stopPoller(m.UUID);
    this.transition(m);
    return out;
  }

  async delete(uuid) {
    const m = this.mapping(uuid);
    if (m.State === 'Deleting') {
      throw new LambdaError('ResourceInUseException', `Cannot delete the event source mapping because it is in use. The event source mapping is currently in the following state: ${m.State}`);
    }
    m.State = 'Deleting';
    m.LastModified = Date.now() / 1000;
    this.registry.save();
    const out = renderMapping(m);
    this.stopPoller(uuid);
    this.transition(m);
    return out;
  }

  list({ FunctionName, EventSourceArn, Marker, MaxItems }) {
    let target = null;
    if (FunctionName) {
      const { fn, qualifier } = this.registry.fn(FunctionName);
      target = { name: fn.name, arn: qualifier ? this.registry.invokedArn(fn.name, qualifier) : null };
    }
    const entries = [...this.byUuid.values()]
      .filter((m) => !EventSourceArn || m.EventSourceArn === EventSourceArn)
      .filter((m) => !target || (target.arn ? m.FunctionArn === target.arn : m._function === target.name))
      .sort((a, b) => (a.UUID < b.UUID ? -1 : 1))
      .map((m) => ({ key: [m.UUID, 0], out: () => renderMapping(m) }));
    const page = paginate(entries, Marker, MaxItems, 100);
    return { ...(page.next ? { NextMarker: page.next } : {}), EventSourceMappings: page.items };
  }

  /** After the transition delay: the target state (a poller starts when Enabled), or gone when Deleting. */
  transition(m) {
    clearTimeout(this.timers.get(m.UUID));
    const t = setTimeout(() => {
      this.timers.delete(m.UUID);
      if (this.byUuid.get(m.UUID) !== m) return;
      if (m.State === 'Deleting') { this.byUuid.delete(m.UUID); this.registry.save(); return; }
      m.State = m._target;
      this.registry.save();
      this.startIfEnabled(m);
    }, this.run.transitionMs);
    t.unref();
    this.timers.set(m.UUID, t);
  }

  startIfEnabled(m) {
    if (m.State !== 'Enabled' || !this.run.streams || !/:dynamodb:/.test(m.EventSourceArn || '') || this.pollers.has(m.UUID)) return;
    const previous = this.stopping.get(m.UUID);
    if (previous) {
      // One poller per mapping: the next starts once the previous has finished its call.
      previous.then(() => { if (this.byUuid.get(m.UUID) === m) this.startIfEnabled(m); });
      return;
    }
    const poller = new StreamPoller({
      mapping: m,
      streams: this.run.streams,
      invoke: this.run.invoke,
      authorize: this.run.authorize,
      roleOf: () => { const fn = this.registry.functions.get(m._function); return fn ? fn.latest.Role : null; },
      region: this.run.region,
      save: () => this.registry.save(),
      log: this.run.log,
      ...(this.run.pollMs ? { pollMs: this.run.pollMs } : {}),
    });
    this.pollers.set(m.UUID, poller.start());
  }

  /** Stops a mapping's poller; resolves when it has finished the call it was in. */
  stopPoller(uuid) {
    const p = this.pollers.get(uuid);
    if (!p) return this.stopping.get(uuid) || Promise.resolve();
    this.pollers.delete(uuid);
    const done = p.stop().finally(() => { if (this.stopping.get(uuid) === done) this.stopping.delete(uuid); });
    this.stopping.set(uuid, done);
    return done;
  }

  /** Delivery facts for tests (admin endpoint): state, checkpoints, invocations, discarded batches. */
  facts() {
    return [...this.byUuid.values()].map((m) => ({
      UUID: m.UUID, State: m.State, LastProcessingResult: m.LastProcessingResult,
      checkpoints: structuredClone(m._checkpoints || {}),
      invocations: (m._facts && m._facts.invocations) || 0,
      discarded: structuredClone((m._facts && m._facts.discarded) || []),
    }));
  }

  /** Forgets the mappings of a deleted function. */
  dropFunction(name) {
    for (const [uuid, m] of this.byUuid) if (m._function === name) this.forget(uuid);
  }

  forget(uuid) {
    clearTimeout(this.timers.get(uuid));
    this.timers.delete(uuid);
    this.stopPoller(uuid);
    this.byUuid.delete(uuid);
  }

  clear() { for (const uuid of [...this.byUuid.keys()]) this.forget(uuid); }

  /** Stops every poller (shutdown); resolves when they have stopped. */
  async close() {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    await Promise.all([...this.pollers.keys()].map((uuid) => this.stopPoller(uuid)));
    await Promise.all([...this.stopping.values()]);
  }
}

/** Ranges and enums of the settings, as the service model and Lambda's validation state them. */
function checkSettings(input) {
  const range = (k, member, lo, hi, extra) => {
    const v = input[k];
    if (v === undefined || v === null || (extra && extra(v))) return;
    if (!Number.isInteger(v) || v < lo) throw validation(v, member, `Member must have value greater than or equal to ${lo}`);
    if (v > hi) throw validation(v, member, `Member must have value less than or equal to ${hi}`);
  };
  range('BatchSize', 'batchSize', 1, 10000);
  range('MaximumBatchingWindowInSeconds', 'maximumBatchingWindowInSeconds', 0, 300);
  range('ParallelizationFactor', 'parallelizationFactor', 1, 10);
  range('MaximumRetryAttempts', 'maximumRetryAttempts', -1, 10000);
  range('MaximumRecordAgeInSeconds', 'maximumRecordAgeInSeconds', -1, 604800);
  range('TumblingWindowInSeconds', 'tumblingWindowInSeconds', 0, 900);
  const age = input.MaximumRecordAgeInSeconds;
  if (age !== undefined && age !== -1 && age < 60) throw invalid('MaximumRecordAgeInSeconds must be -1 (infinite) or between 60 and 604800.');
  for (const t of input.FunctionResponseTypes || []) {
    if (t !== 'ReportBatchItemFailures') throw validation(`[${input.FunctionResponseTypes.join(', ')}]`, 'functionResponseTypes', 'Member must satisfy enum value set: [ReportBatchItemFailures]');
  }
  if (input.FilterCriteria !== undefined) compileFilters(input.FilterCriteria);
}

function renderMapping(m) {
  const out = {};
  for (const [k, v] of Object.entries(m)) if (!k.startsWith('_')) out[k] = structuredClone(v);
  return out;
}

module.exports = { EventSourceMappings };
