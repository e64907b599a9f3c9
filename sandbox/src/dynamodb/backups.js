'use strict';
// On-demand backups: CreateBackup snapshots a table's spec and items (scanned through Local),
// RestoreTableFromBackup creates a new table with the same keys, indexes and billing and
// writes the items back. Tags, TTL, PITR, streams and deletion protection are not carried,
// as on AWS.

const crypto = require('node:crypto');
const { DynamoError } = require('../errors');
const { requireTable, decorate, sseRecord } = require('./tables');

const CREATING_MS = 300;   // a new backup reports CREATING this long, then AVAILABLE
const PAGE_SIZE = 100;

function backupNotFound(arn) { return new DynamoError('BackupNotFoundException', `Backup not found: ${arn}`); }

function status(b) {
  return Date.now() / 1000 - b.details.BackupCreationDateTime < CREATING_MS / 1000 ? 'CREATING' : 'AVAILABLE';
}

function details(b) { return { ...b.details, BackupStatus: status(b) }; }

async function scanAll(ctx, table) {
  const items = [];
  let ExclusiveStartKey;
  do {
    const page = await ctx.local.call('Scan', { TableName: table, ConsistentRead: true, ExclusiveStartKey });
    items.push(...page.Items);
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return items;
}

async function createBackup(ctx, { TableName, BackupName }) {
  if (!BackupName) throw new DynamoError('ValidationException', "1 validation error detected: Value null at 'backupName' failed to satisfy constraint: Member must not be null");
  const table = await requireTable(ctx, TableName, (n) => new DynamoError('TableNotFoundException', `Table not found: ${n}`));
  decorate(ctx, table);
  const items = await scanAll(ctx, table.TableName);
  const now = Date.now();
  const tableArn = ctx.arns.tableArn(table.TableName);
  const arn = `${tableArn}/backup/${String(now).padStart(14, '0')}-${crypto.randomBytes(4).toString('hex')}`;
  const size = items.reduce((n, it) => n + JSON.stringify(it).length, 0);
  const billing = (table.BillingModeSummary && table.BillingModeSummary.BillingMode) || 'PROVISIONED';
  const record = {
    details: {
      BackupArn: arn, BackupName, BackupSizeBytes: size, BackupType: 'USER',
      BackupCreationDateTime: now / 1000,
    },
    source: {
      TableName: table.TableName, TableId: table.TableId, TableArn: tableArn, TableSizeBytes: size,
      KeySchema: table.KeySchema, TableCreationDateTime: table.CreationDateTime,
      ProvisionedThroughput: { ReadCapacityUnits: table.ProvisionedThroughput.ReadCapacityUnits, WriteCapacityUnits: table.ProvisionedThroughput.WriteCapacityUnits },
      ItemCount: items.length, BillingMode: billing,
    },
    attributeDefinitions: table.AttributeDefinitions,
    features: featureDetails(table),
    tableClass: table.TableClassSummary ? table.TableClassSummary.TableClass : null,
  };
  ctx.state.putBackup(arn, record, items);
  return { BackupDetails: { ...record.details, BackupStatus: 'CREATING' } };
}

function featureDetails(table) {
  const f = {};
  if (table.LocalSecondaryIndexes) {
    f.LocalSecondaryIndexes = table.LocalSecondaryIndexes.map(({ IndexName, KeySchema, Projection }) => ({ IndexName, KeySchema, Projection }));
  }
  if (table.GlobalSecondaryIndexes) {
    f.GlobalSecondaryIndexes = table.GlobalSecondaryIndexes.map(({ IndexName, KeySchema, Projection, ProvisionedThroughput }) => ({
      IndexName, KeySchema, Projection,
      ProvisionedThroughput: ProvisionedThroughput && { ReadCapacityUnits: ProvisionedThroughput.ReadCapacityUnits, WriteCapacityUnits: ProvisionedThroughput.WriteCapacityUnits },
    }));
  }
  if (table.StreamSpecification) f.StreamDescription = table.StreamSpecification;
  if (table.SSEDescription) f.SSEDescription = table.SSEDescription;
  return f;
}

function description(b) {
  return { BackupDetails: details(b), SourceTableDetails: b.source, SourceTableFeatureDetails: b.features };
}

function lookup(ctx, arn) {
  const b = ctx.state.backup(ctx.arns.toPublic(arn || ''));
  if (!b) throw backupNotFound(arn);
  return b;
}

async function describeBackup(ctx, { BackupArn }) {
  return { BackupDescription: description(lookup(ctx, BackupArn)) };
}

async function deleteBackup(ctx, { BackupArn }) {
  const b = lookup(ctx, BackupArn);
  const d = description(b);
  d.BackupDetails.BackupStatus = 'DELETED';
  ctx.state.deleteBackup(b.details.BackupArn);
  return { BackupDescription: d };
}

async function listBackups(ctx, input) {
  const { TableName, Limit, ExclusiveStartBackupArn, TimeRangeLowerBound, TimeRangeUpperBound, BackupType } = input;
  const limit = Limit === undefined ? PAGE_SIZE : Limit;
  if (!(Number.isInteger(limit) && limit >= 1 && limit <= 100)) {
    throw new DynamoError('ValidationException', `1 validation error detected: Value '${Limit}' at 'limit' failed to satisfy constraint: Member must have value between 1 and 100`);
  }
  const table = TableName && (ctx.arns.tableFromArn(TableName) || TableName);
  let all = ctx.state.listBackups()
    .filter((b) => !table || b.source.TableName === table)
    .filter((b) => !BackupType || BackupType === 'ALL' || BackupType === 'USER')
    .filter((b) => TimeRangeLowerBound === undefined || b.details.BackupCreationDateTime >= TimeRangeLowerBound)
    .filter((b) => TimeRangeUpperBound === undefined || b.details.BackupCreationDateTime < TimeRangeUpperBound)
    .sort((a, b) => a.details.BackupCreationDateTime - b.details.BackupCreationDateTime || (a.arn < b.arn ? -1 : 1));
  if (ExclusiveStartBackupArn) {
    const i = all.findIndex((b) => b.arn === ctx.arns.toPublic(ExclusiveStartBackupArn));
    all = i < 0 ? [] : all.slice(i + 1);
  }
  const page = all.slice(0, limit);
  const out = {
    BackupSummaries: page.map((b) => ({
      TableName: b.source.TableName, TableId: b.source.TableId, TableArn: b.source.TableArn,
      BackupArn: b.details.BackupArn, BackupName: b.details.BackupName,
      BackupCreationDateTime: b.details.BackupCreationDateTime, BackupStatus: status(b),
      BackupType: b.details.BackupType, BackupSizeBytes: b.details.BackupSizeBytes,
    })),
  };
  if (all.length > limit) out.LastEvaluatedBackupArn = page[page.length - 1].details.BackupArn;
  return out;
}

async function restoreTableFromBackup(ctx, input) {
  const { TargetTableName, BackupArn, BillingModeOverride, GlobalSecondaryIndexOverride, LocalSecondaryIndexOverride,
    ProvisionedThroughputOverride, SSESpecificationOverride } = input;
  const b = lookup(ctx, BackupArn);
  if (status(b) !== 'AVAILABLE') {
    throw new DynamoError('BackupInUseException', `Backup is being created: ${b.details.BackupArn}`);
  }
  const billing = BillingModeOverride || b.source.BillingMode;
  const provisioned = billing === 'PROVISIONED';
  const throughput = ProvisionedThroughputOverride || b.source.ProvisionedThroughput;
  const spec = {
    TableName: TargetTableName,
    AttributeDefinitions: b.attributeDefinitions,
    KeySchema: b.source.KeySchema,
    BillingMode: billing,
  };
  if (provisioned) spec.ProvisionedThroughput = { ReadCapacityUnits: Math.max(1, throughput.ReadCapacityUnits), WriteCapacityUnits: Math.max(1, throughput.WriteCapacityUnits) };
  const gsis = GlobalSecondaryIndexOverride || b.features.GlobalSecondaryIndexes;
  if (gsis && gsis.length) {
    spec.GlobalSecondaryIndexes = gsis.map(({ IndexName, KeySchema, Projection, ProvisionedThroughput }) => {
      const g = { IndexName, KeySchema, Projection };
      if (provisioned) {
        const pt = ProvisionedThroughput || throughput;
        g.ProvisionedThroughput = { ReadCapacityUnits: Math.max(1, pt.ReadCapacityUnits), WriteCapacityUnits: Math.max(1, pt.WriteCapacityUnits) };
      }
      return g;
    });
  }
  const lsis = LocalSecondaryIndexOverride || b.features.LocalSecondaryIndexes;
  if (lsis && lsis.length) spec.LocalSecondaryIndexes = lsis;
  // Only attributes used by the restored keys and indexes may be defined.
  const used = new Set([...spec.KeySchema, ...(spec.GlobalSecondaryIndexes || []).flatMap((g) => g.KeySchema),
    ...(spec.LocalSecondaryIndexes || []).flatMap((l) => l.KeySchema)].map((k) => k.AttributeName));
  spec.AttributeDefinitions = spec.AttributeDefinitions.filter((a) => used.has(a.AttributeName));

  const sse = SSESpecificationOverride ? sseRecord(ctx, SSESpecificationOverride) : null;
  let created;
  try {
    created = await ctx.local.call('CreateTable', spec);
  } catch (e) {
    if (e.code === 'ResourceInUseException') throw new DynamoError('TableAlreadyExistsException', `Table already exists: ${TargetTableName}`);
    throw e;
  }
  const restoreSummary = {
    SourceBackupArn: b.details.BackupArn, SourceTableArn: b.source.TableArn, RestoreDateTime: Date.now() / 1000,
  };
  ctx.state.dropTable(TargetTableName);
  ctx.state.updateTable(TargetTableName, (t) => { t.sse = sse; t.restoreSummary = restoreSummary; t.tableClass = b.tableClass; });
  await writeAll(ctx, TargetTableName, ctx.state.backupItems(b.details.BackupArn));
  const desc = decorate(ctx, created.TableDescription);
  desc.TableStatus = 'CREATING';
  desc.RestoreSummary = { ...restoreSummary, RestoreInProgress: true };
  return { TableDescription: desc };
}

/** Writes items with BatchWriteItem, 25 at a time, a few batches in flight. */
async function writeAll(ctx, table, items, concurrency = 8) {
  const batches = [];
  for (let i = 0; i < items.length; i += 25) batches.push(items.slice(i, i + 25));
  let next = 0;
  async function worker() {
    while (next < batches.length) {
      let RequestItems = { [table]: batches[next++].map((Item) => ({ PutRequest: { Item } })) };
      while (RequestItems && Object.keys(RequestItems).length) {
        const out = await ctx.local.call('BatchWriteItem', { RequestItems });
        RequestItems = out.UnprocessedItems;
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, batches.length) }, worker));
}

module.exports = { createBackup, describeBackup, deleteBackup, listBackups, restoreTableFromBackup, writeAll };
