'use strict';
// CloudWatch metric alarms, state only (nothing is evaluated: an alarm stays INSUFFICIENT_DATA):
// PutMetricAlarm (create or replace), DescribeAlarms, DescribeAlarmsForMetric, DeleteAlarms.
// Inputs and outputs are plain objects in the API's shapes; timestamps are Date objects.

const { ServiceError } = require('../json-service');

const COMPARISONS = ['GreaterThanOrEqualToThreshold', 'GreaterThanThreshold', 'LessThanThreshold', 'LessThanOrEqualToThreshold',
  'LessThanLowerOrGreaterThanUpperThreshold', 'LessThanLowerThreshold', 'GreaterThanUpperThreshold'];
const STATISTICS = ['SampleCount', 'Average', 'Sum', 'Minimum', 'Maximum'];
const STATES = ['OK', 'ALARM', 'INSUFFICIENT_DATA'];
const PAGE_MAX = 100;
const COPIED = ['AlarmDescription', 'OKActions', 'AlarmActions', 'InsufficientDataActions', 'MetricName', 'Namespace', 'Statistic',
  'ExtendedStatistic', 'Dimensions', 'Period', 'Unit', 'EvaluationPeriods', 'DatapointsToAlarm', 'Threshold', 'ComparisonOperator',
  'TreatMissingData', 'EvaluateLowSampleCountPercentile', 'Metrics', 'ThresholdMetricId'];

const invalidValue = (m) => new ServiceError('InvalidParameterValue', m);
const missing = (name) => new ServiceError('MissingParameter', `The parameter ${name} is required.`);

/** store: { data: { alarms: {} }, save() }; ctx: { region, accountId }. */
function createAlarms(ctx, store) {
  const arn = (name) => `arn:aws:cloudwatch:${ctx.region}:${ctx.accountId}:alarm:${name}`;

  function render(a) {
    const out = { ...structuredClone(a) };
    delete out._tags;
    for (const k of ['AlarmConfigurationUpdatedTimestamp', 'StateUpdatedTimestamp', 'StateTransitionedTimestamp']) out[k] = new Date(a[k]);
    return out;
  }

  /** Validates and stores an alarm (replacing one of the same name, keeping its state); returns it. */
  function put(input) {
    for (const n of ['AlarmName', 'EvaluationPeriods', 'ComparisonOperator']) {
      if (input[n] === undefined || input[n] === null || input[n] === '') throw missing(n);
    }
    if (!COMPARISONS.includes(input.ComparisonOperator)) {
      throw new ServiceError('ValidationError', `1 validation error detected: Value '${input.ComparisonOperator}' at 'comparisonOperator' failed to satisfy constraint: Member must satisfy enum value set: [${COMPARISONS.join(', ')}]`);
    }
    if (input.Statistic !== undefined && !STATISTICS.includes(input.Statistic)) {
      throw new ServiceError('ValidationError', `1 validation error detected: Value '${input.Statistic}' at 'statistic' failed to satisfy constraint: Member must satisfy enum value set: [${STATISTICS.join(', ')}]`);
    }
    if (!input.Metrics) {
      if (!input.MetricName || !input.Namespace) throw missing(input.MetricName ? 'Namespace' : 'MetricName');
      if (input.Statistic === undefined && input.ExtendedStatistic === undefined) {
        throw new ServiceError('MissingParameter', 'Exactly one element of the statistic and extendedStatistic parameters must be specified.');
      }
      if (input.Period === undefined) throw missing('Period');
      if (!([10, 20, 30].includes(input.Period) || (input.Period >= 60 && input.Period % 60 === 0))) {
        throw invalidValue('The parameter Period must be 10, 20, 30, or a multiple of 60.');
      }
    } else if (input.MetricName || input.Namespace || input.Statistic) {
      throw new ServiceError('InvalidParameterCombination', 'The parameters MetricName, Namespace and Statistic are mutually exclusive with Metrics.');
    }
    if (!Number.isInteger(input.EvaluationPeriods) || input.EvaluationPeriods < 1) throw invalidValue('The parameter EvaluationPeriods must be greater than or equal to 1.');
    if (input.DatapointsToAlarm !== undefined && input.DatapointsToAlarm > input.EvaluationPeriods) {
      throw invalidValue('DatapointsToAlarm must be less than or equal to EvaluationPeriods.');
    }
    const now = Date.now();
    const old = store.data.alarms[input.AlarmName];
    const a = {
      AlarmName: input.AlarmName,
      AlarmArn: arn(input.AlarmName),
      AlarmConfigurationUpdatedTimestamp: now,
      ActionsEnabled: input.ActionsEnabled === undefined ? true : Boolean(input.ActionsEnabled),
      OKActions: [], AlarmActions: [], InsufficientDataActions: [],
      StateValue: old ? old.StateValue : 'INSUFFICIENT_DATA',
      StateReason: old ? old.StateReason : 'Unchecked: Initial alarm creation',
      StateUpdatedTimestamp: old ? old.StateUpdatedTimestamp : now,
      StateTransitionedTimestamp: old ? old.StateTransitionedTimestamp : now,
      Dimensions: [],
    };
    for (const k of COPIED) if (input[k] !== undefined) a[k] = structuredClone(input[k]);
    a._tags = old ? old._tags : (input.Tags || []);
    store.data.alarms[input.AlarmName] = a;
    store.save();
    return render(a);
  }

  function byName() {
    return Object.values(store.data.alarms).sort((x, y) => (x.AlarmName < y.AlarmName ? -1 : 1));
  }

  function describeAlarms(input) {
    if (input.StateValue !== undefined && !STATES.includes(input.StateValue)) {
      throw new ServiceError('ValidationError', `1 validation error detected: Value '${input.StateValue}' at 'stateValue' failed to satisfy constraint: Member must satisfy enum value set: [${STATES.join(', ')}]`);
    }
    if (input.AlarmNames && input.AlarmNames.length && input.AlarmNamePrefix) {
      throw new ServiceError('InvalidParameterCombination', 'AlarmNamePrefix and AlarmNames cannot be specified together.');
    }
    const names = input.AlarmNames && input.AlarmNames.length ? new Set(input.AlarmNames) : null;
    const types = input.AlarmTypes && input.AlarmTypes.length ? input.AlarmTypes : ['MetricAlarm'];
    const all = types.includes('MetricAlarm') ? byName().filter((a) => (!names || names.has(a.AlarmName))
      && (!input.AlarmNamePrefix || a.AlarmName.startsWith(input.AlarmNamePrefix))
      && (!input.StateValue || a.StateValue === input.StateValue)
      && (!input.ActionPrefix || [...a.OKActions, ...a.AlarmActions, ...a.InsufficientDataActions].some((x) => x.startsWith(input.ActionPrefix)))) : [];
    let start = 0;
    if (input.NextToken) {
      start = all.findIndex((a) => a.AlarmName > Buffer.from(input.NextToken, 'base64').toString('utf8'));
      if (start < 0) start = all.length;
    }
    const size = input.MaxRecords || 50;
    if (size < 1 || size > PAGE_MAX) throw invalidValue(`The parameter MaxRecords must be between 1 and ${PAGE_MAX}.`);
    const slice = all.slice(start, start + size);
    const out = { MetricAlarms: slice.map(render), CompositeAlarms: [] };
    if (start + size < all.length) out.NextToken = Buffer.from(slice[slice.length - 1].AlarmName).toString('base64');
    return out;
  }

  function describeAlarmsForMetric(input) {
    if (!input.MetricName) throw missing('MetricName');
    if (!input.Namespace) throw missing('Namespace');
    const dims = (d) => JSON.stringify([...(d || [])].sort((x, y) => (x.Name < y.Name ? -1 : 1)));
    return {
      MetricAlarms: byName().filter((a) => a.MetricName === input.MetricName && a.Namespace === input.Namespace
        && (input.Statistic === undefined || a.Statistic === input.Statistic)
        && (input.ExtendedStatistic === undefined || a.ExtendedStatistic === input.ExtendedStatistic)
        && (input.Period === undefined || a.Period === input.Period)
        && (input.Unit === undefined || a.Unit === input.Unit)
        && (input.Dimensions === undefined || dims(a.Dimensions) === dims(input.Dimensions))).map(render),
    };
  }

  function deleteAlarms(input) {
    const names = input.AlarmNames || [];
    if (!names.length) throw missing('AlarmNames');
    const absent = names.filter((n) => !store.data.alarms[n]);
    if (absent.length) throw new ServiceError('ResourceNotFound', `${absent.length} of the specified alarms were not found: [${absent.join(', ')}]`, 404);
    remove(names);
    return {};
  }

  function remove(names) {
    for (const n of names) delete store.data.alarms[n];
    store.save();
  }

  return {
    put,
    remove,
    operations: {
      PutMetricAlarm: (input) => { put(input); return {}; },
      DescribeAlarms: describeAlarms,
      DescribeAlarmsForMetric: describeAlarmsForMetric,
      DeleteAlarms: deleteAlarms,
    },
  };
}

module.exports = { createAlarms };
