'use strict';
// Event source mappings: Create/Get/List/Update/DeleteEventSourceMapping (stored, not run).

const crypto = require('node:crypto');

const { LambdaError, conflict, validation } = require('./errors');
const { paginate } = require('./paginate');

class EventSourceMappings {
  /** registry: the function registry (lookups, invokedArn, save). */
  constructor(registry, saved = []) {
    this.registry = registry;
    this.byUuid = new Map(saved.map((m) => [m.UUID, m]));
  }

  /** What persists. */
  records() { return [...this.byUuid.values()]; }

  create(input) {
    if (!input.FunctionName) throw validation('null', 'functionName', 'Member must not be null');
    const { fn, qualifier } = this.registry.fn(input.FunctionName);
    if (qualifier) this.registry.resolve(fn, qualifier);
    if (input.EventSourceArn) {
      for (const m of this.byUuid.values()) {
        if (m.EventSourceArn === input.EventSourceArn && m.FunctionArn === this.registry.invokedArn(fn.name, qualifier)) {
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
      FunctionArn: this.registry.invokedArn(fn.name, qualifier),
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
    this.byUuid.set(m.UUID, m);
    this.registry.save();
    return renderMapping(m);
  }

  mapping(uuid) {
    const m = this.byUuid.get(uuid);
    if (!m) throw new LambdaError('ResourceNotFoundException', 'The resource you requested does not exist.');
    return m;
  }

  get(uuid) { return renderMapping(this.mapping(uuid)); }

  update(uuid, input) {
    const m = this.mapping(uuid);
    for (const k of ['BatchSize', 'MaximumBatchingWindowInSeconds', 'ParallelizationFactor', 'MaximumRecordAgeInSeconds',
      'BisectBatchOnFunctionError', 'MaximumRetryAttempts', 'TumblingWindowInSeconds', 'FunctionResponseTypes', 'FilterCriteria', 'DestinationConfig']) {
      if (input[k] !== undefined) m[k] = structuredClone(input[k]);
    }
    if (input.Enabled !== undefined) m.State = input.Enabled ? 'Enabled' : 'Disabled';
    if (input.FunctionName) {
      const { fn, qualifier } = this.registry.fn(input.FunctionName);
      m.FunctionArn = this.registry.invokedArn(fn.name, qualifier);
      m._function = fn.name;
    }
    m.LastModified = Date.now() / 1000;
    this.registry.save();
    return renderMapping(m);
  }

  delete(uuid) {
    const m = this.mapping(uuid);
    this.byUuid.delete(uuid);
    this.registry.save();
    return { ...renderMapping(m), State: 'Deleting' };
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

  /** Forgets the mappings of a deleted function. */
  dropFunction(name) {
    for (const [uuid, m] of this.byUuid) if (m._function === name) this.byUuid.delete(uuid);
  }

  clear() { this.byUuid.clear(); }
}

function renderMapping(m) {
  const { _function, ...out } = m;
  return structuredClone(out);
}

module.exports = { EventSourceMappings };
