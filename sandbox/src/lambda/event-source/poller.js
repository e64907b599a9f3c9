'use strict';
// Runs one enabled event source mapping on a DynamoDB stream, as Lambda's pollers do: reads the
// shards parents first, each in order, batches records (BatchSize, MaximumBatchingWindowInSeconds),
// drops those FilterCriteria rejects, invokes the function synchronously with AWS's DynamoDB
// event, and on a function error retries the batch (MaximumRetryAttempts, MaximumRecordAgeInSeconds,
// BisectBatchOnFunctionError, ReportBatchItemFailures) before discarding it to the OnFailure
// destination. ParallelizationFactor splits a shard's batch by partition key into concurrent
// lanes (a key's records stay in order in one lane).
//
// The checkpoint per shard (mapping._checkpoints[shardId] = { seq, done }) moves only after a
// batch is delivered or discarded, so stopping the poller at any point (Disable, Update, Delete,
// shutdown) and starting it again resumes after the last delivered record: no loss, no replay.
// Every stream read is authorized with the function's execution role first.

const crypto = require('node:crypto');
const { createShardReader } = require('./shard-reader');
const { compileFilters } = require('./filter');
const { eventRecord, failureRecord } = require('./dynamodb-event');

const POLL_MS = 250; // Lambda polls a DynamoDB stream's shards four times a second
const RETRY_BASE_MS = 100;
const RETRY_MAX_MS = 2000;
const ERROR_BACKOFF_MAX_MS = 5000;
const DISCARDED_KEPT = 1000;
const ABORT = Symbol('stopped');

class StreamPoller {
  /**
   * @param {object} o
   * @param {object} o.mapping  the mapping record (settings, _checkpoints, _facts); read live
   * @param {{call(op:string, input:object):Promise<object>}} o.streams  DynamoDB Streams
   * @param {(functionArn:string, eventText:string)=>Promise<{payload?:string, error?:object, version?:string}>} o.invoke
   * @param {(roleArn:string, action:string, streamArn:string)=>Promise<boolean|{allowed:boolean,message?:string}>} o.authorize
   * @param {()=>string} o.roleOf  the function's execution role now
   * @param {string} o.region @param {()=>void} o.save @param {(msg:string)=>void} o.log
   */
  constructor({ mapping, streams, invoke, authorize, roleOf, region, save, log, pollMs = POLL_MS }) {
    Object.assign(this, { m: mapping, invoke, authorize, roleOf, region, save, log, pollMs });
    this.stopped = false;
    this.wake = null;
    this.cursors = new Map(); // shardId -> { shardId, afterSeq, iterator, buf, bufSince, closed }
    this.filter = compileFilters(mapping.FilterCriteria);
    this.reader = createShardReader({ streams, streamArn: mapping.EventSourceArn, allowed: (action) => this.allowed(action) });
    mapping._checkpoints = mapping._checkpoints || {};
    mapping._facts = mapping._facts || { invocations: 0, discarded: [] };
  }

  start() {
    this.running = this.loop();
    return this;
  }

  /** Stops at the next safe point (between calls); resolves when the loop has ended. */
  async stop() {
    this.stopped = true;
    if (this.wake) this.wake();
    await this.running;
  }

  async loop() {
    let failures = 0;
    while (!this.stopped) {
      try {
        await this.cycle();
        failures = 0;
      } catch (e) {
        if (e === ABORT) break;
        const problem = `PROBLEM: ${e.code ? `${e.code}: ` : ''}${e.message}`;
        // Logged once per new problem; a source that keeps failing (e.g. its table was deleted) is polled less.
        if (problem !== this.m.LastProcessingResult) this.log(`event source mapping ${this.m.UUID}: ${problem}`);
        this.m.LastProcessingResult = problem;
        failures++;
      }
      await this.sleep(Math.min(ERROR_BACKOFF_MAX_MS, this.pollMs * 2 ** failures));
    }
  }

  sleep(ms) {
    if (this.stopped) return Promise.resolve();
    return new Promise((resolve) => {
      const t = setTimeout(done, ms);
      t.unref();
      function done() { clearTimeout(t); resolve(); }
      this.wake = done;
    });
  }

  /** The stream action with the function's role; on a denial, LastProcessingResult says why. */
  async allowed(action) {
    const role = this.roleOf();
    const r = await this.authorize(role, action, this.m.EventSourceArn);
    const ok = typeof r === 'object' && r !== null ? r.allowed : Boolean(r);
    if (!ok) {
      this.m.LastProcessingResult = `PROBLEM: Lambda cannot read the event source: ${(r && r.message)
        || `${role} is not authorized to perform: ${action} on resource: ${this.m.EventSourceArn}`}. Please ensure the role can perform the GetRecords, GetShardIterator, DescribeStream, and ListStreams Actions on your stream in IAM.`;
    }
    return ok;
  }

  checkpoint(shardId) {
    let c = this.m._checkpoints[shardId];
    if (!c) c = this.m._checkpoints[shardId] = { seq: null, done: false };
    return c;
  }

  async cycle() {
    const shards = await this.reader.shards();
    if (!shards || this.stopped) return;
    if (!this.m._positioned) {
      if (!(await this.position(shards))) return;
      this.m._positioned = true;
      this.save();
    }
    const ids = new Set(shards.map((s) => s.ShardId));
    const ready = shards.filter((s) => !this.checkpoint(s.ShardId).done
      && (!s.ParentShardId || !ids.has(s.ParentShardId) || this.checkpoint(s.ParentShardId).done));
    await Promise.all(ready.map((s) => this.shard(s.ShardId)));
  }

  /**
   * Where a new mapping starts: TRIM_HORIZON at each shard's start; LATEST after the last record
   * of every open shard now (closed shards are skipped), so only later writes are delivered.
   */
  async position(shards) {
    if (this.m.StartingPosition !== 'LATEST') return true;
    for (const s of shards) {
      const c = this.checkpoint(s.ShardId);
      if (s.SequenceNumberRange && s.SequenceNumberRange.EndingSequenceNumber) { c.done = true; continue; }
      const last = await this.reader.lastSequence(s.ShardId);
      if (last === undefined) return false;
      c.seq = last;
    }
    return true;
  }

  /** One poll of a shard: read a page, deliver what is due, checkpoint. */
  async shard(shardId) {
    const c = this.checkpoint(shardId);
    let cur = this.cursors.get(shardId);
    if (!cur) this.cursors.set(shardId, cur = { shardId, afterSeq: c.seq, iterator: null, buf: [], bufSince: 0, closed: false });
    if (!cur.closed) {
      const p = await this.reader.page(cur);
      if (!p || this.stopped) return;
      if (cur.mustDropBuffer) { cur.buf = []; cur.bufSince = 0; cur.mustDropBuffer = false; }
      if (p.records.length && !cur.buf.length) cur.bufSince = Date.now();
      for (const r of p.records) cur.buf.push(r);
      if (!p.next) cur.closed = true;
    }
    const windowMs = (this.m.MaximumBatchingWindowInSeconds || 0) * 1000;
    const take = this.m.BatchSize * (this.m.ParallelizationFactor || 1);
    while (cur.buf.length) {
      const due = cur.buf.length >= this.m.BatchSize || cur.closed || windowMs === 0 || Date.now() - cur.bufSince >= windowMs;
      if (!due) break;
      const records = cur.buf.slice(0, take);
      await this.deliver(shardId, records);
      cur.buf.splice(0, records.length);
      cur.bufSince = cur.buf.length ? Date.now() : 0;
      c.seq = cur.afterSeq = records[records.length - 1].dynamodb.SequenceNumber;
      this.save();
    }
    if (cur.closed && !cur.buf.length) { c.done = true; this.save(); }
  }

  /** Delivers (or discards) `records` of a shard; throws ABORT when stopped midway. */
  async deliver(shardId, records) {
    const events = records.map((r) => eventRecord(r, { region: this.region, streamArn: this.m.EventSourceArn }))
      .filter((e) => this.filter(e));
    if (!events.length) return;
    const pf = this.m.ParallelizationFactor || 1;
    const lanes = pf > 1 ? splitByKey(events, pf) : [events];
    await Promise.all(lanes.map(async (lane) => {
      for (let i = 0; i < lane.length; i += this.m.BatchSize) await this.batch(shardId, lane.slice(i, i + this.m.BatchSize), 0);
    }));
  }

  /** Invokes until the batch succeeds, or discards it when its retries or its age run out. */
  async batch(shardId, batch, attempts) {
    let invokes = 0;
    for (;;) {
      if (this.stopped) throw ABORT;
      const maxAge = this.m.MaximumRecordAgeInSeconds;
      if (maxAge !== undefined && maxAge >= 0) {
        const oldest = Date.now() / 1000 - maxAge;
        const expired = batch.filter((e) => Number(e.dynamodb.ApproximateCreationDateTime) < oldest);
        if (expired.length) {
          this.discard(shardId, expired, 'RecordAgeExceeded', invokes, null);
          batch = batch.filter((e) => !expired.includes(e));
          if (!batch.length) return;
        }
      }
      let r;
      try {
        r = await this.invoke(this.m.FunctionArn, JSON.stringify({ Records: batch }));
      } catch (e) {
        r = { error: { errorType: e.code || 'Error', errorMessage: e.message } };
      }
      invokes++;
      this.m._facts.invocations++;
      // A delivered batch is checkpointed even when the poller is stopping (no replay); a failed
      // one is not retried then (the loop's top aborts).
      if (!r.error) {
        const failedAt = this.reportedFailure(batch, r.payload);
        if (failedAt < 0) { this.m.LastProcessingResult = 'OK'; return; }
        batch = batch.slice(failedAt);
      }
      this.m.LastProcessingResult = 'PROBLEM: Function call failed';
      if (this.m.BisectBatchOnFunctionError && batch.length > 1) {
        const half = Math.ceil(batch.length / 2);
        await this.batch(shardId, batch.slice(0, half), attempts);
        await this.batch(shardId, batch.slice(half), attempts);
        return;
      }
      const max = this.m.MaximumRetryAttempts;
      if (max !== undefined && max >= 0 && attempts >= max) {
        this.discard(shardId, batch, 'RetryAttemptsExhausted', invokes, r);
        return;
      }
      attempts++;
      await this.sleep(Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** (attempts - 1)));
    }
  }

  /**
   * With ReportBatchItemFailures: the index of the first record the function reported failed
   * (0 when the report is malformed or names no record of the batch), or -1 for success.
   */
  reportedFailure(batch, payload) {
    if (!(this.m.FunctionResponseTypes || []).includes('ReportBatchItemFailures')) return -1;
    let out;
    try { out = JSON.parse(payload); } catch { return -1; }
    const failures = out && out.batchItemFailures;
    if (!Array.isArray(failures) || !failures.length) return -1;
    let first = batch.length;
    for (const f of failures) {
      const i = f && typeof f.itemIdentifier === 'string' ? batch.findIndex((e) => e.dynamodb.SequenceNumber === f.itemIdentifier) : -1;
      if (i < 0) return 0;
      first = Math.min(first, i);
    }
    return first;
  }

  discard(shardId, batch, condition, invokeCount, lastResult) {
    const onFailure = this.m.DestinationConfig && this.m.DestinationConfig.OnFailure;
    const record = failureRecord({
      batch, shardId, streamArn: this.m.EventSourceArn, functionArn: this.m.FunctionArn, condition, invokeCount,
      lastError: lastResult && lastResult.error ? { version: lastResult.version || '$LATEST' } : null,
    });
    const kept = this.m._facts.discarded;
    kept.push({ destination: (onFailure && onFailure.Destination) || null, record });
    if (kept.length > DISCARDED_KEPT) kept.splice(0, kept.length - DISCARDED_KEPT);
    this.log(`event source mapping ${this.m.UUID}: discarded ${batch.length} record(s) of ${shardId} (${condition})`);
  }
}

/** Splits events into `n` lanes by partition key, keeping each key's order. */
function splitByKey(events, n) {
  const lanes = Array.from({ length: n }, () => []);
  for (const e of events) {
    const h = crypto.createHash('md5').update(JSON.stringify(e.dynamodb.Keys || {})).digest();
    lanes[h.readUInt32BE(0) % n].push(e);
  }
  return lanes.filter((l) => l.length);
}

module.exports = { StreamPoller };
