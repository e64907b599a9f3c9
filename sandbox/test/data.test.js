'use strict';
// The data plane passes through to DynamoDB Local untouched: Scan (segments, paging, COUNT,
// consistent reads), BatchWriteItem, GetItem, Query; and DynamoDB Streams with the sandbox's ARNs.

const test = require('node:test');
const assert = require('node:assert/strict');
const D = require('@aws-sdk/client-dynamodb');
const S = require('@aws-sdk/client-dynamodb-streams');
const { useSandbox } = require('./helpers');

const sb = useSandbox({ setup: fill });
const N = 300;

function item(i) {
  return {
    pk: { S: `item-${String(i).padStart(4, '0')}` },
    n: { N: String(i) },
    b: { B: Buffer.from([i % 256, 1, 2]) },
    ss: { SS: ['a', `s${i}`] },
    ns: { NS: ['1', String(i + 2)] },
    bs: { BS: [Buffer.from('x'), Buffer.from(`y${i}`)] },
    l: { L: [{ S: 'l' }, { N: '2' }, { BOOL: true }, { NULL: true }] },
    m: { M: { k: { S: 'v' }, deep: { M: { n: { N: String(i) } } } } },
    bool: { BOOL: i % 2 === 0 },
    nul: { NULL: true },
    arnLike: { S: 'arn:aws:dynamodb:ddblocal:000000000000:table/not-rewritten-in-data' },
  };
}

async function fill() {
  const ddb = sb.dynamodb();
  await ddb.send(new D.CreateTableCommand({
    TableName: 'data-table', BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
    KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
    StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
  }));
  for (let i = 0; i < N; i += 25) {
    const out = await ddb.send(new D.BatchWriteItemCommand({ RequestItems: { 'data-table': Array.from({ length: 25 }, (_, j) => ({ PutRequest: { Item: item(i + j) } })) } }));
    assert.deepEqual(out.UnprocessedItems, {});
  }
}

test('GetItem returns every attribute type byte for byte, item data never rewritten', async () => {
  const out = await sb.dynamodb().send(new D.GetItemCommand({ TableName: 'data-table', Key: { pk: { S: 'item-0007' } }, ConsistentRead: true }));
  const expected = item(7);
  assert.deepEqual(Object.keys(out.Item).sort(), Object.keys(expected).sort());
  assert.deepEqual(out.Item.m, expected.m);
  assert.deepEqual(out.Item.l, expected.l);
  assert.deepEqual(Buffer.from(out.Item.b.B), Buffer.from([7, 1, 2]));
  assert.equal(out.Item.arnLike.S, expected.arnLike.S);
});

test('Scan pages with Limit and ExclusiveStartKey', async () => {
  const ddb = sb.dynamodb();
  const keys = new Set();
  let ExclusiveStartKey;
  let pages = 0;
  do {
    const page = await ddb.send(new D.ScanCommand({ TableName: 'data-table', Limit: 70, ExclusiveStartKey, ConsistentRead: true }));
    page.Items.forEach((it) => keys.add(it.pk.S));
    ExclusiveStartKey = page.LastEvaluatedKey;
    pages++;
  } while (ExclusiveStartKey);
  assert.equal(keys.size, N);
  assert.ok(pages >= 5);
});

test('parallel Scan with Segment/TotalSegments covers every item exactly once', async () => {
  const ddb = sb.dynamodb();
  const TotalSegments = 4;
  const counts = await Promise.all(Array.from({ length: TotalSegments }, async (_, Segment) => {
    const keys = [];
    let ExclusiveStartKey;
    do {
      const page = await ddb.send(new D.ScanCommand({ TableName: 'data-table', Segment, TotalSegments, ExclusiveStartKey }));
      keys.push(...page.Items.map((it) => it.pk.S));
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    return keys;
  }));
  const all = counts.flat();
  assert.equal(all.length, N);
  assert.equal(new Set(all).size, N);
});

test('Scan with Select COUNT counts without items', async () => {
  const out = await sb.dynamodb().send(new D.ScanCommand({ TableName: 'data-table', Select: 'COUNT', ConsistentRead: true }));
  assert.equal(out.Count, N);
  assert.equal(out.Items, undefined);
});

test('BatchWriteItem deletes, Query and PutItem work; errors keep AWS\'s shape', async () => {
  const ddb = sb.dynamodb();
  await ddb.send(new D.BatchWriteItemCommand({ RequestItems: { 'data-table': [{ DeleteRequest: { Key: { pk: { S: 'item-0000' } } } }] } }));
  const gone = await ddb.send(new D.GetItemCommand({ TableName: 'data-table', Key: { pk: { S: 'item-0000' } } }));
  assert.equal(gone.Item, undefined);
  await ddb.send(new D.PutItemCommand({ TableName: 'data-table', Item: item(0) }));
  const q = await ddb.send(new D.QueryCommand({ TableName: 'data-table', KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': { S: 'item-0000' } } }));
  assert.equal(q.Count, 1);
  try {
    await ddb.send(new D.GetItemCommand({ TableName: 'no-such-table', Key: { pk: { S: 'x' } } }));
    assert.fail('expected ResourceNotFoundException');
  } catch (e) {
    assert.equal(e.name, 'ResourceNotFoundException');
    assert.equal(e.message, 'Requested resource not found');
  }
});

test('Streams: ListStreams, DescribeStream, GetShardIterator, GetRecords with the sandbox\'s ARNs', async () => {
  const streams = sb.streams();
  const list = await streams.send(new S.ListStreamsCommand({ TableName: 'data-table' }));
  assert.equal(list.Streams.length, 1);
  const { StreamArn } = list.Streams[0];
  assert.match(StreamArn, /^arn:aws:dynamodb:us-east-1:000000000000:table\/data-table\/stream\//);
  const { Table } = await sb.dynamodb().send(new D.DescribeTableCommand({ TableName: 'data-table' }));
  assert.equal(Table.LatestStreamArn, StreamArn);

  const desc = await streams.send(new S.DescribeStreamCommand({ StreamArn }));
  assert.equal(desc.StreamDescription.StreamArn, StreamArn);
  assert.equal(desc.StreamDescription.StreamViewType, 'NEW_AND_OLD_IMAGES');
  const shard = desc.StreamDescription.Shards[0];
  const it = await streams.send(new S.GetShardIteratorCommand({ StreamArn, ShardId: shard.ShardId, ShardIteratorType: 'TRIM_HORIZON' }));
  assert.ok(!it.ShardIterator.includes('ddblocal'));

  const records = [];
  let iterator = it.ShardIterator;
  for (let i = 0; i < 20 && iterator && records.length < N; i++) {
    const page = await streams.send(new S.GetRecordsCommand({ ShardIterator: iterator, Limit: 1000 }));
    records.push(...page.Records);
    iterator = page.NextShardIterator;
  }
  assert.ok(records.length >= N, `got ${records.length} records`);
  assert.equal(records[0].eventName, 'INSERT');
  assert.equal(records[0].awsRegion, 'us-east-1');
  assert.ok(records[0].dynamodb.NewImage.pk.S.startsWith('item-'));
  assert.equal(records[0].dynamodb.NewImage.arnLike.S, item(0).arnLike.S);
});

test('awscli v2: scan with --select COUNT and get-item', async () => {
  const r = await sb.aws(['dynamodb', 'scan', '--table-name', 'data-table', '--select', 'COUNT']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.json.Count, N);
  const g = await sb.aws(['dynamodb', 'get-item', '--table-name', 'data-table', '--key', '{"pk":{"S":"item-0003"}}']);
  assert.equal(g.code, 0, g.stderr);
  assert.equal(g.json.Item.n.N, '3');
});
