'use strict';
// TagResource / UntagResource / ListTagsOfResource on tables (DynamoDB Local has no tagging).
// `aws:` keys are the system's (CloudFormation's stack tags): a user can neither set nor remove them.

const { DynamoError } = require('../errors');
const { requireTable } = require('./tables');
const { systemKeys } = require('../stack-tags');

const PAGE_SIZE = 10;
const MAX_TAGS = 50;

function notFound(arn) {
  return () => new DynamoError('ResourceNotFoundException', `Requested resource not found: ResourcArn: ${arn} not found`);
}

function tableOf(ctx, arn) {
  if (typeof arn !== 'string' || !arn.startsWith('arn:')) {
    throw new DynamoError('ValidationException', `Invalid TableArn: Invalid ResourceArn provided as input ${arn}`);
  }
  return ctx.arns.tableFromArn(arn);
}

/** Refuses `aws:` keys from a user's request, as DynamoDB does. */
function refuseSystemKeys(keys) {
  const bad = systemKeys(keys);
  if (bad.length) {
    throw new DynamoError('ValidationException', `One or more parameter values were invalid: Tag keys starting with "aws:" are reserved for system use: ${bad.join(', ')}`);
  }
}

async function tagResource(ctx, { ResourceArn, Tags }) {
  refuseSystemKeys((Tags || []).map((t) => t.Key));
  const name = tableOf(ctx, ResourceArn);
  await requireTable(ctx, name || ResourceArn, notFound(ResourceArn));
  ctx.state.updateTable(name, (t) => {
    const merged = new Map(t.tags.map((x) => [x.Key, x.Value]));
    for (const { Key, Value } of Tags || []) merged.set(Key, Value);
    if (merged.size > MAX_TAGS) {
      throw new DynamoError('ValidationException', 'One or more parameter values were invalid: The number of tags exceeds the limit of 50');
    }
    t.tags = [...merged].map(([Key, Value]) => ({ Key, Value }));
  });
  return {};
}

async function untagResource(ctx, { ResourceArn, TagKeys }) {
  refuseSystemKeys(TagKeys);
  const name = tableOf(ctx, ResourceArn);
  await requireTable(ctx, name || ResourceArn, notFound(ResourceArn));
  const drop = new Set(TagKeys || []);
  ctx.state.updateTable(name, (t) => { t.tags = t.tags.filter((x) => !drop.has(x.Key)); });
  return {};
}

async function listTagsOfResource(ctx, { ResourceArn, NextToken }) {
  const name = tableOf(ctx, ResourceArn);
  await requireTable(ctx, name || ResourceArn, notFound(ResourceArn));
  const tags = ctx.state.table(name).tags;
  let start = 0;
  if (NextToken) {
    start = Number(Buffer.from(NextToken, 'base64').toString('utf8'));
    if (!Number.isInteger(start) || start < 0) throw new DynamoError('ValidationException', 'Invalid NextToken');
  }
  const out = { Tags: tags.slice(start, start + PAGE_SIZE) };
  if (start + PAGE_SIZE < tags.length) out.NextToken = Buffer.from(String(start + PAGE_SIZE)).toString('base64');
  return out;
}

module.exports = { tagResource, untagResource, listTagsOfResource, refuseSystemKeys };
