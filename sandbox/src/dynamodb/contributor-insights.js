'use strict';
// Contributor Insights settings of tables and their global secondary indexes (state only: no
// rules run). UpdateContributorInsights answers ENABLING / DISABLING, which settle to ENABLED /
// DISABLED after the transition delay; a table or index never set is DISABLED.

const { DynamoError } = require('../errors');
const { requireTable } = require('./tables');

const TRANSITION_MS = 300;
const MODES = ['ACCESSED_AND_THROTTLED_KEYS', 'THROTTLED_KEYS'];
const PAGE_MAX = 100;

const notFound = (name) => new DynamoError('ResourceNotFoundException', `Requested resource not found: Table: ${name} not found`);

function status(s) {
  if (!s) return 'DISABLED';
  if (Date.now() - s.since < TRANSITION_MS) return s.action === 'ENABLE' ? 'ENABLING' : 'DISABLING';
  return s.action === 'ENABLE' ? 'ENABLED' : 'DISABLED';
}

async function target(ctx, TableName, IndexName) {
  const table = await requireTable(ctx, TableName, notFound);
  if (IndexName !== undefined && !(table.GlobalSecondaryIndexes || []).some((g) => g.IndexName === IndexName)) {
    throw new DynamoError('ResourceNotFoundException', `Requested resource not found: Index: ${IndexName} not found for table: ${table.TableName}`);
  }
  return table;
}

function rules(table, indexName, since) {
  const keys = indexName ? table.GlobalSecondaryIndexes.find((g) => g.IndexName === indexName).KeySchema : table.KeySchema;
  const stamp = Math.floor(since / 1000);
  const base = `DynamoDBContributorInsights-%s-${table.TableName}${indexName ? `-${indexName}` : ''}-${stamp}`;
  const kinds = keys.length > 1 ? ['PKC', 'PKT', 'SKC', 'SKT'] : ['PKC', 'PKT'];
  return kinds.map((k) => base.replace('%s', k));
}

async function updateContributorInsights(ctx, { TableName, IndexName, ContributorInsightsAction, ContributorInsightsMode }) {
  if (!['ENABLE', 'DISABLE'].includes(ContributorInsightsAction)) {
    throw new DynamoError('ValidationException', `1 validation error detected: Value '${ContributorInsightsAction}' at 'contributorInsightsAction' failed to satisfy constraint: Member must satisfy enum value set: [ENABLE, DISABLE]`);
  }
  if (ContributorInsightsMode !== undefined && !MODES.includes(ContributorInsightsMode)) {
    throw new DynamoError('ValidationException', `1 validation error detected: Value '${ContributorInsightsMode}' at 'contributorInsightsMode' failed to satisfy constraint: Member must satisfy enum value set: [${MODES.join(', ')}]`);
  }
  const table = await target(ctx, TableName, IndexName);
  const key = IndexName || '';
  const now = Date.now();
  ctx.state.updateTable(table.TableName, (t) => {
    t.contributorInsights = t.contributorInsights || {};
    const old = t.contributorInsights[key];
    t.contributorInsights[key] = { action: ContributorInsightsAction, since: now, mode: ContributorInsightsMode || (old && old.mode) || 'ACCESSED_AND_THROTTLED_KEYS' };
  });
  const out = { TableName: table.TableName, ContributorInsightsStatus: ContributorInsightsAction === 'ENABLE' ? 'ENABLING' : 'DISABLING' };
  if (IndexName) out.IndexName = IndexName;
  if (ContributorInsightsAction === 'ENABLE') out.ContributorInsightsMode = ctx.state.table(table.TableName).contributorInsights[key].mode;
  return out;
}

async function describeContributorInsights(ctx, { TableName, IndexName }) {
  const table = await target(ctx, TableName, IndexName);
  const s = (ctx.state.table(table.TableName).contributorInsights || {})[IndexName || ''];
  const out = { TableName: table.TableName };
  if (IndexName) out.IndexName = IndexName;
  out.ContributorInsightsStatus = status(s);
  if (s) {
    if (status(s) === 'ENABLED') out.ContributorInsightsRuleList = rules(table, IndexName, s.since);
    out.LastUpdateDateTime = s.since / 1000;
    if (s.action === 'ENABLE') out.ContributorInsightsMode = s.mode;
  }
  return out;
}

async function listContributorInsights(ctx, { TableName, NextToken, MaxResults }) {
  const entries = [];
  const names = TableName ? [(await target(ctx, TableName)).TableName] : ctx.state.tableNames().sort();
  for (const name of names) {
    const t = ctx.state.peekTable(name);
    const settings = (t && t.contributorInsights) || {};
    if (TableName) {
      const table = await target(ctx, name);
      entries.push({ TableName: name, ContributorInsightsStatus: status(settings['']) });
      for (const g of table.GlobalSecondaryIndexes || []) entries.push({ TableName: name, IndexName: g.IndexName, ContributorInsightsStatus: status(settings[g.IndexName]) });
    } else {
      for (const key of Object.keys(settings).sort()) {
        entries.push({ TableName: name, ...(key ? { IndexName: key } : {}), ContributorInsightsStatus: status(settings[key]) });
      }
    }
  }
  const size = MaxResults === undefined ? PAGE_MAX : MaxResults;
  if (!Number.isInteger(size) || size < 0 || size > PAGE_MAX) {
    throw new DynamoError('ValidationException', `1 validation error detected: Value '${MaxResults}' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to ${PAGE_MAX}`);
  }
  const start = NextToken ? Number(Buffer.from(NextToken, 'base64').toString('utf8')) : 0;
  if (!Number.isInteger(start) || start < 0) throw new DynamoError('ValidationException', 'Invalid NextToken');
  const limit = size || PAGE_MAX;
  const out = { ContributorInsightsSummaries: entries.slice(start, start + limit) };
  if (start + limit < entries.length) out.NextToken = Buffer.from(String(start + limit)).toString('base64');
  return out;
}

module.exports = { updateContributorInsights, describeContributorInsights, listContributorInsights };
