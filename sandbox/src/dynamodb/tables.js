'use strict';
// CreateTable / DescribeTable / UpdateTable / DeleteTable: DynamoDB Local does the work; the
// front door keeps and shows what Local ignores (tags, SSE, table class, table id, restore).

const { DynamoError } = require('../errors');
const { kmsKeyArn } = require('./kms');

/** Adds the front door's view of a table to a TableDescription from Local (in place). */
function decorate(ctx, desc) {
  if (!desc || !desc.TableName) return desc;
  const t = ctx.state.table(desc.TableName);
  desc.TableId = t.tableId;
  if (desc.DeletionProtectionEnabled === undefined) desc.DeletionProtectionEnabled = false;
  if (t.sse && t.sse.Enabled) {
    desc.SSEDescription = { Status: 'ENABLED', SSEType: 'KMS', KMSMasterKeyArn: t.sse.KMSMasterKeyArn };
  } else {
    delete desc.SSEDescription;
  }
  if (t.tableClass) {
    desc.TableClassSummary = { TableClass: t.tableClass };
    if (t.tableClassUpdatedAt) desc.TableClassSummary.LastUpdateDateTime = t.tableClassUpdatedAt;
  }
  if (t.restoreSummary) desc.RestoreSummary = { ...t.restoreSummary, RestoreInProgress: false };
  const pt = desc.ProvisionedThroughput;
  if (pt) {
    if (pt.LastIncreaseDateTime === 0) delete pt.LastIncreaseDateTime;
    if (pt.LastDecreaseDateTime === 0) delete pt.LastDecreaseDateTime;
  }
  return desc;
}

/** Turns an SSESpecification into what the front door stores. */
function sseRecord(ctx, spec) {
  if (!spec) return null;
  if (spec.Enabled === false) return { Enabled: false };
  if (spec.SSEType && spec.SSEType !== 'KMS') {
    throw new DynamoError('ValidationException', `1 validation error detected: Value '${spec.SSEType}' at 'sSESpecification.sSEType' failed to satisfy constraint: Member must satisfy enum value set: [KMS]`);
  }
  return { Enabled: true, KMSMasterKeyArn: kmsKeyArn(spec.KMSMasterKeyId, ctx.region, ctx.accountId) };
}

const TABLE_CLASSES = new Set(['STANDARD', 'STANDARD_INFREQUENT_ACCESS']);
function checkTableClass(c) {
  if (c !== undefined && !TABLE_CLASSES.has(c)) {
    throw new DynamoError('ValidationException', `1 validation error detected: Value '${c}' at 'tableClass' failed to satisfy constraint: Member must satisfy enum value set: [STANDARD, STANDARD_INFREQUENT_ACCESS]`);
  }
}

async function createTable(ctx, input) {
  const { Tags, SSESpecification, TableClass, ...forward } = input;
  checkTableClass(TableClass);
  const sse = sseRecord(ctx, SSESpecification);
  const out = await ctx.local.call('CreateTable', forward);
  const name = out.TableDescription.TableName;
  ctx.state.dropTable(name);
  ctx.state.updateTable(name, (t) => {
    t.tags = (Tags || []).map(({ Key, Value }) => ({ Key, Value }));
    t.sse = sse;
    t.tableClass = TableClass || null;
  });
  decorate(ctx, out.TableDescription);
  return out;
}

async function describeTable(ctx, input) {
  let out;
  try {
    out = await ctx.local.call('DescribeTable', input);
  } catch (e) {
    if (e.code === 'ResourceNotFoundException') {
      throw new DynamoError(e.code, `Requested resource not found: Table: ${ctx.arns.tableFromArn(input.TableName) || input.TableName} not found`);
    }
    throw e;
  }
  decorate(ctx, out.Table);
  return out;
}

async function updateTable(ctx, input) {
  const { SSESpecification, TableClass, ...forward } = input;
  if (SSESpecification === undefined && TableClass === undefined) {
    const out = await ctx.local.call('UpdateTable', forward);
    decorate(ctx, out.TableDescription);
    return out;
  }
  checkTableClass(TableClass);
  const sse = SSESpecification === undefined ? undefined : sseRecord(ctx, SSESpecification);
  const others = Object.keys(forward).filter((k) => k !== 'TableName' && forward[k] !== undefined && forward[k] !== null);
  const out = others.length
    ? await ctx.local.call('UpdateTable', forward)
    : { TableDescription: (await describeTable(ctx, { TableName: forward.TableName })).Table };
  const name = out.TableDescription.TableName;
  ctx.state.updateTable(name, (t) => {
    if (sse !== undefined) t.sse = sse;
    if (TableClass !== undefined && TableClass !== t.tableClass) {
      t.tableClass = TableClass;
      t.tableClassUpdatedAt = Date.now() / 1000;
    }
  });
  decorate(ctx, out.TableDescription);
  return out;
}

async function deleteTable(ctx, input) {
  const out = await ctx.local.call('DeleteTable', input);
  const desc = out.TableDescription;
  decorate(ctx, desc);
  desc.TableStatus = 'DELETING';
  ctx.state.dropTable(desc.TableName);
  return out;
}

/** DescribeTable on Local, or TableNotFoundException-style errors chosen by the caller. */
async function requireTable(ctx, tableNameOrArn, notFound) {
  const name = ctx.arns.tableFromArn(tableNameOrArn) || tableNameOrArn;
  try {
    return (await ctx.local.call('DescribeTable', { TableName: name })).Table;
  } catch (e) {
    if (e.code === 'ResourceNotFoundException' || e.code === 'ValidationException') throw notFound(name);
    throw e;
  }
}

module.exports = { createTable, describeTable, updateTable, deleteTable, decorate, requireTable, sseRecord };
