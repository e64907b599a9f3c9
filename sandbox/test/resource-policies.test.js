'use strict';
// DynamoDB resource-based policies through @aws-sdk/client-dynamodb: Put/Get/DeleteResourcePolicy
// on a table and on its stream, RevisionId and ExpectedRevisionId, AWS's errors, and the
// stream's own policy taking part in evaluation (a table's policy does not cover its stream).

const test = require('node:test');
const assert = require('node:assert/strict');
const D = require('@aws-sdk/client-dynamodb');
const DS = require('@aws-sdk/client-dynamodb-streams');
const I = require('@aws-sdk/client-iam');
const S = require('@aws-sdk/client-sts');
const { useSandbox } = require('./helpers');

const ACCOUNT = '000000000000';
const TABLE = 'rp-orders';
const TABLE_ARN = `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/${TABLE}`;
let streamArn;

const sb = useSandbox({
  setup: async (s) => {
    const out = await s.dynamodb().send(new D.CreateTableCommand({
      TableName: TABLE, BillingMode: 'PAY_PER_REQUEST', AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }], StreamSpecification: { StreamEnabled: true, StreamViewType: 'KEYS_ONLY' },
    }));
    streamArn = out.TableDescription.LatestStreamArn;
  },
});

const policyFor = (principal, Action, Resource) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: principal }, Action, Resource }] });

async function error(promise) {
  const e = await promise.then(() => null, (x) => x);
  assert.ok(e, 'expected an error');
  return { name: e.name, message: e.message };
}

test('Put/Get/DeleteResourcePolicy on a table: revisions, ExpectedRevisionId, PolicyNotFoundException', async () => {
  const ddb = sb.dynamodb();
  assert.deepEqual(await error(ddb.send(new D.GetResourcePolicyCommand({ ResourceArn: TABLE_ARN }))),
    { name: 'PolicyNotFoundException', message: `Resource-based policy not found for the provided ResourceArn: ${TABLE_ARN}` });
  const policy = policyFor(`arn:aws:iam::${ACCOUNT}:root`, 'dynamodb:GetItem', TABLE_ARN);
  const first = await ddb.send(new D.PutResourcePolicyCommand({ ResourceArn: TABLE_ARN, Policy: policy }));
  const got = await ddb.send(new D.GetResourcePolicyCommand({ ResourceArn: TABLE_ARN }));
  assert.deepEqual([got.Policy, got.RevisionId], [policy, first.RevisionId]);
  assert.equal((await error(ddb.send(new D.PutResourcePolicyCommand({ ResourceArn: TABLE_ARN, Policy: policy, ExpectedRevisionId: '1' })))).name, 'PolicyNotFoundException');
  const second = await ddb.send(new D.PutResourcePolicyCommand({ ResourceArn: TABLE_ARN, Policy: policy, ExpectedRevisionId: first.RevisionId }));
  assert.notEqual(second.RevisionId, first.RevisionId);
  assert.equal((await error(ddb.send(new D.DeleteResourcePolicyCommand({ ResourceArn: TABLE_ARN, ExpectedRevisionId: first.RevisionId })))).name, 'PolicyNotFoundException');
  await ddb.send(new D.DeleteResourcePolicyCommand({ ResourceArn: TABLE_ARN, ExpectedRevisionId: second.RevisionId }));
  assert.equal((await error(ddb.send(new D.GetResourcePolicyCommand({ ResourceArn: TABLE_ARN })))).name, 'PolicyNotFoundException');
  assert.equal((await error(ddb.send(new D.DeleteResourcePolicyCommand({ ResourceArn: TABLE_ARN })))).name, 'PolicyNotFoundException');

  const missing = `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/rp-none`;
  assert.equal((await error(ddb.send(new D.PutResourcePolicyCommand({ ResourceArn: missing, Policy: policy })))).name, 'ResourceNotFoundException');
  const noPrincipal = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'dynamodb:GetItem', Resource: TABLE_ARN }] });
  assert.equal((await error(ddb.send(new D.PutResourcePolicyCommand({ ResourceArn: TABLE_ARN, Policy: noPrincipal })))).name, 'ValidationException');
});

test("a stream's own policy lets a role read the stream; the table's policy does not reach it", async () => {
  const iam = new I.IAMClient(sb.clientConfig());
  const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'sts:AssumeRole' }] });
  const role = (await iam.send(new I.CreateRoleCommand({ RoleName: 'rp-stream-reader', AssumeRolePolicyDocument: trust }))).Role.Arn;
  const out = await new S.STSClient(sb.clientConfig()).send(new S.AssumeRoleCommand({ RoleArn: role, RoleSessionName: 'reader' }));
  const credentials = { accessKeyId: out.Credentials.AccessKeyId, secretAccessKey: out.Credentials.SecretAccessKey, sessionToken: out.Credentials.SessionToken };
  const streams = new DS.DynamoDBStreamsClient(sb.clientConfig({ credentials }));
  const ddb = sb.dynamodb();

  await ddb.send(new D.PutResourcePolicyCommand({ ResourceArn: TABLE_ARN, Policy: policyFor(role, 'dynamodb:*', [TABLE_ARN, `${TABLE_ARN}/stream/*`]) }));
  const denied = await error(streams.send(new DS.DescribeStreamCommand({ StreamArn: streamArn })));
  assert.equal(denied.name, 'AccessDeniedException');
  assert.equal(denied.message, `User: arn:aws:sts::${ACCOUNT}:assumed-role/rp-stream-reader/reader is not authorized to perform: dynamodb:DescribeStream on resource: ${streamArn} because no identity-based policy allows the dynamodb:DescribeStream action`);

  await ddb.send(new D.PutResourcePolicyCommand({ ResourceArn: streamArn, Policy: policyFor(role, ['dynamodb:DescribeStream', 'dynamodb:GetShardIterator', 'dynamodb:GetRecords'], streamArn) }));
  assert.equal((await ddb.send(new D.GetResourcePolicyCommand({ ResourceArn: streamArn }))).Policy.includes('GetRecords'), true);
  const described = await streams.send(new DS.DescribeStreamCommand({ StreamArn: streamArn }));
  const shard = described.StreamDescription.Shards[0].ShardId;
  const it = await streams.send(new DS.GetShardIteratorCommand({ StreamArn: streamArn, ShardId: shard, ShardIteratorType: 'TRIM_HORIZON' }));
  const records = await streams.send(new DS.GetRecordsCommand({ ShardIterator: it.ShardIterator }));
  assert.ok(Array.isArray(records.Records));
  await ddb.send(new D.DeleteResourcePolicyCommand({ ResourceArn: streamArn }));
  assert.equal((await error(streams.send(new DS.GetRecordsCommand({ ShardIterator: records.NextShardIterator || it.ShardIterator })))).name, 'AccessDeniedException',
    'GetRecords is authorized on the stream its iterator reads');
});
