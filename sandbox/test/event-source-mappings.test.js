'use strict';
// Event source mappings on DynamoDB streams that really run, driven through the AWS SDK for
// JavaScript v3 (and awscli): State transitions, delivery of every change of a key in order and
// at least once through function errors and retries, Disable/Enable without loss or replay,
// LATEST never delivering older records, filters, discarded batches recorded for OnFailure.

const test = require('node:test');
const assert = require('node:assert/strict');
const AdmZip = require('adm-zip');
const L = require('@aws-sdk/client-lambda');
const D = require('@aws-sdk/client-dynamodb');
const { useSandbox, createExecutionRole } = require('./helpers');

const ROLE = 'arn:aws:iam::000000000000:role/sandbox-esm-role';
// The functions' execution role must exist and let Lambda assume it (the sandbox enforces IAM).
const sb = useSandbox({ args: ['--lambda-update-delay-ms', '200'], setup: (s) => createExecutionRole(s, 'sandbox-esm-role') });

// Records every invocation's batch in the SINK table (before failing, when it fails). FAILS_LEFT
// in the control item makes the next invocations fail; MODE=report reports the first record
// whose NewImage has `bad` as a batch item failure, once per record.
const HANDLER = `
const { DynamoDBClient, PutItemCommand, UpdateItemCommand } = require('@aws-sdk/client-dynamodb');
const crypto = require('node:crypto');
const ddb = new DynamoDBClient({});
let n = 0;
async function takeFailure(id) {
  try {
    await ddb.send(new UpdateItemCommand({ TableName: process.env.SINK, Key: { pk: { S: id } },
      UpdateExpression: 'SET n = n - :one', ConditionExpression: 'n > :zero',
      ExpressionAttributeValues: { ':one': { N: '1' }, ':zero': { N: '0' } } }));
    return true;
  } catch (e) { if (e.name === 'ConditionalCheckFailedException') return false; throw e; }
}
exports.handler = async (event) => {
  let failed = false; let report = [];
  if (process.env.MODE === 'always') failed = true;
  else if (process.env.MODE === 'report') {
    const bad = event.Records.find((r) => r.dynamodb.NewImage && r.dynamodb.NewImage.bad);
    if (bad && await takeFailure('control#' + bad.dynamodb.Keys.pk.S + bad.dynamodb.NewImage.v.N)) report = [{ itemIdentifier: bad.dynamodb.SequenceNumber }];
  } else failed = await takeFailure('control');
  await ddb.send(new PutItemCommand({ TableName: process.env.SINK, Item: {
    pk: { S: 'call#' + crypto.randomUUID() }, at: { N: String(Date.now() * 1000 + (n++ % 1000)) },
    failed: { BOOL: failed }, reported: { S: JSON.stringify(report) }, event: { S: JSON.stringify(event) } } }));
  if (failed) throw new Error('injected failure');
  return report.length ? { batchItemFailures: report } : {};
};`;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function setup(name, { mode = 'fail', fails = 0 } = {}) {
  const ddb = sb.dynamodb();
  const lambda = sb.lambda();
  const source = await ddb.send(new D.CreateTableCommand({
    TableName: `${name}-src`, BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
    StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
  }));
  await ddb.send(new D.CreateTableCommand({
    TableName: `${name}-sink`, BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
  }));
  await ddb.send(new D.PutItemCommand({ TableName: `${name}-sink`, Item: { pk: { S: 'control' }, n: { N: String(fails) } } }));
  const z = new AdmZip();
  z.addFile('index.js', Buffer.from(HANDLER));
  await lambda.send(new L.CreateFunctionCommand({
    FunctionName: `${name}-fn`, Runtime: 'nodejs20.x', Handler: 'index.handler', Role: ROLE, Timeout: 10,
    Code: { ZipFile: z.toBuffer() }, Environment: { Variables: { SINK: `${name}-sink`, MODE: mode } },
  }));
  await waitForFunction(lambda, `${name}-fn`);
  return { ddb, lambda, streamArn: source.TableDescription.LatestStreamArn, table: `${name}-src`, sink: `${name}-sink`, fn: `${name}-fn` };
}

async function waitForFunction(lambda, FunctionName) {
  for (let i = 0; i < 100; i++) {
    const c = await lambda.send(new L.GetFunctionConfigurationCommand({ FunctionName }));
    if (c.State === 'Active') return;
    await sleep(50);
  }
  throw new Error(`${FunctionName} never became Active`);
}

async function waitForState(lambda, UUID, state) {
  const seen = [];
  for (let i = 0; i < 200; i++) {
    const m = await lambda.send(new L.GetEventSourceMappingCommand({ UUID }));
    if (seen[seen.length - 1] !== m.State) seen.push(m.State);
    if (m.State === state) return { m, seen };
    await sleep(25);
  }
  throw new Error(`mapping ${UUID} never reached ${state} (saw ${seen.join(' → ')})`);
}

/** Writes `v` = from..to to each key, one PutItem each, keys interleaved (`pauseMs` apart). */
async function writeVersions(ddb, table, keys, from, to, extra = () => ({}), pauseMs = 0) {
  for (let v = from; v <= to; v++) {
    for (const k of keys) {
      await ddb.send(new D.PutItemCommand({ TableName: table, Item: { pk: { S: k }, v: { N: String(v) }, ...extra(k, v) } }));
      if (pauseMs) await sleep(pauseMs);
    }
  }
}

/** Every invocation the function saw, in order: { failed, reported, records: [{ key, v, seq, name }] }. */
async function calls(ddb, sink) {
  const out = [];
  let ExclusiveStartKey;
  do {
    const page = await ddb.send(new D.ScanCommand({ TableName: sink, ConsistentRead: true, ExclusiveStartKey }));
    for (const it of page.Items) {
      if (!it.pk.S.startsWith('call#')) continue;
      const event = JSON.parse(it.event.S);
      out.push({
        at: Number(it.at.N), failed: it.failed.BOOL, reported: JSON.parse(it.reported.S), event,
        records: event.Records.map((r) => ({ key: r.dynamodb.Keys.pk.S, v: r.dynamodb.NewImage ? Number(r.dynamodb.NewImage.v.N) : null, seq: r.dynamodb.SequenceNumber, name: r.eventName })),
      });
    }
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return out.sort((a, b) => a.at - b.at);
}

/** The records successfully delivered (a failed call delivers nothing; a reported one delivers those before the failure). */
function delivered(all) {
  const out = [];
  for (const c of all) {
    if (c.failed) continue;
    const cut = c.reported.length ? c.records.findIndex((r) => r.seq === c.reported[0].itemIdentifier) : c.records.length;
    out.push(...c.records.slice(0, cut));
  }
  return out;
}

async function until(what, fn, timeoutMs = 20000) {
  const t0 = Date.now();
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

function assertInOrder(records, keys, upTo) {
  for (const k of keys) {
    const vs = records.filter((r) => r.key === k).map((r) => r.v);
    // At least once and in order: the distinct versions, in delivery order, are 1..upTo.
    const distinct = vs.filter((v, i) => i === 0 || v !== vs[i - 1]);
    assert.deepEqual(distinct, Array.from({ length: upTo }, (_, i) => i + 1), `key ${k}: ${vs.join(',')}`);
  }
}

test('Creating → Enabled; TRIM_HORIZON delivers every change of each key in order through function errors and retries', async () => {
  const s = await setup('esm-order', { fails: 2 });
  const keys = ['a', 'b', 'c'];
  await writeVersions(s.ddb, s.table, keys, 1, 8);
  const created = await s.lambda.send(new L.CreateEventSourceMappingCommand({
    FunctionName: s.fn, EventSourceArn: s.streamArn, StartingPosition: 'TRIM_HORIZON', BatchSize: 5,
  }));
  assert.equal(created.State, 'Creating');
  assert.equal(created.BatchSize, 5);
  assert.equal(created.EventSourceArn, s.streamArn);
  assert.equal(created.MaximumRetryAttempts, -1);
  assert.equal(created.ParallelizationFactor, 1);
  assert.match(created.FunctionArn, /:function:esm-order-fn$/);
  await waitForState(s.lambda, created.UUID, 'Enabled');
  const all = await until('24 delivered records', async () => {
    const c = await calls(s.ddb, s.sink);
    return delivered(c).length >= 24 ? c : null;
  });
  assert.equal(all.filter((c) => c.failed).length, 2, 'the two injected failures were retried');
  assert.ok(all.every((c) => c.records.length <= 5), 'BatchSize honoured');
  assertInOrder(delivered(all), keys, 8);
  const r = all[0].event.Records[0];
  assert.equal(r.eventSource, 'aws:dynamodb');
  assert.equal(r.eventSourceARN, s.streamArn);
  assert.equal(r.awsRegion, sb.region);
  assert.equal(r.eventName, 'INSERT');
  assert.ok(r.eventID && r.eventVersion);
  assert.deepEqual(r.dynamodb.Keys, { pk: { S: 'a' } });
  assert.equal(r.dynamodb.StreamViewType, 'NEW_AND_OLD_IMAGES');
  assert.ok(r.dynamodb.SizeBytes > 0 && r.dynamodb.SequenceNumber && typeof r.dynamodb.ApproximateCreationDateTime === 'number');
  const modify = all.flatMap((c) => c.event.Records).find((x) => x.eventName === 'MODIFY');
  assert.ok(modify.dynamodb.OldImage && modify.dynamodb.NewImage);
  const m = await s.lambda.send(new L.GetEventSourceMappingCommand({ UUID: created.UUID }));
  assert.equal(m.LastProcessingResult, 'OK');
});

test('Disable then Enable resumes after the last delivered record: no loss, no replay', async () => {
  const s = await setup('esm-pause');
  const keys = ['k1', 'k2'];
  const created = await s.lambda.send(new L.CreateEventSourceMappingCommand({
    FunctionName: s.fn, EventSourceArn: s.streamArn, StartingPosition: 'TRIM_HORIZON', BatchSize: 3,
  }));
  await waitForState(s.lambda, created.UUID, 'Enabled');
  await writeVersions(s.ddb, s.table, keys, 1, 4);
  await until('the first 8', async () => delivered(await calls(s.ddb, s.sink)).length >= 8);
  const disabling = await s.lambda.send(new L.UpdateEventSourceMappingCommand({ UUID: created.UUID, Enabled: false }));
  assert.equal(disabling.State, 'Disabling');
  await waitForState(s.lambda, created.UUID, 'Disabled');
  const before = (await calls(s.ddb, s.sink)).length;
  await writeVersions(s.ddb, s.table, keys, 5, 9);
  await sleep(1200);
  assert.equal((await calls(s.ddb, s.sink)).length, before, 'a Disabled mapping invokes nothing');
  const enabling = await s.lambda.send(new L.UpdateEventSourceMappingCommand({ UUID: created.UUID, Enabled: true }));
  assert.equal(enabling.State, 'Enabling');
  await waitForState(s.lambda, created.UUID, 'Enabled');
  const all = await until('all 18', async () => {
    const c = await calls(s.ddb, s.sink);
    return delivered(c).length >= 18 ? c : null;
  });
  await sleep(600);
  const records = delivered(await calls(s.ddb, s.sink));
  assert.equal(all.filter((c) => c.failed).length, 0);
  assert.equal(records.length, 18, 'each record exactly once (no failures, so no replay)');
  assert.equal(new Set(records.map((r) => r.seq)).size, 18);
  assertInOrder(records, keys, 9);
});

test('LATEST never delivers records written before the mapping was Enabled', async () => {
  const s = await setup('esm-latest');
  await writeVersions(s.ddb, s.table, ['x', 'y'], 1, 3);
  const created = await s.lambda.send(new L.CreateEventSourceMappingCommand({
    FunctionName: s.fn, EventSourceArn: s.streamArn, StartingPosition: 'LATEST', BatchSize: 10,
  }));
  await waitForState(s.lambda, created.UUID, 'Enabled');
  await until('positioned', async () => {
    const { body } = await sb.admin('GET', '/event-source-mappings');
    const f = body.mappings.find((x) => x.UUID === created.UUID);
    return f && Object.keys(f.checkpoints).length > 0;
  });
  await writeVersions(s.ddb, s.table, ['x', 'y'], 4, 5);
  await until('the 4 new records', async () => delivered(await calls(s.ddb, s.sink)).length >= 4);
  await sleep(500);
  const records = delivered(await calls(s.ddb, s.sink));
  assert.deepEqual(records.map((r) => `${r.key}${r.v}`).sort(), ['x4', 'x5', 'y4', 'y5']);
});

test('FilterCriteria: exact values, prefix, exists, anything-but and numeric select the records delivered', async () => {
  const s = await setup('esm-filter');
  const patterns = [
    { eventName: ['INSERT'], dynamodb: { NewImage: { status: { S: [{ prefix: 'act' }] } } } },
    { dynamodb: { NewImage: { qty: { N: [{ numeric: ['>', 10, '<=', 20] }] }, status: { S: [{ 'anything-but': ['deleted'] }] } } } },
    { dynamodb: { NewImage: { vip: [{ exists: true }], status: { S: ['gold'] } } } },
  ];
  const created = await s.lambda.send(new L.CreateEventSourceMappingCommand({
    FunctionName: s.fn, EventSourceArn: s.streamArn, StartingPosition: 'TRIM_HORIZON', BatchSize: 100,
    FilterCriteria: { Filters: patterns.map((p) => ({ Pattern: JSON.stringify(p) })) },
  }));
  assert.deepEqual(created.FilterCriteria.Filters.map((f) => JSON.parse(f.Pattern)), patterns);
  await waitForState(s.lambda, created.UUID, 'Enabled');
  const items = {
    p1: { status: 'active' },               // INSERT + prefix → yes
    p2: { status: 'inactive' },             // no
    p3: { status: 'pending', qty: 15 },     // numeric in range, not deleted → yes
    p4: { status: 'deleted', qty: 15 },     // anything-but → no
    p5: { status: 'pending', qty: 25 },     // out of range → no
    p6: { status: 'gold', vip: true },      // exists → yes
    p7: { status: 'gold' },                 // no vip → no
  };
  for (const [pk, a] of Object.entries(items)) {
    const Item = { pk: { S: pk }, v: { N: '1' }, status: { S: a.status } };
    if (a.qty !== undefined) Item.qty = { N: String(a.qty) };
    if (a.vip) Item.vip = { BOOL: true };
    await s.ddb.send(new D.PutItemCommand({ TableName: s.table, Item }));
  }
  await s.ddb.send(new D.PutItemCommand({ TableName: s.table, Item: { pk: { S: 'p1' }, v: { N: '2' }, status: { S: 'active' } } })); // MODIFY → no
  await until('3 records', async () => delivered(await calls(s.ddb, s.sink)).length >= 3);
  await sleep(800);
  const records = delivered(await calls(s.ddb, s.sink));
  assert.deepEqual(records.map((r) => r.key).sort(), ['p1', 'p3', 'p6']);
  await assert.rejects(s.lambda.send(new L.UpdateEventSourceMappingCommand({ UUID: created.UUID, FilterCriteria: { Filters: [{ Pattern: '{not json' }] } })),
    (e) => e.name === 'InvalidParameterValueException');
});

test('MaximumBatchingWindowInSeconds gathers records written close together into one batch', async () => {
  const s = await setup('esm-window');
  const created = await s.lambda.send(new L.CreateEventSourceMappingCommand({
    FunctionName: s.fn, EventSourceArn: s.streamArn, StartingPosition: 'TRIM_HORIZON', BatchSize: 50, MaximumBatchingWindowInSeconds: 2,
  }));
  await waitForState(s.lambda, created.UUID, 'Enabled');
  // Spread over about a second: each write lands in a different poll, yet inside one window.
  await writeVersions(s.ddb, s.table, ['w1', 'w2', 'w3'], 1, 2, () => ({}), 180);
  const all = await until('6 records', async () => {
    const c = await calls(s.ddb, s.sink);
    return delivered(c).length >= 6 ? c : null;
  });
  assert.equal(all.length, 1, `one invocation, not ${all.map((c) => c.records.length).join('+')}`);
});

test('retries run out: the batch is discarded to the OnFailure destination after MaximumRetryAttempts + 1 calls', async () => {
  const s = await setup('esm-discard', { mode: 'always' });
  const destination = 'arn:aws:sqs:us-east-1:000000000000:esm-dlq';
  const created = await s.lambda.send(new L.CreateEventSourceMappingCommand({
    FunctionName: s.fn, EventSourceArn: s.streamArn, StartingPosition: 'TRIM_HORIZON', BatchSize: 10,
    MaximumRetryAttempts: 2, DestinationConfig: { OnFailure: { Destination: destination } }, MaximumRecordAgeInSeconds: 3600,
  }));
  assert.equal(created.MaximumRetryAttempts, 2);
  assert.equal(created.MaximumRecordAgeInSeconds, 3600);
  assert.deepEqual(created.DestinationConfig, { OnFailure: { Destination: destination } });
  await waitForState(s.lambda, created.UUID, 'Enabled');
  await writeVersions(s.ddb, s.table, ['d'], 1, 1);
  const facts = await until('a discarded batch', async () => {
    const { body } = await sb.admin('GET', '/event-source-mappings');
    const f = body.mappings.find((x) => x.UUID === created.UUID);
    return f && f.discarded.length ? f : null;
  });
  assert.equal(facts.discarded[0].destination, destination);
  const info = facts.discarded[0].record;
  assert.equal(info.requestContext.condition, 'RetryAttemptsExhausted');
  assert.equal(info.requestContext.approximateInvokeCount, 3);
  assert.equal(info.DDBStreamBatchInfo.batchSize, 1);
  assert.equal(info.DDBStreamBatchInfo.streamArn, s.streamArn);
  assert.equal((await calls(s.ddb, s.sink)).length, 3);
  const m = await s.lambda.send(new L.GetEventSourceMappingCommand({ UUID: created.UUID }));
  assert.equal(m.LastProcessingResult, 'PROBLEM: Function call failed');
  // The shard moved on: the next record is tried (and discarded) too.
  await writeVersions(s.ddb, s.table, ['d'], 2, 2);
  await until('a second discarded batch', async () => {
    const { body } = await sb.admin('GET', '/event-source-mappings');
    return body.mappings.find((x) => x.UUID === created.UUID).discarded.length === 2;
  });
});

test('ReportBatchItemFailures retries from the reported record; BisectBatchOnFunctionError and ParallelizationFactor round-trip', async () => {
  const s = await setup('esm-report', { mode: 'report' });
  const created = await s.lambda.send(new L.CreateEventSourceMappingCommand({
    FunctionName: s.fn, EventSourceArn: s.streamArn, StartingPosition: 'TRIM_HORIZON', BatchSize: 10,
    FunctionResponseTypes: ['ReportBatchItemFailures'], BisectBatchOnFunctionError: true, ParallelizationFactor: 2,
    MaximumBatchingWindowInSeconds: 1,
  }));
  assert.deepEqual(created.FunctionResponseTypes, ['ReportBatchItemFailures']);
  assert.equal(created.BisectBatchOnFunctionError, true);
  assert.equal(created.ParallelizationFactor, 2);
  assert.equal(created.MaximumBatchingWindowInSeconds, 1);
  await waitForState(s.lambda, created.UUID, 'Enabled');
  for (const k of ['r1', 'r2']) {
    await s.ddb.send(new D.PutItemCommand({ TableName: s.sink, Item: { pk: { S: `control#${k}3` }, n: { N: '1' } } }));
  }
  await writeVersions(s.ddb, s.table, ['r1', 'r2'], 1, 5, (k, v) => (v === 3 ? { bad: { BOOL: true } } : {}));
  const all = await until('10 delivered', async () => {
    const c = await calls(s.ddb, s.sink);
    return delivered(c).length >= 10 ? c : null;
  });
  assert.ok(all.some((c) => c.reported.length), 'a batch item failure was reported');
  assertInOrder(delivered(all), ['r1', 'r2'], 5);
});

test('validation: a missing stream, a bad setting, ResourceInUse while transitioning; Deleting, then gone; awscli sees mappings', async () => {
  const s = await setup('esm-validate');
  await assert.rejects(s.lambda.send(new L.CreateEventSourceMappingCommand({
    FunctionName: s.fn, EventSourceArn: `${s.streamArn.replace(/stream\/.*/, '')}stream/2020-01-01T00:00:00.000`.replace('esm-validate-src', 'nope'), StartingPosition: 'LATEST',
  })), (e) => e.name === 'InvalidParameterValueException');
  await assert.rejects(s.lambda.send(new L.CreateEventSourceMappingCommand({
    FunctionName: s.fn, EventSourceArn: s.streamArn, StartingPosition: 'LATEST', BatchSize: 20000,
  })), (e) => e.name === 'ValidationException' || e.name === 'InvalidParameterValueException');
  const created = await s.lambda.send(new L.CreateEventSourceMappingCommand({ FunctionName: s.fn, EventSourceArn: s.streamArn, StartingPosition: 'LATEST', Enabled: false }));
  await assert.rejects(s.lambda.send(new L.UpdateEventSourceMappingCommand({ UUID: created.UUID, BatchSize: 5 })), (e) => e.name === 'ResourceInUseException');
  const { seen } = await waitForState(s.lambda, created.UUID, 'Disabled');
  assert.deepEqual(seen.slice(-1), ['Disabled']);
  const updating = await s.lambda.send(new L.UpdateEventSourceMappingCommand({ UUID: created.UUID, BatchSize: 5 }));
  assert.equal(updating.State, 'Updating');
  assert.equal(updating.BatchSize, 5);
  await waitForState(s.lambda, created.UUID, 'Disabled');
  const cli = await sb.aws(['lambda', 'get-event-source-mapping', '--uuid', created.UUID]);
  assert.equal(cli.code, 0, cli.stderr);
  assert.equal(cli.json.State, 'Disabled');
  assert.equal(cli.json.BatchSize, 5);
  const deleting = await s.lambda.send(new L.DeleteEventSourceMappingCommand({ UUID: created.UUID }));
  assert.equal(deleting.State, 'Deleting');
  await until('gone', async () => s.lambda.send(new L.GetEventSourceMappingCommand({ UUID: created.UUID })).then(() => false, (e) => e.name === 'ResourceNotFoundException'));
  const listed = await sb.aws(['lambda', 'list-event-source-mappings', '--function-name', s.fn]);
  assert.deepEqual(listed.json.EventSourceMappings, []);
});
