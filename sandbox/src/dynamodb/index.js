'use strict';
// DynamoDB and DynamoDB Streams behind the front door. Data-plane operations go to DynamoDB
// Local as raw bytes; control-plane responses get the sandbox's ARNs; what Local lacks is
// answered here (see tables.js, tags.js, pitr.js, backups.js, kinesis.js, contributor-insights.js).

const { sendJson10 } = require('../respond');
const { sendDynamoError, DynamoError, awsMessage } = require('../errors');
const { splitBatch } = require('../faults');
const tables = require('./tables');
const tags = require('./tags');
const pitr = require('./pitr');
const backups = require('./backups');
const resourcePolicies = require('./resource-policies');
const kinesis = require('./kinesis');
const insights = require('./contributor-insights');

const DYNAMODB_TARGET = 'DynamoDB_20120810.';
const STREAMS_TARGET = 'DynamoDBStreams_20120810.';

// Item data flows through these: bytes pass untouched (no ARN rewriting, no parsing).
const DATA_PLANE = new Set([
  'GetItem', 'PutItem', 'UpdateItem', 'DeleteItem', 'BatchGetItem', 'BatchWriteItem', 'Scan', 'Query',
  'TransactGetItems', 'TransactWriteItems', 'ExecuteStatement', 'BatchExecuteStatement', 'ExecuteTransaction',
]);

// Operations answered (wholly or partly) by the front door: (ctx, input) -> output object.
const HANDLERS = {
  CreateTable: (ctx, input) => { tags.refuseSystemKeys((input.Tags || []).map((t) => t.Key)); return tables.createTable(ctx, input); },
  DescribeTable: tables.describeTable,
  UpdateTable: tables.updateTable,
  DeleteTable: tables.deleteTable,
  TagResource: tags.tagResource,
  UntagResource: tags.untagResource,
  ListTagsOfResource: tags.listTagsOfResource,
  DescribeContinuousBackups: pitr.describeContinuousBackups,
  UpdateContinuousBackups: pitr.updateContinuousBackups,
  CreateBackup: backups.createBackup,
  DescribeBackup: backups.describeBackup,
  ListBackups: backups.listBackups,
  DeleteBackup: backups.deleteBackup,
  RestoreTableFromBackup: backups.restoreTableFromBackup,
  PutResourcePolicy: resourcePolicies.putResourcePolicy,
  GetResourcePolicy: resourcePolicies.getResourcePolicy,
  DeleteResourcePolicy: resourcePolicies.deleteResourcePolicy,
  EnableKinesisStreamingDestination: kinesis.enableKinesisStreamingDestination,
  DisableKinesisStreamingDestination: kinesis.disableKinesisStreamingDestination,
  UpdateKinesisStreamingDestination: kinesis.updateKinesisStreamingDestination,
  DescribeKinesisStreamingDestination: kinesis.describeKinesisStreamingDestination,
  UpdateContributorInsights: insights.updateContributorInsights,
  DescribeContributorInsights: insights.describeContributorInsights,
  ListContributorInsights: insights.listContributorInsights,
};

/**
 * ctx: { local, state, arns, region, accountId, random }.
 * Returns { handle(operation, body, res, decision), handleStreams(operation, body, res) }.
 */
function createDynamoDb(ctx) {
  const { local, arns } = ctx;

  async function handle(operation, body, res, decision) {
    try {
      if (DATA_PLANE.has(operation)) {
        if (decision && decision.unprocessed) return await partialBatchWrite(body, res);
        return await passThrough(DYNAMODB_TARGET + operation, body, res, false);
      }
      const handler = HANDLERS[operation];
      if (handler) {
        const input = parseInput(body);
        const output = await handler(ctx, input);
        return sendJson10(res, 200, Buffer.from(arns.toPublic(JSON.stringify(output))));
      }
      return await passThrough(DYNAMODB_TARGET + operation, body, res, true);
    } catch (e) {
      return sendFailure(res, e, operation);
    }
  }

  async function handleStreams(operation, body, res) {
    try {
      if (operation === 'GetRecords') return await getRecords(body, res);
      return await passThrough(STREAMS_TARGET + operation, body, res, true);
    } catch (e) {
      return sendFailure(res, e, operation);
    }
  }

  /** Forwards bytes to Local; with `rewrite`, maps ARNs in the request and the response. */
  async function passThrough(target, body, res, rewrite) {
    const out = rewrite ? Buffer.from(arns.toLocal(body.toString('utf8'))) : body;
    const r = await local.forward(target, out);
    if (r.status >= 400) return sendLocalError(res, r);
    if (!rewrite) {
      return sendJson10(res, r.status, r.body, { id: r.headers['x-amzn-requestid'], crc32: r.headers['x-amz-crc32'] });
    }
    const text = r.body.toString('utf8');
    const mapped = arns.toPublic(text);
    if (mapped === text) return sendJson10(res, r.status, r.body, { id: r.headers['x-amzn-requestid'], crc32: r.headers['x-amz-crc32'] });
    return sendJson10(res, r.status, Buffer.from(mapped), { id: r.headers['x-amzn-requestid'] });
  }

  /** BatchWriteItem with a random part of the batch withheld and returned as UnprocessedItems. */
  async function partialBatchWrite(body, res) {
    const input = parseInput(body);
    const total = Object.values(input.RequestItems || {}).reduce((n, w) => n + (Array.isArray(w) ? w.length : 0), 0);
    if (total === 0 || total > 25) return passThrough(DYNAMODB_TARGET + 'BatchWriteItem', body, res, false);
    const { forward, unprocessed } = splitBatch(input, ctx.random);
    let output = { UnprocessedItems: {} };
    if (Object.keys(forward.RequestItems).length) output = await local.call('BatchWriteItem', forward);
    const merged = { ...(output.UnprocessedItems || {}) };
    for (const [table, writes] of Object.entries(unprocessed)) merged[table] = [...(merged[table] || []), ...writes];
    return sendJson10(res, 200, { ...output, UnprocessedItems: merged });
  }

  /** GetRecords: rewrite the iterator and the records' region without touching item images. */
  async function getRecords(body, res) {
    const r = await local.forward(STREAMS_TARGET + 'GetRecords', Buffer.from(arns.toLocal(body.toString('utf8'))));
    if (r.status >= 400) return sendLocalError(res, r);
    const out = JSON.parse(r.body.toString('utf8'));
    if (out.NextShardIterator) out.NextShardIterator = arns.toPublic(out.NextShardIterator);
    for (const rec of out.Records || []) {
      if (rec.awsRegion) rec.awsRegion = ctx.region;
      if (rec.eventSourceARN) rec.eventSourceARN = arns.toPublic(rec.eventSourceARN);
    }
    return sendJson10(res, 200, out, { id: r.headers['x-amzn-requestid'] });
  }

  return { handle, handleStreams };
}

function parseInput(body) {
  try {
    return body.length ? JSON.parse(body.toString('utf8')) : {};
  } catch {
    throw new DynamoError('SerializationException', 'Start of structure or map found where not expected');
  }
}

/** Relays an error from Local in AWS's shape (lowercase `message`, AWS's not-found text). */
function sendLocalError(res, r) {
  let parsed;
  try { parsed = JSON.parse(r.body.toString('utf8')); } catch { parsed = {}; }
  const code = String(parsed.__type || 'InternalServerError').split('#').pop();
  sendDynamoError(res, r.status, code, awsMessage(code, parsed.message || parsed.Message || ''));
}

function sendFailure(res, e, operation) {
  if (e instanceof DynamoError) return sendDynamoError(res, e.status, e.code, e.message);
  process.stderr.write(`front door: ${operation} failed: ${e.stack || e}\n`);
  return sendDynamoError(res, 500, 'InternalServerError', 'Internal server error');
}

module.exports = { createDynamoDb, DATA_PLANE };
