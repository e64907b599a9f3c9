'use strict';
// Table control plane through the AWS SDK: what DynamoDB Local does, plus what the front door
// adds (tags, SSE, table class, deletion protection, ARNs in the sandbox's region and account).

const test = require('node:test');
const assert = require('node:assert/strict');
const D = require('@aws-sdk/client-dynamodb');
const { useSandbox } = require('./helpers');

const sb = useSandbox();
const ARN = 'arn:aws:dynamodb:us-east-1:000000000000:table/';

const ordersSpec = (name, extra = {}) => ({
  TableName: name,
  AttributeDefinitions: [
    { AttributeName: 'tenant_id', AttributeType: 'S' },
    { AttributeName: 'order_id', AttributeType: 'S' },
    { AttributeName: 'status', AttributeType: 'S' },
    { AttributeName: 'created_at', AttributeType: 'N' },
  ],
  KeySchema: [{ AttributeName: 'tenant_id', KeyType: 'HASH' }, { AttributeName: 'order_id', KeyType: 'RANGE' }],
  GlobalSecondaryIndexes: [{ IndexName: 'by-status', KeySchema: [{ AttributeName: 'status', KeyType: 'HASH' }], Projection: { ProjectionType: 'ALL' } }],
  LocalSecondaryIndexes: [{
    IndexName: 'by-created', Projection: { ProjectionType: 'KEYS_ONLY' },
    KeySchema: [{ AttributeName: 'tenant_id', KeyType: 'HASH' }, { AttributeName: 'created_at', KeyType: 'RANGE' }],
  }],
  BillingMode: 'PAY_PER_REQUEST',
  ...extra,
});

async function sdkError(promise) {
  try { await promise; } catch (e) { return e; }
  assert.fail('expected the call to fail');
}

test('CreateTable keeps Tags, SSE with a KMS key, TableClass, deletion protection, GSI, LSI and streams', async () => {
  const ddb = sb.dynamodb();
  const key = 'arn:aws:kms:us-east-1:000000000000:key/11111111-2222-3333-4444-555555555555';
  const created = await ddb.send(new D.CreateTableCommand(ordersSpec('orders-full', {
    Tags: [{ Key: 'team', Value: 'billing' }, { Key: 'env', Value: 'dev' }],
    SSESpecification: { Enabled: true, SSEType: 'KMS', KMSMasterKeyId: key },
    TableClass: 'STANDARD_INFREQUENT_ACCESS',
    DeletionProtectionEnabled: true,
    StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
  })));
  assert.equal(created.TableDescription.TableArn, `${ARN}orders-full`);

  const { Table } = await ddb.send(new D.DescribeTableCommand({ TableName: 'orders-full' }));
  assert.equal(Table.TableStatus, 'ACTIVE');
  assert.equal(Table.TableArn, `${ARN}orders-full`);
  assert.match(Table.TableId, /^[0-9a-f-]{36}$/);
  assert.deepEqual(Table.SSEDescription, { Status: 'ENABLED', SSEType: 'KMS', KMSMasterKeyArn: key });
  assert.equal(Table.TableClassSummary.TableClass, 'STANDARD_INFREQUENT_ACCESS');
  assert.equal(Table.DeletionProtectionEnabled, true);
  assert.equal(Table.BillingModeSummary.BillingMode, 'PAY_PER_REQUEST');
  assert.equal(Table.GlobalSecondaryIndexes[0].IndexArn, `${ARN}orders-full/index/by-status`);
  assert.equal(Table.LocalSecondaryIndexes[0].IndexName, 'by-created');
  assert.deepEqual(Table.StreamSpecification, { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' });
  assert.ok(Table.LatestStreamArn.startsWith(`${ARN}orders-full/stream/`));

  const tags = await ddb.send(new D.ListTagsOfResourceCommand({ ResourceArn: Table.TableArn }));
  assert.deepEqual(tags.Tags, [{ Key: 'team', Value: 'billing' }, { Key: 'env', Value: 'dev' }]);
});

test('SSE enabled without a key shows the account\'s aws/dynamodb key; no SSE shows none', async () => {
  const ddb = sb.dynamodb();
  await ddb.send(new D.CreateTableCommand(ordersSpec('orders-sse-default', { SSESpecification: { Enabled: true } })));
  await ddb.send(new D.CreateTableCommand(ordersSpec('orders-plain')));
  const a = (await ddb.send(new D.DescribeTableCommand({ TableName: 'orders-sse-default' }))).Table;
  assert.equal(a.SSEDescription.Status, 'ENABLED');
  assert.match(a.SSEDescription.KMSMasterKeyArn, /^arn:aws:kms:us-east-1:000000000000:key\/[0-9a-f-]{36}$/);
  const b = (await ddb.send(new D.DescribeTableCommand({ TableName: 'orders-plain' }))).Table;
  assert.equal(b.SSEDescription, undefined);
  assert.equal(b.DeletionProtectionEnabled, false);
  assert.equal(b.TableClassSummary, undefined);
});

test('DeleteTable is refused while deletion protection is on, and works once UpdateTable turns it off', async () => {
  const ddb = sb.dynamodb();
  await ddb.send(new D.CreateTableCommand(ordersSpec('orders-protected', { DeletionProtectionEnabled: true, Tags: [{ Key: 'k', Value: 'v' }] })));
  const e = await sdkError(ddb.send(new D.DeleteTableCommand({ TableName: 'orders-protected' })));
  assert.equal(e.name, 'ValidationException');
  assert.equal(e.message, 'Resource cannot be deleted as it is currently protected against deletion. Disable deletion protection first.');
  const upd = await ddb.send(new D.UpdateTableCommand({ TableName: 'orders-protected', DeletionProtectionEnabled: false }));
  assert.equal(upd.TableDescription.DeletionProtectionEnabled, false);
  const del = await ddb.send(new D.DeleteTableCommand({ TableName: 'orders-protected' }));
  assert.equal(del.TableDescription.TableStatus, 'DELETING');
  const gone = await sdkError(ddb.send(new D.DescribeTableCommand({ TableName: 'orders-protected' })));
  assert.equal(gone.name, 'ResourceNotFoundException');
  assert.equal(gone.message, 'Requested resource not found: Table: orders-protected not found');
  // Front-door state is dropped with the table: a new table of that name starts clean.
  await ddb.send(new D.CreateTableCommand(ordersSpec('orders-protected')));
  const tags = await ddb.send(new D.ListTagsOfResourceCommand({ ResourceArn: `${ARN}orders-protected` }));
  assert.deepEqual(tags.Tags, []);
});

test('UpdateTable changes SSE and table class alone, or with Local-handled settings', async () => {
  const ddb = sb.dynamodb();
  await ddb.send(new D.CreateTableCommand(ordersSpec('orders-upd')));
  const a = await ddb.send(new D.UpdateTableCommand({ TableName: 'orders-upd', SSESpecification: { Enabled: true, SSEType: 'KMS', KMSMasterKeyId: 'alias/app-key' } }));
  assert.equal(a.TableDescription.SSEDescription.Status, 'ENABLED');
  const b = await ddb.send(new D.UpdateTableCommand({ TableName: 'orders-upd', TableClass: 'STANDARD_INFREQUENT_ACCESS', DeletionProtectionEnabled: true }));
  assert.equal(b.TableDescription.TableClassSummary.TableClass, 'STANDARD_INFREQUENT_ACCESS');
  assert.equal(b.TableDescription.DeletionProtectionEnabled, true);
  const c = await ddb.send(new D.UpdateTableCommand({ TableName: 'orders-upd', BillingMode: 'PROVISIONED', ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 5 },
    GlobalSecondaryIndexUpdates: [{ Update: { IndexName: 'by-status', ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 5 } } }] }));
  assert.equal(c.TableDescription.BillingModeSummary.BillingMode, 'PROVISIONED');
  const { Table } = await ddb.send(new D.DescribeTableCommand({ TableName: 'orders-upd' }));
  assert.equal(Table.ProvisionedThroughput.ReadCapacityUnits, 5);
  assert.equal(Table.SSEDescription.Status, 'ENABLED');
  const missing = await sdkError(ddb.send(new D.UpdateTableCommand({ TableName: 'no-such-table', TableClass: 'STANDARD' })));
  assert.equal(missing.name, 'ResourceNotFoundException');
  const nothing = await sdkError(ddb.send(new D.UpdateTableCommand({ TableName: 'orders-upd' })));
  assert.equal(nothing.name, 'ValidationException');
});

test('ListTables pages with Limit and ExclusiveStartTableName', async () => {
  const ddb = sb.dynamodb();
  for (const n of ['page-a', 'page-b', 'page-c']) await ddb.send(new D.CreateTableCommand(ordersSpec(n)));
  const all = [];
  let ExclusiveStartTableName;
  let pages = 0;
  do {
    const page = await ddb.send(new D.ListTablesCommand({ Limit: 2, ExclusiveStartTableName }));
    assert.ok(page.TableNames.length <= 2);
    all.push(...page.TableNames);
    ExclusiveStartTableName = page.LastEvaluatedTableName;
    pages++;
  } while (ExclusiveStartTableName);
  assert.ok(pages >= 2);
  for (const n of ['page-a', 'page-b', 'page-c']) assert.ok(all.includes(n));
  assert.deepEqual([...all].sort(), all);
});

test('TagResource / UntagResource / ListTagsOfResource, paged with NextToken', async () => {
  const ddb = sb.dynamodb();
  await ddb.send(new D.CreateTableCommand(ordersSpec('orders-tags')));
  const ResourceArn = `${ARN}orders-tags`;
  const tags = Array.from({ length: 23 }, (_, i) => ({ Key: `k${String(i).padStart(2, '0')}`, Value: `v${i}` }));
  await ddb.send(new D.TagResourceCommand({ ResourceArn, Tags: tags }));
  await ddb.send(new D.TagResourceCommand({ ResourceArn, Tags: [{ Key: 'k00', Value: 'changed' }] }));
  const seen = [];
  let NextToken;
  let pages = 0;
  do {
    const page = await ddb.send(new D.ListTagsOfResourceCommand({ ResourceArn, NextToken }));
    seen.push(...page.Tags);
    NextToken = page.NextToken;
    pages++;
  } while (NextToken);
  assert.ok(pages > 1);
  assert.equal(seen.length, 23);
  assert.equal(seen.find((t) => t.Key === 'k00').Value, 'changed');
  await ddb.send(new D.UntagResourceCommand({ ResourceArn, TagKeys: tags.slice(1).map((t) => t.Key) }));
  const left = await ddb.send(new D.ListTagsOfResourceCommand({ ResourceArn }));
  assert.deepEqual(left.Tags, [{ Key: 'k00', Value: 'changed' }]);
  const e = await sdkError(ddb.send(new D.ListTagsOfResourceCommand({ ResourceArn: `${ARN}no-such-table` })));
  assert.equal(e.name, 'ResourceNotFoundException');
});

test('DescribeTimeToLive / UpdateTimeToLive', async () => {
  const ddb = sb.dynamodb();
  await ddb.send(new D.CreateTableCommand(ordersSpec('orders-ttl')));
  const before = await ddb.send(new D.DescribeTimeToLiveCommand({ TableName: 'orders-ttl' }));
  assert.equal(before.TimeToLiveDescription.TimeToLiveStatus, 'DISABLED');
  const upd = await ddb.send(new D.UpdateTimeToLiveCommand({ TableName: 'orders-ttl', TimeToLiveSpecification: { AttributeName: 'expires_at', Enabled: true } }));
  assert.deepEqual(upd.TimeToLiveSpecification, { AttributeName: 'expires_at', Enabled: true });
  const after = await ddb.send(new D.DescribeTimeToLiveCommand({ TableName: 'orders-ttl' }));
  assert.deepEqual(after.TimeToLiveDescription, { TimeToLiveStatus: 'ENABLED', AttributeName: 'expires_at' });
});

test('awscli v2 sees the same tables, tags and descriptions', async () => {
  const r = await sb.aws(['dynamodb', 'describe-table', '--table-name', 'orders-full']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.json.Table.TableArn, `${ARN}orders-full`);
  assert.equal(r.json.Table.SSEDescription.SSEType, 'KMS');
  const t = await sb.aws(['dynamodb', 'list-tags-of-resource', '--resource-arn', `${ARN}orders-full`]);
  assert.equal(t.code, 0, t.stderr);
  assert.equal(t.json.Tags.length, 2);
  const d = await sb.aws(['dynamodb', 'delete-table', '--table-name', 'orders-full']);
  assert.notEqual(d.code, 0);
  assert.match(d.stderr, /protected against deletion/);
});
