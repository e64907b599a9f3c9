'use strict';
// Loads a scenario (file path or inline object) into the running sandbox: tables through
// DynamoDB Local plus the front door's extras, TTL, PITR, Kinesis destinations, Contributor
// Insights, CloudFormation stack tags, items (given or generated), then IAM's policies and roles
// (src/iam/scenario.js), then the functions through the Lambda service, their event source
// mappings, Application Auto Scaling targets and policies, and CloudWatch alarms.

const fs = require('node:fs');
const path = require('node:path');
const { generateItems } = require('./dynamodb/generate');
const { writeAll } = require('./dynamodb/backups');
const tables = require('./dynamodb/tables');
const pitr = require('./dynamodb/pitr');
const kinesis = require('./dynamodb/kinesis');
const insights = require('./dynamodb/contributor-insights');
const { stackTags } = require('./stack-tags');

/** Resolves a scenario reference to { scenario, dir }; relative paths resolve against `baseDir`. */
function readScenario(ref, baseDir = process.cwd()) {
  if (ref === undefined || ref === null) return { scenario: {}, dir: baseDir };
  if (typeof ref === 'object') return { scenario: ref, dir: baseDir };
  const file = path.resolve(baseDir, ref);
  let text;
  try { text = fs.readFileSync(file, 'utf8'); } catch (e) { throw new Error(`cannot read scenario ${file}: ${e.message}`); }
  try { return { scenario: JSON.parse(text), dir: path.dirname(file) }; } catch (e) {
    throw new Error(`scenario ${file} is not valid JSON: ${e.message}`);
  }
}

/** Loads a scenario on top of what exists. ctx is the DynamoDB context; lambda the service. */
async function loadScenario(ctx, lambda, ref, baseDir) {
  const { scenario, dir } = readScenario(ref, baseDir);
  const summary = { tables: [], items: 0, functions: 0 };
  await Promise.all((scenario.tables || []).map(async (t, i) => {
    if (!t || !t.spec || !t.spec.TableName) throw new Error(`scenario table #${i} needs spec.TableName`);
    const name = t.spec.TableName;
    const spec = t.stack ? { ...t.spec, Tags: [...(t.spec.Tags || []), ...stackTags(ctx, t.stack)] } : t.spec;
    await tables.createTable(ctx, spec);
    if (t.ttl) await ctx.local.call('UpdateTimeToLive', { TableName: name, TimeToLiveSpecification: t.ttl });
    if (t.pitr) {
      await pitr.updateContinuousBackups(ctx, { TableName: name, PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } });
    }
    await settled(ctx, name, t);
    // concat, not push(...generated): a spread of a million items overflows the call stack.
    const items = t.generate ? (t.items || []).concat(generateItems(t.spec, t.generate)) : [...(t.items || [])];
    await writeAll(ctx, name, items);
    summary.tables.push(name);
    summary.items += items.length;
  }));
  if (ctx.iam) Object.assign(summary, await ctx.iam.loadScenario(scenario));
  const functions = (scenario.functions || []).map((f) => {
    if (!f.stack) return f;
    const { stack, ...rest } = f;
    const tags = Object.fromEntries(stackTags(ctx, stack).map((x) => [x.Key, x.Value]));
    return { ...rest, Tags: { ...(rest.Tags || {}), ...tags } };
  });
  if (functions.length) await lambda.loadFunctions(functions, dir);
  summary.functions = functions.length;
  if (scenario.eventSourceMappings && scenario.eventSourceMappings.length) {
    await lambda.loadMappings(await Promise.all(scenario.eventSourceMappings.map((m) => streamOf(ctx, m))));
  }
  const own = ctx.own || {};
  for (const [list, service, op] of [
    [scenario.scalableTargets, own.ApplicationAutoScaling, 'RegisterScalableTarget'],
    [scenario.scalingPolicies, own.ApplicationAutoScaling, 'PutScalingPolicy'],
  ]) {
    for (const input of list || []) await service.operations[op]({ ServiceNamespace: 'dynamodb', ...input });
  }
  for (const alarm of scenario.alarms || []) own.CloudWatch.alarms.put(alarm);
  return summary;
}

/** A scenario mapping names its stream by `table` (its latest stream) or by EventSourceArn. */
async function streamOf(ctx, { table, ...input }) {
  if (!table) return input;
  const { Table } = await ctx.local.call('DescribeTable', { TableName: table });
  if (!Table.LatestStreamArn) throw new Error(`scenario event source mapping: table ${table} has no stream`);
  return { ...input, EventSourceArn: ctx.arns.toPublic(Table.LatestStreamArn) };
}

/** A table's Kinesis destinations and Contributor Insights, as already settled (ACTIVE, ENABLED). */
async function settled(ctx, name, t) {
  const since = Date.now() - 60000;
  for (const d of t.kinesisDestinations || []) {
    await kinesis.enableKinesisStreamingDestination(ctx, { TableName: name, StreamArn: d.StreamArn, EnableKinesisStreamingConfiguration: d.EnableKinesisStreamingConfiguration });
  }
  const ci = t.contributorInsights === true ? { table: true } : t.contributorInsights;
  if (ci && ci.table) await insights.updateContributorInsights(ctx, { TableName: name, ContributorInsightsAction: 'ENABLE', ContributorInsightsMode: ci.mode });
  for (const IndexName of (ci && ci.indexes) || []) {
    await insights.updateContributorInsights(ctx, { TableName: name, IndexName, ContributorInsightsAction: 'ENABLE', ContributorInsightsMode: ci.mode });
  }
  ctx.state.updateTable(name, (s) => {
    for (const d of s.kinesis || []) d.since = since;
    for (const v of Object.values(s.contributorInsights || {})) v.since = since;
  });
}

/** Deletes every table (deletion protection lifted first), backup and function. */
async function resetAccount(ctx, lambda) {
  let ExclusiveStartTableName;
  const names = [];
  do {
    const page = await ctx.local.call('ListTables', { ExclusiveStartTableName });
    names.push(...page.TableNames);
    ExclusiveStartTableName = page.LastEvaluatedTableName;
  } while (ExclusiveStartTableName);
  // One table at a time: DynamoDB Local fails now and then ("The request processing has failed
  // because of an unknown error") when it lifts a table's deletion protection while deleting others.
  for (const TableName of names) {
    const { Table } = await ctx.local.call('DescribeTable', { TableName });
    if (Table.DeletionProtectionEnabled) await ctx.local.call('UpdateTable', { TableName, DeletionProtectionEnabled: false });
    await ctx.local.call('DeleteTable', { TableName });
  }
  ctx.state.clear();
  for (const s of ctx.services || []) s.reset();
  await lambda.reset();
  if (ctx.iam) ctx.iam.reset();
  return { deletedTables: names.length };
}

module.exports = { loadScenario, resetAccount, readScenario };
