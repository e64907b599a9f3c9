'use strict';
// What else points at a table, as AWS answers it, through the AWS SDK for JavaScript v3 and
// Debian's awscli: Application Auto Scaling targets and policies, CloudWatch alarms (JSON 1.0 and
// the query protocol), Kinesis streaming destinations, Contributor Insights, and CloudFormation
// stack tags from a scenario (visible; `aws:` keys refused for users).

const test = require('node:test');
const assert = require('node:assert/strict');
const AdmZip = require('adm-zip');
const D = require('@aws-sdk/client-dynamodb');
const L = require('@aws-sdk/client-lambda');
const AS = require('@aws-sdk/client-application-auto-scaling');
const CW = require('@aws-sdk/client-cloudwatch');
const { useSandbox } = require('./helpers');

const ACCOUNT = '000000000000';
const KEY = { AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }, { AttributeName: 'g', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }] };
const GSI = [{ IndexName: 'by-g', KeySchema: [{ AttributeName: 'g', KeyType: 'HASH' }], Projection: { ProjectionType: 'ALL' }, ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 5 } }];
const zip = () => { const z = new AdmZip(); z.addFile('index.js', Buffer.from('exports.handler = async () => ({});')); return z.toBuffer().toString('base64'); };

const SCENARIO = {
  tables: [
    { spec: { TableName: 'svc-orders', ...KEY, ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 5 }, GlobalSecondaryIndexes: GSI,
      StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_IMAGE' }, Tags: [{ Key: 'team', Value: 'pay' }] },
      stack: { name: 'svc-stack', logicalId: 'OrdersTable' },
      kinesisDestinations: [{ StreamArn: `arn:aws:kinesis:us-east-1:${ACCOUNT}:stream/orders-feed` }],
      contributorInsights: { table: true, indexes: ['by-g'] } },
  ],
  functions: [{ FunctionName: 'svc-fn', Runtime: 'nodejs20.x', Handler: 'index.handler', Role: `arn:aws:iam::${ACCOUNT}:role/r`, zipFile: zip(),
    stack: { name: 'svc-stack', logicalId: 'SvcDashfnLambdaFunction' }, Tags: { team: 'pay' } }],
  scalableTargets: [{ ResourceId: 'table/svc-orders', ScalableDimension: 'dynamodb:table:ReadCapacityUnits', MinCapacity: 5, MaxCapacity: 50 }],
  scalingPolicies: [{ PolicyName: 'orders-read', ResourceId: 'table/svc-orders', ScalableDimension: 'dynamodb:table:ReadCapacityUnits', PolicyType: 'TargetTrackingScaling',
    TargetTrackingScalingPolicyConfiguration: { TargetValue: 70, PredefinedMetricSpecification: { PredefinedMetricType: 'DynamoDBReadCapacityUtilization' } } }],
  alarms: [{ AlarmName: 'orders-throttles', MetricName: 'ThrottledRequests', Namespace: 'AWS/DynamoDB', Statistic: 'Sum', Period: 60, EvaluationPeriods: 1,
    Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold', Dimensions: [{ Name: 'TableName', Value: 'svc-orders' }] }],
  eventSourceMappings: [],
};

const sb = useSandbox({ setup: async (s) => { const r = await s.admin('POST', '/load', { scenario: SCENARIO }); if (r.status !== 200) throw new Error(JSON.stringify(r.body)); } });
const as = () => new AS.ApplicationAutoScalingClient(sb.clientConfig());
const cw = () => new CW.CloudWatchClient(sb.clientConfig());
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function rejects(promise, name) {
  const e = await promise.then(() => null, (x) => x);
  assert.ok(e, `expected ${name}`);
  assert.equal(e.name, name, e.message);
  return e;
}

test('stack tags from the scenario are visible on the table and the function; aws: keys are refused for users', async () => {
  const ddb = sb.dynamodb();
  const arn = `arn:aws:dynamodb:${sb.region}:${ACCOUNT}:table/svc-orders`;
  const tags = Object.fromEntries((await ddb.send(new D.ListTagsOfResourceCommand({ ResourceArn: arn }))).Tags.map((t) => [t.Key, t.Value]));
  assert.equal(tags['aws:cloudformation:stack-name'], 'svc-stack');
  assert.equal(tags['aws:cloudformation:logical-id'], 'OrdersTable');
  assert.match(tags['aws:cloudformation:stack-id'], /^arn:aws:cloudformation:us-east-1:000000000000:stack\/svc-stack\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  assert.equal(tags.team, 'pay');
  await rejects(ddb.send(new D.TagResourceCommand({ ResourceArn: arn, Tags: [{ Key: 'aws:cloudformation:stack-name', Value: 'x' }] })), 'ValidationException');
  await rejects(ddb.send(new D.TagResourceCommand({ ResourceArn: arn, Tags: [{ Key: 'AWS:mine', Value: 'x' }] })), 'ValidationException');
  await rejects(ddb.send(new D.UntagResourceCommand({ ResourceArn: arn, TagKeys: ['aws:cloudformation:logical-id'] })), 'ValidationException');
  await ddb.send(new D.TagResourceCommand({ ResourceArn: arn, Tags: [{ Key: 'owner', Value: 'me' }] }));

  const lambda = sb.lambda();
  const fnArn = `arn:aws:lambda:${sb.region}:${ACCOUNT}:function:svc-fn`;
  const { Tags } = await lambda.send(new L.ListTagsCommand({ Resource: fnArn }));
  assert.equal(Tags['aws:cloudformation:stack-name'], 'svc-stack');
  assert.equal(Tags['aws:cloudformation:logical-id'], 'SvcDashfnLambdaFunction');
  assert.equal(Tags['aws:cloudformation:stack-id'], tags['aws:cloudformation:stack-id'], 'one stack, one id');
  await rejects(lambda.send(new L.TagResourceCommand({ Resource: fnArn, Tags: { 'aws:cloudformation:stack-name': 'x' } })), 'InvalidParameterValueException');
  await rejects(lambda.send(new L.UntagResourceCommand({ Resource: fnArn, TagKeys: ['aws:cloudformation:stack-name'] })), 'InvalidParameterValueException');
  await lambda.send(new L.TagResourceCommand({ Resource: fnArn, Tags: { owner: 'me' } }));
  await lambda.send(new L.UntagResourceCommand({ Resource: fnArn, TagKeys: ['team'] }));
  const after = (await lambda.send(new L.ListTagsCommand({ Resource: fnArn }))).Tags;
  assert.equal(after.owner, 'me');
  assert.equal(after.team, undefined);
  assert.equal((await lambda.send(new L.GetFunctionCommand({ FunctionName: 'svc-fn' }))).Tags.owner, 'me');

  const cli = await sb.aws(['lambda', 'list-tags', '--resource', fnArn]);
  assert.equal(cli.code, 0, cli.stderr);
  assert.equal(cli.json.Tags['aws:cloudformation:logical-id'], 'SvcDashfnLambdaFunction');
  const cliTag = await sb.aws(['dynamodb', 'tag-resource', '--resource-arn', arn, '--tags', 'Key=aws:x,Value=y']);
  assert.notEqual(cliTag.code, 0);
  assert.match(cliTag.stderr, /ValidationException/);
  const created = await rejects(lambda.send(new L.CreateFunctionCommand({ FunctionName: 'svc-other', Runtime: 'nodejs20.x', Handler: 'index.handler',
    Role: `arn:aws:iam::${ACCOUNT}:role/r`, Code: { ZipFile: Buffer.from(zip(), 'base64') }, Tags: { 'aws:cloudformation:stack-name': 'x' } })), 'InvalidParameterValueException');
  assert.ok(created);
});

test('Application Auto Scaling: targets and policies round-trip; AWS validation errors', async () => {
  const client = as();
  const listed = await client.send(new AS.DescribeScalableTargetsCommand({ ServiceNamespace: 'dynamodb' }));
  assert.deepEqual(listed.ScalableTargets.map((t) => [t.ResourceId, t.ScalableDimension, t.MinCapacity, t.MaxCapacity]),
    [['table/svc-orders', 'dynamodb:table:ReadCapacityUnits', 5, 50]]);
  assert.ok(listed.ScalableTargets[0].CreationTime instanceof Date);
  assert.match(listed.ScalableTargets[0].RoleARN, /AWSServiceRoleForApplicationAutoScaling_DynamoDBTable$/);
  await client.send(new AS.RegisterScalableTargetCommand({ ServiceNamespace: 'dynamodb', ResourceId: 'table/svc-orders/index/by-g', ScalableDimension: 'dynamodb:index:WriteCapacityUnits', MinCapacity: 2, MaxCapacity: 20 }));
  await client.send(new AS.RegisterScalableTargetCommand({ ServiceNamespace: 'dynamodb', ResourceId: 'table/svc-orders/index/by-g', ScalableDimension: 'dynamodb:index:WriteCapacityUnits', MaxCapacity: 30 }));
  const idx = await client.send(new AS.DescribeScalableTargetsCommand({ ServiceNamespace: 'dynamodb', ResourceIds: ['table/svc-orders/index/by-g'] }));
  assert.deepEqual(idx.ScalableTargets.map((t) => [t.MinCapacity, t.MaxCapacity]), [[2, 30]]);
  await rejects(client.send(new AS.RegisterScalableTargetCommand({ ServiceNamespace: 'dynamodb', ResourceId: 'table/svc-orders', ScalableDimension: 'dynamodb:index:ReadCapacityUnits', MinCapacity: 1, MaxCapacity: 2 })), 'ValidationException');
  await rejects(client.send(new AS.RegisterScalableTargetCommand({ ServiceNamespace: 'dynamodb', ResourceId: 'table/nope', ScalableDimension: 'dynamodb:table:ReadCapacityUnits', MinCapacity: 1, MaxCapacity: 2 })), 'ValidationException');
  await rejects(client.send(new AS.RegisterScalableTargetCommand({ ServiceNamespace: 'dynamodb', ResourceId: 'table/svc-orders', ScalableDimension: 'dynamodb:table:WriteCapacityUnits', MinCapacity: 9, MaxCapacity: 2 })), 'ValidationException');
  await rejects(client.send(new AS.PutScalingPolicyCommand({ PolicyName: 'w', ServiceNamespace: 'dynamodb', ResourceId: 'table/svc-orders', ScalableDimension: 'dynamodb:table:WriteCapacityUnits',
    PolicyType: 'TargetTrackingScaling', TargetTrackingScalingPolicyConfiguration: { TargetValue: 50 } })), 'ObjectNotFoundException');

  const policies = await client.send(new AS.DescribeScalingPoliciesCommand({ ServiceNamespace: 'dynamodb', ResourceId: 'table/svc-orders' }));
  assert.equal(policies.ScalingPolicies.length, 1);
  const p = policies.ScalingPolicies[0];
  assert.equal(p.PolicyName, 'orders-read');
  assert.equal(p.PolicyType, 'TargetTrackingScaling');
  assert.equal(p.TargetTrackingScalingPolicyConfiguration.TargetValue, 70);
  assert.match(p.PolicyARN, /^arn:aws:autoscaling:us-east-1:000000000000:scalingPolicy:[0-9a-f-]{36}:resource\/dynamodb\/table\/svc-orders:policyName\/orders-read$/);
  assert.equal(p.Alarms.length, 4);
  // The policy's alarms are CloudWatch alarms.
  const owned = await cw().send(new CW.DescribeAlarmsCommand({ AlarmNames: p.Alarms.map((a) => a.AlarmName) }));
  assert.equal(owned.MetricAlarms.length, 4);

  const put = await client.send(new AS.PutScalingPolicyCommand({ PolicyName: 'idx-write', ServiceNamespace: 'dynamodb', ResourceId: 'table/svc-orders/index/by-g',
    ScalableDimension: 'dynamodb:index:WriteCapacityUnits', PolicyType: 'TargetTrackingScaling',
    TargetTrackingScalingPolicyConfiguration: { TargetValue: 60, PredefinedMetricSpecification: { PredefinedMetricType: 'DynamoDBWriteCapacityUtilization' }, ScaleInCooldown: 60 } }));
  assert.match(put.PolicyARN, /policyName\/idx-write$/);
  await client.send(new AS.DeleteScalingPolicyCommand({ PolicyName: 'idx-write', ServiceNamespace: 'dynamodb', ResourceId: 'table/svc-orders/index/by-g', ScalableDimension: 'dynamodb:index:WriteCapacityUnits' }));
  assert.equal((await cw().send(new CW.DescribeAlarmsCommand({ AlarmNames: put.Alarms.map((a) => a.AlarmName) }))).MetricAlarms.length, 0, 'its alarms went with it');
  await rejects(client.send(new AS.DeleteScalingPolicyCommand({ PolicyName: 'idx-write', ServiceNamespace: 'dynamodb', ResourceId: 'table/svc-orders/index/by-g', ScalableDimension: 'dynamodb:index:WriteCapacityUnits' })), 'ObjectNotFoundException');
  await client.send(new AS.DeregisterScalableTargetCommand({ ServiceNamespace: 'dynamodb', ResourceId: 'table/svc-orders/index/by-g', ScalableDimension: 'dynamodb:index:WriteCapacityUnits' }));
  await rejects(client.send(new AS.DeregisterScalableTargetCommand({ ServiceNamespace: 'dynamodb', ResourceId: 'table/svc-orders/index/by-g', ScalableDimension: 'dynamodb:index:WriteCapacityUnits' })), 'ObjectNotFoundException');

  const cli = await sb.aws(['application-autoscaling', 'describe-scaling-policies', '--service-namespace', 'dynamodb']);
  assert.equal(cli.code, 0, cli.stderr);
  assert.deepEqual(cli.json.ScalingPolicies.map((x) => x.PolicyName), ['orders-read']);
  const cliMissing = await sb.aws(['application-autoscaling', 'deregister-scalable-target', '--service-namespace', 'dynamodb', '--resource-id', 'table/svc-orders', '--scalable-dimension', 'dynamodb:table:WriteCapacityUnits']);
  assert.notEqual(cliMissing.code, 0);
  assert.match(cliMissing.stderr, /ObjectNotFoundException/);
});

test('CloudWatch alarms: JSON 1.0 (SDK) and the query protocol (awscli 2.9) see the same alarms', async () => {
  const client = cw();
  await client.send(new CW.PutMetricAlarmCommand({ AlarmName: 'orders-errors', Namespace: 'AWS/DynamoDB', MetricName: 'SystemErrors', Statistic: 'Sum', Period: 300,
    EvaluationPeriods: 2, DatapointsToAlarm: 2, Threshold: 5, ComparisonOperator: 'GreaterThanThreshold', TreatMissingData: 'notBreaching',
    Dimensions: [{ Name: 'TableName', Value: 'svc-orders' }], AlarmActions: ['arn:aws:sns:us-east-1:000000000000:ops'] }));
  const { MetricAlarms } = await client.send(new CW.DescribeAlarmsCommand({ AlarmNames: ['orders-errors'] }));
  assert.equal(MetricAlarms.length, 1);
  const a = MetricAlarms[0];
  assert.equal(a.AlarmArn, 'arn:aws:cloudwatch:us-east-1:000000000000:alarm:orders-errors');
  assert.equal(a.StateValue, 'INSUFFICIENT_DATA');
  assert.equal(a.Threshold, 5);
  assert.equal(a.ActionsEnabled, true);
  assert.deepEqual(a.Dimensions, [{ Name: 'TableName', Value: 'svc-orders' }]);
  assert.deepEqual(a.AlarmActions, ['arn:aws:sns:us-east-1:000000000000:ops']);
  assert.ok(a.StateUpdatedTimestamp instanceof Date && Math.abs(a.StateUpdatedTimestamp - Date.now()) < 60000);
  const forMetric = await client.send(new CW.DescribeAlarmsForMetricCommand({ Namespace: 'AWS/DynamoDB', MetricName: 'ThrottledRequests', Dimensions: [{ Name: 'TableName', Value: 'svc-orders' }] }));
  assert.deepEqual(forMetric.MetricAlarms.map((x) => x.AlarmName), ['orders-throttles']);
  await rejects(client.send(new CW.DeleteAlarmsCommand({ AlarmNames: ['orders-errors', 'never-was'] })), 'ResourceNotFound');
  await rejects(client.send(new CW.PutMetricAlarmCommand({ AlarmName: 'bad', Namespace: 'AWS/DynamoDB', MetricName: 'X', Statistic: 'Sum', Period: 45, EvaluationPeriods: 1, Threshold: 1, ComparisonOperator: 'GreaterThanThreshold' })), 'InvalidParameterValueException');

  const cli = await sb.aws(['cloudwatch', 'describe-alarms', '--alarm-name-prefix', 'orders-']);
  assert.equal(cli.code, 0, cli.stderr);
  assert.deepEqual(cli.json.MetricAlarms.map((x) => x.AlarmName), ['orders-errors', 'orders-throttles']);
  assert.equal(cli.json.MetricAlarms[0].Threshold, 5);
  assert.equal(cli.json.MetricAlarms[0].EvaluationPeriods, 2);
  assert.deepEqual(cli.json.MetricAlarms[0].Dimensions, [{ Name: 'TableName', Value: 'svc-orders' }]);
  const put = await sb.aws(['cloudwatch', 'put-metric-alarm', '--alarm-name', 'cli-alarm', '--namespace', 'AWS/DynamoDB', '--metric-name', 'UserErrors',
    '--statistic', 'Sum', '--period', '60', '--evaluation-periods', '3', '--threshold', '2.5', '--comparison-operator', 'LessThanThreshold',
    '--dimensions', 'Name=TableName,Value=svc-orders', '--no-actions-enabled']);
  assert.equal(put.code, 0, put.stderr);
  const seen = (await client.send(new CW.DescribeAlarmsCommand({ AlarmNames: ['cli-alarm'] }))).MetricAlarms[0];
  assert.equal(seen.Threshold, 2.5);
  assert.equal(seen.EvaluationPeriods, 3);
  assert.equal(seen.ActionsEnabled, false);
  assert.deepEqual(seen.Dimensions, [{ Name: 'TableName', Value: 'svc-orders' }]);
  const forMetricCli = await sb.aws(['cloudwatch', 'describe-alarms-for-metric', '--namespace', 'AWS/DynamoDB', '--metric-name', 'UserErrors']);
  assert.deepEqual(forMetricCli.json.MetricAlarms.map((x) => x.AlarmName), ['cli-alarm']);
  const del = await sb.aws(['cloudwatch', 'delete-alarms', '--alarm-names', 'cli-alarm', 'orders-errors']);
  assert.equal(del.code, 0, del.stderr);
  const missing = await sb.aws(['cloudwatch', 'delete-alarms', '--alarm-names', 'cli-alarm']);
  assert.notEqual(missing.code, 0);
  assert.match(missing.stderr, /ResourceNotFound/);
  assert.equal((await client.send(new CW.DescribeAlarmsCommand({ AlarmNamePrefix: 'orders-' }))).MetricAlarms.length, 1);
});

test('Kinesis streaming destinations: ENABLING → ACTIVE, DISABLING → DISABLED; the scenario\'s is ACTIVE', async () => {
  const ddb = sb.dynamodb();
  const loaded = await ddb.send(new D.DescribeKinesisStreamingDestinationCommand({ TableName: 'svc-orders' }));
  assert.deepEqual(loaded.KinesisDataStreamDestinations.map((d) => [d.StreamArn, d.DestinationStatus]), [[`arn:aws:kinesis:us-east-1:${ACCOUNT}:stream/orders-feed`, 'ACTIVE']]);
  const stream = `arn:aws:kinesis:us-east-1:${ACCOUNT}:stream/second`;
  const on = await ddb.send(new D.EnableKinesisStreamingDestinationCommand({ TableName: 'svc-orders', StreamArn: stream }));
  assert.equal(on.DestinationStatus, 'ENABLING');
  await rejects(ddb.send(new D.EnableKinesisStreamingDestinationCommand({ TableName: 'svc-orders', StreamArn: stream })), 'ResourceInUseException');
  await sleep(400);
  const d = (await ddb.send(new D.DescribeKinesisStreamingDestinationCommand({ TableName: 'svc-orders' }))).KinesisDataStreamDestinations.find((x) => x.StreamArn === stream);
  assert.equal(d.DestinationStatus, 'ACTIVE');
  const off = await ddb.send(new D.DisableKinesisStreamingDestinationCommand({ TableName: 'svc-orders', StreamArn: stream }));
  assert.equal(off.DestinationStatus, 'DISABLING');
  await sleep(400);
  const cli = await sb.aws(['dynamodb', 'describe-kinesis-streaming-destination', '--table-name', 'svc-orders']);
  assert.equal(cli.code, 0, cli.stderr);
  assert.equal(cli.json.KinesisDataStreamDestinations.find((x) => x.StreamArn === stream).DestinationStatus, 'DISABLED');
  await rejects(ddb.send(new D.DescribeKinesisStreamingDestinationCommand({ TableName: 'nope' })), 'ResourceNotFoundException');
  await rejects(ddb.send(new D.EnableKinesisStreamingDestinationCommand({ TableName: 'svc-orders', StreamArn: 'not-an-arn' })), 'ValidationException');
});

test('Contributor Insights: ENABLING → ENABLED, DISABLING → DISABLED, per table and index; List shows them', async () => {
  const ddb = sb.dynamodb();
  const t = await ddb.send(new D.DescribeContributorInsightsCommand({ TableName: 'svc-orders' }));
  assert.equal(t.ContributorInsightsStatus, 'ENABLED');
  assert.equal(t.ContributorInsightsRuleList.length, 2);
  const off = await ddb.send(new D.UpdateContributorInsightsCommand({ TableName: 'svc-orders', IndexName: 'by-g', ContributorInsightsAction: 'DISABLE' }));
  assert.equal(off.ContributorInsightsStatus, 'DISABLING');
  assert.equal(off.IndexName, 'by-g');
  await sleep(400);
  const list = await ddb.send(new D.ListContributorInsightsCommand({ TableName: 'svc-orders' }));
  assert.deepEqual(list.ContributorInsightsSummaries.map((s) => [s.IndexName || null, s.ContributorInsightsStatus]), [[null, 'ENABLED'], ['by-g', 'DISABLED']]);
  await rejects(ddb.send(new D.DescribeContributorInsightsCommand({ TableName: 'svc-orders', IndexName: 'nope' })), 'ResourceNotFoundException');
  const cli = await sb.aws(['dynamodb', 'update-contributor-insights', '--table-name', 'svc-orders', '--index-name', 'by-g', '--contributor-insights-action', 'ENABLE']);
  assert.equal(cli.code, 0, cli.stderr);
  assert.equal(cli.json.ContributorInsightsStatus, 'ENABLING');
  await sleep(400);
  const again = await sb.aws(['dynamodb', 'describe-contributor-insights', '--table-name', 'svc-orders', '--index-name', 'by-g']);
  assert.equal(again.json.ContributorInsightsStatus, 'ENABLED');
});

test('scenarios/orders-dev-consumers.json: its mapping runs, its scaling, alarm, destination and insights are in place', async () => {
  const file = require('node:path').join(__dirname, '..', 'scenarios', 'orders-dev-consumers.json');
  const r = await sb.admin('POST', '/load', { scenario: file });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  const ddb = sb.dynamodb();
  const { Table } = await ddb.send(new D.DescribeTableCommand({ TableName: 'orders-dev-orders' }));
  const { EventSourceMappings } = await sb.lambda().send(new L.ListEventSourceMappingsCommand({ EventSourceArn: Table.LatestStreamArn }));
  assert.equal(EventSourceMappings.length, 1);
  assert.equal(EventSourceMappings[0].MaximumRetryAttempts, 3);
  await ddb.send(new D.PutItemCommand({ TableName: 'orders-dev-orders', Item: { order_id: { S: 'o-2' }, status: { S: 'placed' } } }));
  for (let i = 0; ; i++) {
    const { Items } = await ddb.send(new D.ScanCommand({ TableName: 'orders-dev-audit', ConsistentRead: true }));
    const orders = Items.map((x) => x.order_id.S).sort();
    if (orders.length >= 2) { assert.deepEqual(orders, ['o-1', 'o-2']); break; }
    assert.ok(i < 100, `the audit table has ${JSON.stringify(orders)}`);
    await sleep(100);
  }
  const targets = await as().send(new AS.DescribeScalableTargetsCommand({ ServiceNamespace: 'dynamodb', ResourceIds: ['table/orders-dev-orders'] }));
  assert.equal(targets.ScalableTargets.length, 2);
  const policies = await as().send(new AS.DescribeScalingPoliciesCommand({ ServiceNamespace: 'dynamodb', ResourceId: 'table/orders-dev-orders' }));
  assert.equal(policies.ScalingPolicies.length, 2);
  const alarms = await cw().send(new CW.DescribeAlarmsForMetricCommand({ Namespace: 'AWS/DynamoDB', MetricName: 'ThrottledRequests', Dimensions: [{ Name: 'TableName', Value: 'orders-dev-orders' }] }));
  assert.deepEqual(alarms.MetricAlarms.map((a) => a.AlarmName), ['orders-dev-orders-throttled']);
  const k = await ddb.send(new D.DescribeKinesisStreamingDestinationCommand({ TableName: 'orders-dev-orders' }));
  assert.equal(k.KinesisDataStreamDestinations[0].DestinationStatus, 'ACTIVE');
  assert.equal((await ddb.send(new D.DescribeContributorInsightsCommand({ TableName: 'orders-dev-orders' }))).ContributorInsightsStatus, 'ENABLED');
});
