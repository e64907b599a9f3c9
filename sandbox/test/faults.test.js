'use strict';
// Fault injection (flags at start, runtime changes through the admin endpoint), request stats,
// and the admin endpoint's reset and load.

const test = require('node:test');
const assert = require('node:assert/strict');
const D = require('@aws-sdk/client-dynamodb');
const { useSandbox } = require('./helpers');

// Started with faults that only hit an operation nobody calls here, to prove the flags parse.
const sb = useSandbox({ args: ['--throttle-rate', '1', '--fault-ops', 'DescribeLimits', '--fault-seed', '7'] });

const spec = (TableName) => ({
  TableName, BillingMode: 'PAY_PER_REQUEST',
  AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
  KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
});

async function sdkError(promise) {
  try { await promise; } catch (e) { return e; }
  assert.fail('expected the call to fail');
}

test('faults given as flags are reported by GET /_sandbox/faults', async () => {
  const { body } = await sb.admin('GET', '/faults');
  assert.deepEqual(body, { throttleRate: 1, errorRate: 0, unprocessedRate: 0, latencyMs: 0, operations: ['DescribeLimits'] });
  const out = await sb.dynamodb().send(new D.ListTablesCommand({}));
  assert.ok(out.TableNames);
});

test('injected throttling: an SDK with maxAttempts 1 sees ProvisionedThroughputExceededException', async () => {
  const ddb = sb.dynamodb({ maxAttempts: 1 });
  await ddb.send(new D.CreateTableCommand(spec('faults-throttle')));
  await sb.setFaults({ throttleRate: 1, operations: ['GetItem'] });
  const e = await sdkError(ddb.send(new D.GetItemCommand({ TableName: 'faults-throttle', Key: { pk: { S: 'a' } } })));
  assert.equal(e.name, 'ProvisionedThroughputExceededException');
  assert.equal(e.$metadata.httpStatusCode, 400);
  // Other operations are untouched.
  await ddb.send(new D.PutItemCommand({ TableName: 'faults-throttle', Item: { pk: { S: 'a' } } }));
  // A retrying SDK gets through once faults clear.
  await sb.setFaults({});
  const ok = await ddb.send(new D.GetItemCommand({ TableName: 'faults-throttle', Key: { pk: { S: 'a' } } }));
  assert.equal(ok.Item.pk.S, 'a');
});

test('injected 500s: InternalServerError', async () => {
  await sb.setFaults({ errorRate: 1, operations: ['DynamoDB.Scan'] });
  const e = await sdkError(sb.dynamodb({ maxAttempts: 1 }).send(new D.ScanCommand({ TableName: 'faults-throttle' })));
  assert.equal(e.name, 'InternalServerError');
  assert.equal(e.$metadata.httpStatusCode, 500);
  await sb.setFaults({});
});

test('injected UnprocessedItems: the withheld items are really not written, the rest are', async () => {
  const ddb = sb.dynamodb();
  await ddb.send(new D.CreateTableCommand(spec('faults-unprocessed')));
  await sb.setFaults({ unprocessedRate: 1, operations: ['BatchWriteItem'], seed: 42 });
  const writes = Array.from({ length: 25 }, (_, i) => ({ PutRequest: { Item: { pk: { S: `k${i}` } } } }));
  const out = await ddb.send(new D.BatchWriteItemCommand({ RequestItems: { 'faults-unprocessed': writes } }));
  const withheld = out.UnprocessedItems['faults-unprocessed'] || [];
  assert.ok(withheld.length >= 1 && withheld.length <= 25, `withheld ${withheld.length}`);
  const count = await ddb.send(new D.ScanCommand({ TableName: 'faults-unprocessed', Select: 'COUNT', ConsistentRead: true }));
  assert.equal(count.Count, 25 - withheld.length);
  const withheldKeys = new Set(withheld.map((w) => w.PutRequest.Item.pk.S));
  for (const key of withheldKeys) {
    const g = await ddb.send(new D.GetItemCommand({ TableName: 'faults-unprocessed', Key: { pk: { S: key } } }));
    assert.equal(g.Item, undefined);
  }
  // Retrying the unprocessed items until none are left writes everything.
  await sb.setFaults({ unprocessedRate: 0.5, operations: ['BatchWriteItem'], seed: 1 });
  let RequestItems = out.UnprocessedItems;
  for (let i = 0; i < 100 && Object.keys(RequestItems).length; i++) {
    RequestItems = (await ddb.send(new D.BatchWriteItemCommand({ RequestItems }))).UnprocessedItems;
  }
  const after = await ddb.send(new D.ScanCommand({ TableName: 'faults-unprocessed', Select: 'COUNT', ConsistentRead: true }));
  assert.equal(after.Count, 25);
  await sb.setFaults({});
});

test('the same fault seed gives the same decisions', async () => {
  const run = async () => {
    await sb.setFaults({ throttleRate: 0.5, operations: ['DescribeTable'], seed: 99 });
    const ddb = sb.dynamodb({ maxAttempts: 1 });
    const outcome = [];
    for (let i = 0; i < 12; i++) {
      try { await ddb.send(new D.DescribeTableCommand({ TableName: 'faults-throttle' })); outcome.push('ok'); } catch (e) { outcome.push(e.name); }
    }
    return outcome;
  };
  const a = await run();
  const b = await run();
  assert.deepEqual(a, b);
  assert.ok(a.includes('ok') && a.includes('ProvisionedThroughputExceededException'));
  await sb.setFaults({});
});

test('added latency delays the response', async () => {
  await sb.setFaults({ latencyMs: 300, operations: ['ListTables'] });
  const t0 = Date.now();
  await sb.dynamodb().send(new D.ListTablesCommand({}));
  assert.ok(Date.now() - t0 >= 290);
  await sb.setFaults({});
});

test('bad fault settings are refused with 400', async () => {
  const r = await sb.admin('POST', '/faults', { throttleRate: 2 });
  assert.equal(r.status, 400);
  assert.match(r.body.error, /throttleRate/);
});

test('stats count signed requests per Service.Operation and reset', async () => {
  await sb.resetStats();
  const ddb = sb.dynamodb();
  await ddb.send(new D.DescribeTableCommand({ TableName: 'faults-throttle' }));
  await ddb.send(new D.DescribeTableCommand({ TableName: 'faults-throttle' }));
  await ddb.send(new D.ListTablesCommand({}));
  const { ListStreamsCommand } = require('@aws-sdk/client-dynamodb-streams');
  await sb.streams().send(new ListStreamsCommand({}));
  const { ListFunctionsCommand } = require('@aws-sdk/client-lambda');
  await sb.lambda({ maxAttempts: 1 }).send(new ListFunctionsCommand({})).catch(() => {});
  assert.deepEqual(await sb.stats(), {
    'DynamoDB.DescribeTable': 2, 'DynamoDB.ListTables': 1, 'DynamoDBStreams.ListStreams': 1, 'Lambda.ListFunctions': 1,
  });
  await sb.resetStats();
  assert.deepEqual(await sb.stats(), {});
});

test('injected Lambda throttling is TooManyRequestsException (429)', async () => {
  await sb.setFaults({ throttleRate: 1, operations: ['Lambda.ListFunctions'] });
  const { ListFunctionsCommand } = require('@aws-sdk/client-lambda');
  const e = await sdkError(sb.lambda({ maxAttempts: 1 }).send(new ListFunctionsCommand({})));
  assert.equal(e.name, 'TooManyRequestsException');
  assert.equal(e.$metadata.httpStatusCode, 429);
  await sb.setFaults({});
});

test('POST /_sandbox/load adds an inline scenario; /_sandbox/reset empties the account first', async () => {
  const scenario = { tables: [{ spec: spec('loaded-table'), items: [{ pk: { S: 'x' } }], generate: { count: 30, seed: 3 }, ttl: { AttributeName: 'exp', Enabled: true }, pitr: true }] };
  const loaded = await sb.admin('POST', '/load', { scenario });
  assert.equal(loaded.status, 200, JSON.stringify(loaded.body));
  const ddb = sb.dynamodb();
  const count = await ddb.send(new D.ScanCommand({ TableName: 'loaded-table', Select: 'COUNT' }));
  assert.equal(count.Count, 31);
  const ttl = await ddb.send(new D.DescribeTimeToLiveCommand({ TableName: 'loaded-table' }));
  assert.equal(ttl.TimeToLiveDescription.TimeToLiveStatus, 'ENABLED');
  const pitr = await ddb.send(new D.DescribeContinuousBackupsCommand({ TableName: 'loaded-table' }));
  assert.equal(pitr.ContinuousBackupsDescription.PointInTimeRecoveryDescription.PointInTimeRecoveryStatus, 'ENABLED');
  await ddb.send(new D.CreateBackupCommand({ TableName: 'loaded-table', BackupName: 'x' }));

  const reset = await sb.admin('POST', '/reset', { scenario: { tables: [{ spec: { ...spec('only-table'), DeletionProtectionEnabled: true } }] } });
  assert.equal(reset.status, 200, JSON.stringify(reset.body));
  const tables = await ddb.send(new D.ListTablesCommand({}));
  assert.deepEqual(tables.TableNames, ['only-table']);
  const backups = await ddb.send(new D.ListBackupsCommand({}));
  assert.deepEqual(backups.BackupSummaries, []);
  // Protected tables are deleted by reset too.
  const again = await sb.admin('POST', '/reset', {});
  assert.equal(again.status, 200);
  assert.deepEqual((await ddb.send(new D.ListTablesCommand({}))).TableNames, []);
});

test('unknown admin routes answer 404; health answers ok', async () => {
  assert.equal((await sb.admin('GET', '/nope')).status, 404);
  assert.deepEqual((await sb.admin('GET', '/health')).body, { ok: true });
});
