'use strict';
// Application Auto Scaling for DynamoDB (state only, nothing scales): scalable targets of tables
// and global secondary indexes, and their target-tracking scaling policies. A target-tracking
// policy owns the four CloudWatch alarms AWS creates for a DynamoDB dimension, visible through
// CloudWatch's DescribeAlarms and removed with the policy.

const crypto = require('node:crypto');
const { ServiceError } = require('../json-service');

const DIMENSIONS = {
  table: ['dynamodb:table:ReadCapacityUnits', 'dynamodb:table:WriteCapacityUnits'],
  index: ['dynamodb:index:ReadCapacityUnits', 'dynamodb:index:WriteCapacityUnits'],
};
const PAGE_MAX = 50;

const validation = (m) => new ServiceError('ValidationException', m);
const notFound = (m) => new ServiceError('ObjectNotFoundException', m);

/**
 * ctx: { local, region, accountId }; store: { data: { targets: {}, policies: {} }, save() };
 * alarms: the CloudWatch alarm store ({ put(alarm), remove(names) }).
 */
function createOperations(ctx, store, alarms) {
  const key = (ns, id, dim) => `${ns}|${id}|${dim}`;
  const describeTarget = (t) => `service namespace: ${t.ServiceNamespace}, resource ID: ${t.ResourceId}, scalable dimension: ${t.ScalableDimension}`;

  function required(input, names) {
    const missing = names.filter((n) => input[n] === undefined || input[n] === null || input[n] === '');
    if (missing.length) {
      throw validation(`${missing.length} validation error${missing.length > 1 ? 's' : ''} detected: ${missing.map((n) => `Value null at '${n[0].toLowerCase()}${n.slice(1)}' failed to satisfy constraint: Member must not be null`).join('; ')}`);
    }
  }

  /** Checks namespace, resource id and dimension together, and that the table (and index) exist. */
  async function checkResource({ ServiceNamespace, ResourceId, ScalableDimension }) {
    if (ServiceNamespace !== 'dynamodb') {
      throw validation(`1 validation error detected: Value '${ServiceNamespace}' at 'serviceNamespace' failed to satisfy constraint: Member must satisfy enum value set: [dynamodb] (the sandbox serves DynamoDB only)`);
    }
    const m = /^table\/([a-zA-Z0-9_.-]{3,255})(?:\/index\/([a-zA-Z0-9_.-]{3,255}))?$/.exec(ResourceId || '');
    const kind = m && (m[2] ? 'index' : 'table');
    if (!m || (ScalableDimension && !DIMENSIONS[kind].includes(ScalableDimension))) {
      throw validation('Unsupported service namespace, resource type or scalable dimension');
    }
    let table;
    try {
      ({ Table: table } = await ctx.local.call('DescribeTable', { TableName: m[1] }));
    } catch (e) {
      if (e.code === 'ResourceNotFoundException') throw validation(`DynamoDB table ${m[1]} does not exist`);
      throw e;
    }
    if (m[2] && !(table.GlobalSecondaryIndexes || []).some((g) => g.IndexName === m[2])) {
      throw validation(`DynamoDB index ${m[2]} does not exist on table ${m[1]}`);
    }
  }

  function page(items, MaxResults, NextToken) {
    let start = 0;
    if (NextToken) {
      start = Number(Buffer.from(String(NextToken), 'base64').toString('utf8'));
      if (!Number.isInteger(start) || start < 0 || start > items.length) throw new ServiceError('InvalidNextTokenException', 'Invalid token');
    }
    const size = MaxResults === undefined ? PAGE_MAX : MaxResults;
    if (!Number.isInteger(size) || size < 1 || size > PAGE_MAX) {
      throw validation(`1 validation error detected: Value '${MaxResults}' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to ${PAGE_MAX}`);
    }
    const slice = items.slice(start, start + size);
    return { slice, next: start + size < items.length ? Buffer.from(String(start + size)).toString('base64') : undefined };
  }

  async function RegisterScalableTarget(input) {
    required(input, ['ServiceNamespace', 'ResourceId', 'ScalableDimension']);
    await checkResource(input);
    const k = key(input.ServiceNamespace, input.ResourceId, input.ScalableDimension);
    const existing = store.data.targets[k];
    if (!existing && (input.MinCapacity === undefined || input.MaxCapacity === undefined)) {
      throw validation('MinCapacity and MaxCapacity are required for registering a new scalable target');
    }
    const t = existing ? structuredClone(existing) : {
      ServiceNamespace: input.ServiceNamespace, ResourceId: input.ResourceId, ScalableDimension: input.ScalableDimension,
      RoleARN: `arn:aws:iam::${ctx.accountId}:role/aws-service-role/dynamodb.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_DynamoDBTable`,
      CreationTime: Date.now() / 1000,
      SuspendedState: { DynamicScalingInSuspended: false, DynamicScalingOutSuspended: false, ScheduledScalingSuspended: false },
      ScalableTargetARN: `arn:aws:application-autoscaling:${ctx.region}:${ctx.accountId}:scalable-target/${crypto.randomBytes(14).toString('hex')}`,
    };
    for (const n of ['MinCapacity', 'MaxCapacity']) {
      if (input[n] === undefined) continue;
      if (!Number.isInteger(input[n]) || input[n] < 1) throw validation(`${n} must be at least 1 for a DynamoDB scalable dimension`);
      t[n] = input[n];
    }
    if (t.MinCapacity > t.MaxCapacity) throw validation('Minimum capacity cannot be larger than maximum capacity');
    if (input.RoleARN) t.RoleARN = input.RoleARN;
    if (input.SuspendedState) Object.assign(t.SuspendedState, input.SuspendedState);
    store.data.targets[k] = t;
    store.save();
    return { ScalableTargetARN: t.ScalableTargetARN };
  }

  async function DescribeScalableTargets(input) {
    required(input, ['ServiceNamespace']);
    const ids = input.ResourceIds && input.ResourceIds.length ? new Set(input.ResourceIds) : null;
    const all = Object.values(store.data.targets)
      .filter((t) => t.ServiceNamespace === input.ServiceNamespace && (!ids || ids.has(t.ResourceId))
        && (!input.ScalableDimension || t.ScalableDimension === input.ScalableDimension))
      .sort((a, b) => a.CreationTime - b.CreationTime);
    const { slice, next } = page(all, input.MaxResults, input.NextToken);
    return { ScalableTargets: slice.map((t) => structuredClone(t)), ...(next ? { NextToken: next } : {}) };
  }

  async function DeregisterScalableTarget(input) {
    required(input, ['ServiceNamespace', 'ResourceId', 'ScalableDimension']);
    const k = key(input.ServiceNamespace, input.ResourceId, input.ScalableDimension);
    if (!store.data.targets[k]) throw notFound(`No scalable target found for ${describeTarget(input)}`);
    delete store.data.targets[k];
    for (const [pk, p] of Object.entries(store.data.policies)) {
      if (key(p.ServiceNamespace, p.ResourceId, p.ScalableDimension) === k) { dropPolicy(pk); }
    }
    store.save();
    return {};
  }

  function dropPolicy(pk) {
    const p = store.data.policies[pk];
    alarms.remove((p.Alarms || []).map((a) => a.AlarmName));
    delete store.data.policies[pk];
  }

  async function PutScalingPolicy(input) {
    required(input, ['PolicyName', 'ServiceNamespace', 'ResourceId', 'ScalableDimension']);
    await checkResource(input);
    const k = key(input.ServiceNamespace, input.ResourceId, input.ScalableDimension);
    if (!store.data.targets[k]) throw notFound(`No scalable target registered for ${describeTarget(input)}`);
    const type = input.PolicyType || 'StepScaling';
    if (type !== 'TargetTrackingScaling') throw validation(`Unsupported policy type ${type} for service namespace dynamodb`);
    const tt = input.TargetTrackingScalingPolicyConfiguration;
    if (!tt || typeof tt.TargetValue !== 'number') throw validation('TargetTrackingScalingPolicyConfiguration with a TargetValue is required for policy type TargetTrackingScaling');
    if (tt.TargetValue < 20 || tt.TargetValue > 90) throw validation('TargetValue for a DynamoDB utilization metric must be between 20 and 90');
    const pk = `${k}|${input.PolicyName}`;
    const old = store.data.policies[pk];
    const id = old ? old._id : crypto.randomUUID();
    const p = {
      PolicyARN: `arn:aws:autoscaling:${ctx.region}:${ctx.accountId}:scalingPolicy:${id}:resource/dynamodb/${input.ResourceId}:policyName/${input.PolicyName}`,
      PolicyName: input.PolicyName, ServiceNamespace: input.ServiceNamespace, ResourceId: input.ResourceId,
      ScalableDimension: input.ScalableDimension, PolicyType: type,
      TargetTrackingScalingPolicyConfiguration: structuredClone(tt),
      Alarms: old ? old.Alarms : ownedAlarms(input, id, tt),
      CreationTime: old ? old.CreationTime : Date.now() / 1000,
      _id: id,
    };
    store.data.policies[pk] = p;
    store.save();
    return { PolicyARN: p.PolicyARN, Alarms: structuredClone(p.Alarms) };
  }

  /** The four alarms AWS creates for a DynamoDB target-tracking policy, put into CloudWatch. */
  function ownedAlarms(input, id, tt) {
    const read = /Read/.test(input.ScalableDimension);
    const [, table, index] = /^table\/([^/]+)(?:\/index\/(.+))?$/.exec(input.ResourceId);
    const dims = [{ Name: 'TableName', Value: table }, ...(index ? [{ Name: 'GlobalSecondaryIndexName', Value: index }] : [])];
    const consumed = read ? 'ConsumedReadCapacityUnits' : 'ConsumedWriteCapacityUnits';
    const provisioned = read ? 'ProvisionedReadCapacityUnits' : 'ProvisionedWriteCapacityUnits';
    const out = [];
    for (const [suffix, metric, op, periods] of [
      ['AlarmHigh', consumed, 'GreaterThanThreshold', 2], ['AlarmLow', consumed, 'LessThanThreshold', 15],
      ['ProvisionedCapacityHigh', provisioned, 'GreaterThanThreshold', 3], ['ProvisionedCapacityLow', provisioned, 'LessThanThreshold', 3],
    ]) {
      const name = `TargetTracking-${input.ResourceId}-${suffix}-${id}`;
      const alarm = alarms.put({
        AlarmName: name,
        AlarmDescription: `DO NOT EDIT OR DELETE. For TargetTrackingScaling policy ${`arn:aws:autoscaling:${ctx.region}:${ctx.accountId}:scalingPolicy:${id}:resource/dynamodb/${input.ResourceId}:policyName/${input.PolicyName}`}.`,
        ActionsEnabled: true, MetricName: metric, Namespace: 'AWS/DynamoDB', Statistic: 'Sum', Dimensions: dims,
        Period: 60, EvaluationPeriods: periods, Threshold: metric === consumed ? tt.TargetValue : 1, ComparisonOperator: op,
      });
      out.push({ AlarmName: name, AlarmARN: alarm.AlarmArn });
    }
    return out;
  }

  async function DescribeScalingPolicies(input) {
    required(input, ['ServiceNamespace']);
    const names = input.PolicyNames && input.PolicyNames.length ? new Set(input.PolicyNames) : null;
    const all = Object.values(store.data.policies)
      .filter((p) => p.ServiceNamespace === input.ServiceNamespace && (!names || names.has(p.PolicyName))
        && (!input.ResourceId || p.ResourceId === input.ResourceId)
        && (!input.ScalableDimension || p.ScalableDimension === input.ScalableDimension))
      .sort((a, b) => a.CreationTime - b.CreationTime);
    const { slice, next } = page(all, input.MaxResults, input.NextToken);
    return { ScalingPolicies: slice.map(({ _id, ...p }) => structuredClone(p)), ...(next ? { NextToken: next } : {}) };
  }

  async function DeleteScalingPolicy(input) {
    required(input, ['PolicyName', 'ServiceNamespace', 'ResourceId', 'ScalableDimension']);
    const pk = `${key(input.ServiceNamespace, input.ResourceId, input.ScalableDimension)}|${input.PolicyName}`;
    if (!store.data.policies[pk]) throw notFound(`No scaling policy found for ${describeTarget(input)}, policy name: ${input.PolicyName}`);
    dropPolicy(pk);
    store.save();
    return {};
  }

  return { RegisterScalableTarget, DescribeScalableTargets, DeregisterScalableTarget, PutScalingPolicy, DescribeScalingPolicies, DeleteScalingPolicy };
}

module.exports = { createOperations };
