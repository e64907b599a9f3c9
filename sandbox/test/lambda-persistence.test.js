'use strict';
// With --data DIR, functions (configuration, versions, aliases, code) and event source mappings
// (their per-shard checkpoints too) survive a restart.

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const AdmZip = require('adm-zip');
const L = require('@aws-sdk/client-lambda');
const { startSandbox, createExecutionRole } = require('./helpers');

test('functions, versions and aliases survive a restart with --data', { timeout: 90000 }, async () => {
  const data = fs.mkdtempSync(path.join(os.tmpdir(), 'ddbmv-lambda-data-'));
  const z = new AdmZip();
  z.addFile('index.js', Buffer.from('exports.handler = async () => ({ color: process.env.COLOR });'));
  let sb = await startSandbox({ args: ['--data', data, '--lambda-update-delay-ms', '100'] });
  try {
    const lambda = sb.lambda();
    await createExecutionRole(sb, 'r'); // IAM is kept under --data too
    await lambda.send(new L.CreateFunctionCommand({
      FunctionName: 'kept', Runtime: 'nodejs20.x', Role: 'arn:aws:iam::000000000000:role/r', Handler: 'index.handler',
      Code: { ZipFile: z.toBuffer() }, Environment: { Variables: { COLOR: 'red' } }, Publish: true,
    }));
    await lambda.send(new L.CreateAliasCommand({ FunctionName: 'kept', Name: 'live', FunctionVersion: '1' }));
    for (let i = 0; i < 50; i++) {
      const c = await lambda.send(new L.GetFunctionConfigurationCommand({ FunctionName: 'kept' }));
      if (c.State === 'Active' && c.LastUpdateStatus === 'Successful') break;
      await new Promise((r) => setTimeout(r, 50));
    }
    await lambda.send(new L.UpdateFunctionConfigurationCommand({ FunctionName: 'kept', Environment: { Variables: { COLOR: 'blue' } } }));
    await sb.stop();

    sb = await startSandbox({ args: ['--data', data] });
    const again = sb.lambda();
    const cfg = await again.send(new L.GetFunctionConfigurationCommand({ FunctionName: 'kept' }));
    assert.deepEqual(cfg.Environment.Variables, { COLOR: 'blue' });
    assert.equal(cfg.LastUpdateStatus, 'Successful', 'an update in progress at shutdown is complete after it');
    const viaAlias = await again.send(new L.InvokeCommand({ FunctionName: 'kept', Qualifier: 'live' }));
    assert.equal(viaAlias.ExecutedVersion, '1');
    assert.deepEqual(JSON.parse(Buffer.from(viaAlias.Payload).toString()), { color: 'red' });
    const latest = await again.send(new L.InvokeCommand({ FunctionName: 'kept' }));
    assert.deepEqual(JSON.parse(Buffer.from(latest.Payload).toString()), { color: 'blue' });
  } finally {
    await sb.stop();
    fs.rmSync(data, { recursive: true, force: true });
  }
});

test('an event source mapping keeps its checkpoint across a restart with --data: no replay, no loss', { timeout: 120000 }, async () => {
  const D = require('@aws-sdk/client-dynamodb');
  const data = fs.mkdtempSync(path.join(os.tmpdir(), 'ddbmv-lambda-data-'));
  const z = new AdmZip();
  z.addFile('index.js', Buffer.from(`
const { DynamoDBClient, PutItemCommand } = require('@aws-sdk/client-dynamodb');
const ddb = new DynamoDBClient({});
exports.handler = async (event) => {
  for (const r of event.Records) {
    await ddb.send(new PutItemCommand({ TableName: 'sink', Item: { pk: { S: r.dynamodb.SequenceNumber + '#' + Math.random() }, key: { S: r.dynamodb.Keys.pk.S } } }));
  }
  return {};
};`));
  const key = { AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }], BillingMode: 'PAY_PER_REQUEST' };
  const delivered = async (ddb) => (await ddb.send(new D.ScanCommand({ TableName: 'sink', ConsistentRead: true }))).Items.map((i) => i.key.S).sort();
  const until = async (fn) => { for (let i = 0; i < 200; i++) { if (await fn()) return; await new Promise((r) => setTimeout(r, 100)); } throw new Error('timed out'); };
  let sb = await startSandbox({ args: ['--data', data, '--lambda-update-delay-ms', '100'] });
  try {
    const ddb = sb.dynamodb();
    const src = await ddb.send(new D.CreateTableCommand({ TableName: 'src', ...key, StreamSpecification: { StreamEnabled: true, StreamViewType: 'KEYS_ONLY' } }));
    await ddb.send(new D.CreateTableCommand({ TableName: 'sink', ...key }));
    await createExecutionRole(sb, 'r'); // the sandbox enforces IAM: the role must exist and trust Lambda
    const lambda = sb.lambda();
    await lambda.send(new L.CreateFunctionCommand({
      FunctionName: 'consumer', Runtime: 'nodejs20.x', Role: 'arn:aws:iam::000000000000:role/r', Handler: 'index.handler', Code: { ZipFile: z.toBuffer() },
    }));
    await until(async () => (await lambda.send(new L.GetFunctionConfigurationCommand({ FunctionName: 'consumer' }))).State === 'Active');
    const m = await lambda.send(new L.CreateEventSourceMappingCommand({ FunctionName: 'consumer', EventSourceArn: src.TableDescription.LatestStreamArn, StartingPosition: 'TRIM_HORIZON' }));
    for (const k of ['a', 'b', 'c']) await ddb.send(new D.PutItemCommand({ TableName: 'src', Item: { pk: { S: k } } }));
    await until(async () => (await delivered(ddb)).length === 3);
    await new Promise((r) => setTimeout(r, 500));
    await sb.stop();

    sb = await startSandbox({ args: ['--data', data] });
    const ddb2 = sb.dynamodb();
    assert.equal((await sb.lambda().send(new L.GetEventSourceMappingCommand({ UUID: m.UUID }))).State, 'Enabled');
    for (const k of ['d', 'e']) await ddb2.send(new D.PutItemCommand({ TableName: 'src', Item: { pk: { S: k } } }));
    await until(async () => (await delivered(ddb2)).length >= 5);
    await new Promise((r) => setTimeout(r, 800));
    assert.deepEqual(await delivered(ddb2), ['a', 'b', 'c', 'd', 'e']);
  } finally {
    await sb.stop();
    fs.rmSync(data, { recursive: true, force: true });
  }
});
