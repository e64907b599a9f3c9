'use strict';
// Reads one stream's shards through the DynamoDB Streams API (DescribeStream, GetShardIterator,
// GetRecords), from a checkpoint: after a sequence number, or from the shard's start.
//
// DynamoDB Local's quirk (sandbox/README.md): its sequence numbers are global, so an iterator
// taken while a shard was empty (a fresh TRIM_HORIZON one, or the next iterator of an empty page)
// is answered TrimmedDataAccessException once the shard gets a record, although nothing was
// trimmed. A fresh iterator from the checkpoint reads the record, and since nothing after the
// checkpoint was delivered, re-reading from it loses and repeats nothing.

const RETAKE = new Set(['TrimmedDataAccessException', 'ExpiredIteratorException']);
const FRESH_TRIES = 3;

/**
 * streams: { call(operation, input) } (throws errors with `.code`); allowed(action): resolves to
 * false when the role may not perform the stream action (the reader then stops this round).
 */
function createShardReader({ streams, streamArn, allowed }) {
  /** Every shard of the stream (all DescribeStream pages), or null when DescribeStream is denied. */
  async function shards() {
    if (!(await allowed('dynamodb:DescribeStream'))) return null;
    const out = [];
    let ExclusiveStartShardId;
    do {
      const { StreamDescription: d } = await streams.call('DescribeStream', { StreamArn: streamArn, ExclusiveStartShardId });
      out.push(...(d.Shards || []));
      ExclusiveStartShardId = d.LastEvaluatedShardId;
    } while (ExclusiveStartShardId);
    return out;
  }

  async function iterator(shardId, afterSeq) {
    if (!(await allowed('dynamodb:GetShardIterator'))) return null;
    const input = afterSeq
      ? { StreamArn: streamArn, ShardId: shardId, ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: afterSeq }
      : { StreamArn: streamArn, ShardId: shardId, ShardIteratorType: 'TRIM_HORIZON' };
    return (await streams.call('GetShardIterator', input)).ShardIterator;
  }

  /**
   * One page for a shard cursor { shardId, afterSeq, iterator }: resolves to { records, next }
   * (next null: the shard is closed and read to its end), or null when a read is denied. When the
   * iterator had to be taken again from afterSeq, sets cursor.mustDropBuffer: whatever the caller
   * read after afterSeq comes again.
   */
  async function page(cursor) {
    for (let tries = 0; ; tries++) {
      if (!cursor.iterator) {
        cursor.iterator = await iterator(cursor.shardId, cursor.afterSeq);
        if (!cursor.iterator) return null;
      }
      if (!(await allowed('dynamodb:GetRecords'))) return null;
      try {
        const out = await streams.call('GetRecords', { ShardIterator: cursor.iterator, Limit: 1000 });
        cursor.iterator = out.NextShardIterator || null;
        return { records: out.Records || [], next: cursor.iterator };
      } catch (e) {
        if (!RETAKE.has(e.code) || tries >= FRESH_TRIES) throw e;
        cursor.iterator = null;
        cursor.mustDropBuffer = true;
      }
    }
  }

  /** The last sequence number in an open shard now, or null when it is empty (LATEST's position). */
  async function lastSequence(shardId) {
    const cursor = { shardId, afterSeq: null, iterator: null };
    let last = null;
    for (;;) {
      const p = await page(cursor);
      if (!p) return undefined;
      if (p.records.length) {
        last = p.records[p.records.length - 1].dynamodb.SequenceNumber;
        cursor.afterSeq = last;
      }
      if (!p.records.length || !p.next) return last;
    }
  }

  return { shards, page, lastSequence };
}

module.exports = { createShardReader };
