'use strict';
// Point-in-time recovery settings and on-demand backups, restored to a new table name.

const test = require('node:test');
const assert = require('node:assert/strict');
const D = require('@aws-sdk/client-dynamodb');
const { useSandbox } = require('./helpers');

const sb = useSandbox();
const ARN = 'arn:aws:dynamodb:us-east-1:000000000000:table/';

const spec = (name, extra = {}) => ({
  TableName: name,
  AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }, { AttributeName: 'sk', AttributeType: 'N' }, { AttributeName: 'g', AttributeType: 'S' }],
  KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }],
  GlobalSecondaryIndexes: [{ IndexName: 'by-g', KeySchema: [{ AttributeName: 'g', KeyType: 'HASH' }], Projection: { ProjectionType: 'ALL' } }],
  BillingMode: 'PAY_PER_REQUEST',
  ...extra,
});

async function sdkError(promise) {
  try { await promise; } catch (e) { return e; }
  assert.fail('expected the call to fail');
}

async function waitAvailable(ddb, BackupArn) {
  for (let i = 0; i < 50; i++) {
    const d = await ddb.send(new D.DescribeBackupCommand({ BackupArn }));
    if (d.BackupDescription.BackupDetails.BackupStatus === 'AVAILABLE') return d.BackupDescription;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail('backup never became AVAILABLE');
}

async function scanAll(ddb, TableName) {
  const items = [];
  let ExclusiveStartKey;
  do {
    const page = await ddb.send(new D.ScanCommand({ TableName, ExclusiveStartKey }));
    items.push(...page.Items);
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return items;
}

test('Describe/UpdateContinuousBackups turn PITR on and off', async () => {
  const ddb = sb.dynamodb();
  await ddb.send(new D.CreateTableCommand(spec('pitr-table')));
  const before = await ddb.send(new D.DescribeContinuousBackupsCommand({ TableName: 'pitr-table' }));
  assert.equal(before.ContinuousBackupsDescription.ContinuousBackupsStatus, 'ENABLED');
  assert.equal(before.ContinuousBackupsDescription.PointInTimeRecoveryDescription.PointInTimeRecoveryStatus, 'DISABLED');
  const on = await ddb.send(new D.UpdateContinuousBackupsCommand({ TableName: 'pitr-table', PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } }));
  const p = on.ContinuousBackupsDescription.PointInTimeRecoveryDescription;
  assert.equal(p.PointInTimeRecoveryStatus, 'ENABLED');
  assert.ok(p.EarliestRestorableDateTime instanceof Date);
  assert.ok(p.LatestRestorableDateTime instanceof Date);
  assert.equal(p.RecoveryPeriodInDays, 35);
  const off = await ddb.send(new D.UpdateContinuousBackupsCommand({ TableName: 'pitr-table', PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: false } }));
  assert.equal(off.ContinuousBackupsDescription.PointInTimeRecoveryDescription.PointInTimeRecoveryStatus, 'DISABLED');
  const e = await sdkError(ddb.send(new D.DescribeContinuousBackupsCommand({ TableName: 'no-such-table' })));
  assert.equal(e.name, 'TableNotFoundException');
});

test('CreateBackup → DescribeBackup → RestoreTableFromBackup restores data and indexes but not tags, TTL, PITR or streams', async () => {
  const ddb = sb.dynamodb();
  await ddb.send(new D.CreateTableCommand(spec('bk-source', {
    Tags: [{ Key: 'owner', Value: 'me' }],
    SSESpecification: { Enabled: true },
    StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_IMAGE' },
  })));
  await ddb.send(new D.UpdateTimeToLiveCommand({ TableName: 'bk-source', TimeToLiveSpecification: { AttributeName: 'ttl', Enabled: true } }));
  await ddb.send(new D.UpdateContinuousBackupsCommand({ TableName: 'bk-source', PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } }));
  const items = Array.from({ length: 60 }, (_, i) => ({ pk: { S: `p${i % 4}` }, sk: { N: String(i) }, g: { S: `g${i % 3}` }, data: { M: { n: { N: String(i) }, l: { L: [{ S: 'x' }, { NULL: true }] } } } }));
  for (let i = 0; i < items.length; i += 25) {
    await ddb.send(new D.BatchWriteItemCommand({ RequestItems: { 'bk-source': items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })) } }));
  }

  const created = await ddb.send(new D.CreateBackupCommand({ TableName: 'bk-source', BackupName: 'before-migration' }));
  const { BackupArn } = created.BackupDetails;
  assert.match(BackupArn, /^arn:aws:dynamodb:us-east-1:000000000000:table\/bk-source\/backup\/\d{14}-[0-9a-f]{8}$/);
  assert.equal(created.BackupDetails.BackupStatus, 'CREATING');
  assert.equal(created.BackupDetails.BackupType, 'USER');
  // Written after the backup: not in it.
  await ddb.send(new D.PutItemCommand({ TableName: 'bk-source', Item: { pk: { S: 'late' }, sk: { N: '1' }, g: { S: 'g0' } } }));

  const desc = await waitAvailable(ddb, BackupArn);
  assert.equal(desc.SourceTableDetails.TableName, 'bk-source');
  assert.equal(desc.SourceTableDetails.ItemCount, 60);
  assert.equal(desc.SourceTableDetails.BillingMode, 'PAY_PER_REQUEST');
  assert.equal(desc.SourceTableFeatureDetails.GlobalSecondaryIndexes[0].IndexName, 'by-g');

  const restored = await ddb.send(new D.RestoreTableFromBackupCommand({ TargetTableName: 'bk-restored', BackupArn }));
  assert.equal(restored.TableDescription.TableName, 'bk-restored');
  assert.equal(restored.TableDescription.RestoreSummary.SourceBackupArn, BackupArn);

  const { Table } = await ddb.send(new D.DescribeTableCommand({ TableName: 'bk-restored' }));
  assert.equal(Table.TableStatus, 'ACTIVE');
  assert.equal(Table.BillingModeSummary.BillingMode, 'PAY_PER_REQUEST');
  assert.deepEqual(Table.KeySchema, [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }]);
  assert.equal(Table.GlobalSecondaryIndexes[0].IndexName, 'by-g');
  assert.equal(Table.StreamSpecification, undefined, 'streams are not restored');
  assert.equal(Table.SSEDescription, undefined, 'SSE follows the request, default otherwise');
  assert.equal(Table.RestoreSummary.RestoreInProgress, false);

  const restoredItems = await scanAll(ddb, 'bk-restored');
  assert.equal(restoredItems.length, 60);
  const byKey = new Map(restoredItems.map((it) => [`${it.pk.S}/${it.sk.N}`, it]));
  for (const it of items) assert.deepEqual(byKey.get(`${it.pk.S}/${it.sk.N}`), it);
  const viaIndex = await ddb.send(new D.QueryCommand({ TableName: 'bk-restored', IndexName: 'by-g', KeyConditionExpression: 'g = :g', ExpressionAttributeValues: { ':g': { S: 'g1' } } }));
  assert.equal(viaIndex.Count, 20);

  const tags = await ddb.send(new D.ListTagsOfResourceCommand({ ResourceArn: `${ARN}bk-restored` }));
  assert.deepEqual(tags.Tags, []);
  const ttl = await ddb.send(new D.DescribeTimeToLiveCommand({ TableName: 'bk-restored' }));
  assert.equal(ttl.TimeToLiveDescription.TimeToLiveStatus, 'DISABLED');
  const pitr = await ddb.send(new D.DescribeContinuousBackupsCommand({ TableName: 'bk-restored' }));
  assert.equal(pitr.ContinuousBackupsDescription.PointInTimeRecoveryDescription.PointInTimeRecoveryStatus, 'DISABLED');

  const again = await sdkError(ddb.send(new D.RestoreTableFromBackupCommand({ TargetTableName: 'bk-restored', BackupArn })));
  assert.equal(again.name, 'TableAlreadyExistsException');
});

test('RestoreTableFromBackup applies an SSE override', async () => {
  const ddb = sb.dynamodb();
  await ddb.send(new D.CreateTableCommand(spec('bk-sse')));
  const { BackupDetails } = await ddb.send(new D.CreateBackupCommand({ TableName: 'bk-sse', BackupName: 'b' }));
  await waitAvailable(ddb, BackupDetails.BackupArn);
  const key = 'arn:aws:kms:us-east-1:000000000000:key/abcdabcd-0000-1111-2222-333344445555';
  await ddb.send(new D.RestoreTableFromBackupCommand({ TargetTableName: 'bk-sse-restored', BackupArn: BackupDetails.BackupArn,
    SSESpecificationOverride: { Enabled: true, SSEType: 'KMS', KMSMasterKeyId: key } }));
  const { Table } = await ddb.send(new D.DescribeTableCommand({ TableName: 'bk-sse-restored' }));
  assert.equal(Table.SSEDescription.KMSMasterKeyArn, key);
});

test('ListBackups filters by table and pages; DeleteBackup removes a backup', async () => {
  const ddb = sb.dynamodb();
  await ddb.send(new D.CreateTableCommand(spec('bk-list')));
  const arns = [];
  for (let i = 0; i < 3; i++) {
    arns.push((await ddb.send(new D.CreateBackupCommand({ TableName: 'bk-list', BackupName: `b${i}` }))).BackupDetails.BackupArn);
  }
  const seen = [];
  let ExclusiveStartBackupArn;
  let pages = 0;
  do {
    const page = await ddb.send(new D.ListBackupsCommand({ TableName: 'bk-list', Limit: 2, ExclusiveStartBackupArn }));
    seen.push(...page.BackupSummaries);
    ExclusiveStartBackupArn = page.LastEvaluatedBackupArn;
    pages++;
  } while (ExclusiveStartBackupArn);
  assert.equal(pages, 2);
  assert.deepEqual(seen.map((b) => b.BackupArn), arns);
  assert.ok(seen.every((b) => b.TableName === 'bk-list' && b.TableArn === `${ARN}bk-list`));

  const del = await ddb.send(new D.DeleteBackupCommand({ BackupArn: arns[0] }));
  assert.equal(del.BackupDescription.BackupDetails.BackupStatus, 'DELETED');
  const left = await ddb.send(new D.ListBackupsCommand({ TableName: 'bk-list' }));
  assert.equal(left.BackupSummaries.length, 2);
  const e = await sdkError(ddb.send(new D.DescribeBackupCommand({ BackupArn: arns[0] })));
  assert.equal(e.name, 'BackupNotFoundException');
  const all = await ddb.send(new D.ListBackupsCommand({}));
  assert.ok(all.BackupSummaries.length >= 4);
});

test('awscli v2: create-backup and describe-backup', async () => {
  const c = await sb.aws(['dynamodb', 'create-backup', '--table-name', 'bk-list', '--backup-name', 'from-cli']);
  assert.equal(c.code, 0, c.stderr);
  await new Promise((r) => setTimeout(r, 400));
  const d = await sb.aws(['dynamodb', 'describe-backup', '--backup-arn', c.json.BackupDetails.BackupArn]);
  assert.equal(d.code, 0, d.stderr);
  assert.equal(d.json.BackupDescription.BackupDetails.BackupStatus, 'AVAILABLE');
});
