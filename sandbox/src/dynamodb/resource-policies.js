'use strict';
// DynamoDB resource-based policies (PutResourcePolicy, GetResourcePolicy, DeleteResourcePolicy)
// on tables and their streams, kept in the front door's table records (so they go with the
// table when it is deleted, as on AWS), and looked up by the IAM enforcer: a request on a
// table, one of its indexes or its stream is evaluated with the policy of that table or stream.

const { DynamoError } = require('../errors');
const { parsePolicyDocument } = require('../iam/documents');

const MAX_POLICY_BYTES = 20480;
const ARN = /^arn:aws:dynamodb:([^:]+):(\d{12}):table\/([a-zA-Z0-9_.-]{3,255})(?:\/stream\/([^/]+))?$/;

function parseArn(ctx, arn) {
  if (!arn) throw new DynamoError('ValidationException', "1 validation error detected: Value null at 'resourceArn' failed to satisfy constraint: Member must not be null");
  const m = ARN.exec(arn);
  if (!m || m[1] !== ctx.region || m[2] !== ctx.accountId) throw new DynamoError('ValidationException', `Invalid ResourceArn provided as input ${arn}`);
  return { table: m[3], streamLabel: m[4] || null };
}

/** Checks the table (and stream) exist in DynamoDB Local; returns the table's record. */
async function resource(ctx, arn) {
  const { table, streamLabel } = parseArn(ctx, arn);
  let description;
  try {
    description = (await ctx.local.call('DescribeTable', { TableName: table })).Table;
  } catch (e) {
    if (e.code === 'ResourceNotFoundException' || /not found|non-existent/i.test(e.message)) {
      throw new DynamoError('ResourceNotFoundException', `Requested resource not found: ${arn}`);
    }
    throw e;
  }
  if (streamLabel && description.LatestStreamLabel !== streamLabel) {
    throw new DynamoError('ResourceNotFoundException', `Requested resource not found: ${arn}`);
  }
  return { table, key: streamLabel ? `stream/${streamLabel}` : 'table' };
}

function current(ctx, table, key) {
  const t = ctx.state.peekTable(table);
  return (t && t.resourcePolicies && t.resourcePolicies[key]) || null;
}

function notFound(arn) { return new DynamoError('PolicyNotFoundException', `Resource-based policy not found for the provided ResourceArn: ${arn}`); }

function newRevision(previous) {
  const now = Date.now();
  return String(previous && Number(previous.RevisionId) >= now ? Number(previous.RevisionId) + 1 : now);
}

async function putResourcePolicy(ctx, input) {
  const { table, key } = await resource(ctx, input.ResourceArn);
  if (!input.Policy) throw new DynamoError('ValidationException', "1 validation error detected: Value null at 'policy' failed to satisfy constraint: Member must not be null");
  if (Buffer.byteLength(input.Policy) > MAX_POLICY_BYTES) {
    throw new DynamoError('ValidationException', `Resource-based policy size exceeds the maximum allowed size of ${MAX_POLICY_BYTES / 1024} KB.`);
  }
  try {
    parsePolicyDocument(input.Policy, 'resource');
  } catch (e) {
    throw new DynamoError('ValidationException', `Invalid policy document: ${e.message}`);
  }
  const previous = current(ctx, table, key);
  if (input.ExpectedRevisionId !== undefined) {
    if (!previous || previous.RevisionId !== input.ExpectedRevisionId) throw notFound(input.ResourceArn);
  }
  const record = { Policy: input.Policy, RevisionId: newRevision(previous) };
  ctx.state.updateTable(table, (t) => { t.resourcePolicies = { ...(t.resourcePolicies || {}), [key]: record }; });
  return { RevisionId: record.RevisionId };
}

async function getResourcePolicy(ctx, input) {
  const { table, key } = await resource(ctx, input.ResourceArn);
  const p = current(ctx, table, key);
  if (!p) throw notFound(input.ResourceArn);
  return { Policy: p.Policy, RevisionId: p.RevisionId };
}

async function deleteResourcePolicy(ctx, input) {
  const { table, key } = await resource(ctx, input.ResourceArn);
  const p = current(ctx, table, key);
  if (!p || (input.ExpectedRevisionId !== undefined && p.RevisionId !== input.ExpectedRevisionId)) throw notFound(input.ResourceArn);
  ctx.state.updateTable(table, (t) => { delete t.resourcePolicies[key]; });
  return { RevisionId: p.RevisionId };
}

/**
 * The parsed policy that governs `arn` (a table, index or stream ARN), or null: an index is
 * governed by its table's policy, a stream by its own.
 */
function policyFor(ctx, arn) {
  const m = /^arn:aws:dynamodb:[^:]*:\d{12}:table\/([^/]+)(?:\/(index|stream)\/([^/]+))?/.exec(arn || '');
  if (!m) return null;
  const p = current(ctx, m[1], m[2] === 'stream' ? `stream/${m[3]}` : 'table');
  return p ? JSON.parse(p.Policy) : null;
}

module.exports = { putResourcePolicy, getResourcePolicy, deleteResourcePolicy, policyFor };
