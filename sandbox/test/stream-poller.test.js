'use strict';
// The event source mapping poller (src/lambda/event-source/poller.js) against a fake DynamoDB
// Streams and a fake invoker: shards are read parents first; a stream read the execution role is
// denied stops the mapping before any invocation, with the reason in LastProcessingResult; a
// spurious TrimmedDataAccessException (DynamoDB Local's) neither loses nor repeats a record.

const test = require('node:test');
const assert = require('node:assert/strict');
const { StreamPoller } = require('../src/lambda/event-source/poller');

const STREAM = 'arn:aws:dynamodb:us-east-1:000000000000:table/t/stream/2026-01-01T00:00:00.000';
const ROLE = 'arn:aws:iam::000000000000:role/consumer';

function record(seq, key) {
  return { eventID: `e${seq}`, eventName: 'INSERT', eventVersion: '1.1', eventSource: 'aws:dynamodb', awsRegion: 'ddblocal',
    dynamodb: { Keys: { pk: { S: key } }, SequenceNumber: String(seq), SizeBytes: 10, StreamViewType: 'KEYS_ONLY', ApproximateCreationDateTime: Date.now() / 1000 } };
}

/** shards: [{ id, parent, closed, records }]; `trimOnce` makes the first GetRecords of a fresh TRIM_HORIZON iterator fail as Local does. */
function fakeStreams(shards, { trimOnce = false } = {}) {
  const calls = [];
  let trimmed = false;
  return {
    calls,
    async call(op, input) {
      calls.push(op);
      if (op === 'DescribeStream') {
        return { StreamDescription: { Shards: shards.map((s) => ({ ShardId: s.id, ...(s.parent ? { ParentShardId: s.parent } : {}),
          SequenceNumberRange: { StartingSequenceNumber: '1', ...(s.closed ? { EndingSequenceNumber: '999' } : {}) } })) } };
      }
      if (op === 'GetShardIterator') {
        const s = shards.find((x) => x.id === input.ShardId);
        const from = input.ShardIteratorType === 'AFTER_SEQUENCE_NUMBER' ? s.records.findIndex((r) => r.dynamodb.SequenceNumber === input.SequenceNumber) + 1 : 0;
        return { ShardIterator: JSON.stringify({ id: s.id, at: from, fresh: input.ShardIteratorType === 'TRIM_HORIZON' }) };
      }
      if (op === 'GetRecords') {
        const it = JSON.parse(input.ShardIterator);
        if (trimOnce && it.fresh && !trimmed) {
          trimmed = true;
          throw Object.assign(new Error('trimmed'), { code: 'TrimmedDataAccessException' });
        }
        const s = shards.find((x) => x.id === it.id);
        const page = s.records.slice(it.at, it.at + 2);
        const at = it.at + page.length;
        const next = s.closed && at >= s.records.length ? null : JSON.stringify({ id: s.id, at, fresh: false });
        return { Records: page, ...(next ? { NextShardIterator: next } : {}) };
      }
      throw new Error(`unexpected ${op}`);
    },
  };
}

function mapping(extra = {}) {
  return { UUID: 'u', EventSourceArn: STREAM, FunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:f', StartingPosition: 'TRIM_HORIZON',
    BatchSize: 10, MaximumBatchingWindowInSeconds: 0, ParallelizationFactor: 1, MaximumRetryAttempts: -1, MaximumRecordAgeInSeconds: -1,
    BisectBatchOnFunctionError: false, FunctionResponseTypes: [], DestinationConfig: { OnFailure: {} }, LastProcessingResult: 'No records processed', ...extra };
}

async function runUntil(poller, done, ms = 3000) {
  poller.start();
  const t0 = Date.now();
  while (!done() && Date.now() - t0 < ms) await new Promise((r) => setTimeout(r, 10));
  await poller.stop();
}

function poller(m, streams, { authorize = async () => true, delivered = [] } = {}) {
  return new StreamPoller({
    mapping: m, streams, authorize, roleOf: () => ROLE, region: 'us-east-1', save: () => {}, log: () => {}, pollMs: 5,
    invoke: async (arn, text) => { delivered.push(...JSON.parse(text).Records.map((r) => r.dynamodb.SequenceNumber)); return { payload: '{}' }; },
  });
}

test('a child shard is read only after its parent is read to its end', async () => {
  const shards = [
    { id: 'child', parent: 'parent', closed: false, records: [record(5, 'a'), record(6, 'a')] },
    { id: 'parent', closed: true, records: [record(1, 'a'), record(2, 'a'), record(3, 'a')] },
  ];
  const delivered = [];
  const m = mapping();
  await runUntil(poller(m, fakeStreams(shards), { delivered }), () => delivered.length >= 5);
  assert.deepEqual(delivered, ['1', '2', '3', '5', '6']);
  assert.equal(m._checkpoints.parent.done, true);
  assert.equal(m._checkpoints.child.seq, '6');
});

test('a denied stream read stops the mapping before any invocation, and says so in LastProcessingResult', async () => {
  const shards = [{ id: 's', closed: false, records: [record(1, 'a')] }];
  for (const denied of ['dynamodb:DescribeStream', 'dynamodb:GetShardIterator', 'dynamodb:GetRecords']) {
    const asked = [];
    const delivered = [];
    const m = mapping();
    const p = poller(m, fakeStreams(shards), {
      delivered, authorize: async (role, action, arn) => { asked.push([role, action, arn]); return action !== denied; },
    });
    await runUntil(p, () => false, 200);
    assert.deepEqual(delivered, [], denied);
    assert.ok(asked.every(([role, , arn]) => role === ROLE && arn === STREAM));
    assert.ok(asked.some(([, action]) => action === denied), denied);
    assert.match(m.LastProcessingResult, new RegExp(`^PROBLEM: .*not authorized to perform: ${denied} on resource: ${STREAM.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  }
});

test('a spurious TrimmedDataAccessException on a fresh TRIM_HORIZON iterator: a fresh iterator reads on, nothing lost or repeated', async () => {
  const shards = [{ id: 's', closed: false, records: [record(1, 'a'), record(2, 'b'), record(3, 'c')] }];
  const delivered = [];
  const streams = fakeStreams(shards, { trimOnce: true });
  await runUntil(poller(mapping({ BatchSize: 2 }), streams, { delivered }), () => delivered.length >= 3);
  await new Promise((r) => setTimeout(r, 50));
  assert.deepEqual(delivered, ['1', '2', '3']);
  assert.ok(streams.calls.filter((c) => c === 'GetShardIterator').length >= 2, 'a second iterator was taken');
});
