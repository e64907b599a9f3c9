'use strict';
// What a request asks IAM for: each DynamoDB, DynamoDB Streams, Lambda, IAM and STS operation
// mapped to the IAM action(s) and resource ARN(s) AWS authorizes it against, plus the
// request-specific condition keys (dynamodb:LeadingKeys, dynamodb:Select, ...). One table per
// service; an operation not listed is authorized as `<service>:<Operation>` on the resource its
// input names (TableName, ResourceArn, StreamArn) or `*`.
//
// checksFor(...) resolves to [{ action, resource, context? }]; every one must be allowed.

const ACTION_PREFIX = {
  DynamoDB: 'dynamodb', DynamoDBStreams: 'dynamodb', Lambda: 'lambda', IAM: 'iam', STS: 'sts',
  CloudWatch: 'cloudwatch', ApplicationAutoScaling: 'application-autoscaling',
};

// ---- DynamoDB ------------------------------------------------------------------------------

const ITEM_KEY = { GetItem: 'Key', DeleteItem: 'Key', UpdateItem: 'Key', PutItem: 'Item' };

/** One table (input.TableName), with LeadingKeys from the item's key where there is one. */
const onTable = (op) => async (input, env) => {
  const keyMember = ITEM_KEY[op];
  const context = await itemContext(env, input.TableName, keyMember ? [input[keyMember]] : []);
  addRequestKeys(context, input);
  return [{ action: `dynamodb:${op}`, resource: env.tableArn(input.TableName), context }];
};

/** Query and Scan: the index ARN when IndexName is given. */
const onTableOrIndex = (op) => async (input, env) => {
  const base = env.tableArn(input.TableName);
  const resource = input.IndexName ? `${base}/index/${input.IndexName}` : base;
  const context = {};
  if (op === 'Query') {
    const value = await queryPartitionValue(env, input);
    if (value !== null) context['dynamodb:LeadingKeys'] = [value];
  }
  addRequestKeys(context, input);
  return [{ action: `dynamodb:${op}`, resource, context }];
};

/** BatchGetItem / BatchWriteItem: the action on every table named. */
const onRequestItems = (op) => async (input, env) => {
  const out = [];
  for (const [table, entry] of Object.entries(input.RequestItems || {})) {
    const keys = op === 'BatchGetItem' ? (entry.Keys || [])
      : (Array.isArray(entry) ? entry : []).map((w) => (w.PutRequest ? w.PutRequest.Item : w.DeleteRequest && w.DeleteRequest.Key));
    out.push({ action: `dynamodb:${op}`, resource: env.tableArn(table), context: await itemContext(env, table, keys) });
  }
  return out;
};

const TRANSACT = { Get: 'GetItem', Put: 'PutItem', Update: 'UpdateItem', Delete: 'DeleteItem', ConditionCheck: 'ConditionCheckItem' };

/** TransactGetItems / TransactWriteItems: each item's own action on its table. */
async function onTransactItems(input, env) {
  const out = [];
  for (const item of input.TransactItems || []) {
    for (const [kind, spec] of Object.entries(item)) {
      if (!TRANSACT[kind] || !spec) continue;
      const context = await itemContext(env, spec.TableName, [spec.Key || spec.Item]);
      out.push({ action: `dynamodb:${TRANSACT[kind]}`, resource: env.tableArn(spec.TableName), context });
    }
  }
  return out;
}

const PARTIQL = [[/^\s*SELECT\b[\s\S]*?\bFROM\s+("[^"]+"|[\w.-]+)/i, 'PartiQLSelect'], [/^\s*INSERT\s+INTO\s+("[^"]+"|[\w.-]+)/i, 'PartiQLInsert'],
  [/^\s*UPDATE\s+("[^"]+"|[\w.-]+)/i, 'PartiQLUpdate'], [/^\s*DELETE\s+FROM\s+("[^"]+"|[\w.-]+)/i, 'PartiQLDelete']];

function partiqlCheck(statement, env) {
  for (const [re, action] of PARTIQL) {
    const m = re.exec(statement || '');
    if (m) {
      const [table, index] = m[1].replace(/^"|"$/g, '').split('"."');
      const arn = env.tableArn(table.split('.')[0]);
      return { action: `dynamodb:${action}`, resource: index ? `${arn}/index/${index}` : arn };
    }
  }
  return { action: 'dynamodb:PartiQLSelect', resource: '*' };
}

const onArn = (op, member) => async (input) => [{ action: `dynamodb:${op}`, resource: input[member] || '*' }];
const anywhere = (action) => async () => [{ action, resource: '*' }];

const DYNAMODB = {
  GetItem: onTable('GetItem'), PutItem: onTable('PutItem'), UpdateItem: onTable('UpdateItem'), DeleteItem: onTable('DeleteItem'),
  Query: onTableOrIndex('Query'), Scan: onTableOrIndex('Scan'),
  BatchGetItem: onRequestItems('BatchGetItem'), BatchWriteItem: onRequestItems('BatchWriteItem'),
  TransactGetItems: onTransactItems, TransactWriteItems: onTransactItems,
  ExecuteStatement: async (input, env) => [partiqlCheck(input.Statement, env)],
  BatchExecuteStatement: async (input, env) => (input.Statements || []).map((s) => partiqlCheck(s.Statement, env)),
  ExecuteTransaction: async (input, env) => (input.TransactStatements || []).map((s) => partiqlCheck(s.Statement, env)),
  ListTables: anywhere('dynamodb:ListTables'), ListBackups: anywhere('dynamodb:ListBackups'),
  DescribeLimits: anywhere('dynamodb:DescribeLimits'), DescribeEndpoints: anywhere('dynamodb:DescribeEndpoints'),
  ListGlobalTables: anywhere('dynamodb:ListGlobalTables'), ListExports: anywhere('dynamodb:ListExports'), ListImports: anywhere('dynamodb:ListImports'),
  ListContributorInsights: anywhere('dynamodb:ListContributorInsights'),
  TagResource: onArn('TagResource', 'ResourceArn'), UntagResource: onArn('UntagResource', 'ResourceArn'),
  ListTagsOfResource: onArn('ListTagsOfResource', 'ResourceArn'),
  PutResourcePolicy: onArn('PutResourcePolicy', 'ResourceArn'), GetResourcePolicy: onArn('GetResourcePolicy', 'ResourceArn'),
  DeleteResourcePolicy: onArn('DeleteResourcePolicy', 'ResourceArn'),
  DescribeBackup: onArn('DescribeBackup', 'BackupArn'), DeleteBackup: onArn('DeleteBackup', 'BackupArn'),
  RestoreTableFromBackup: async (input, env) => [
    { action: 'dynamodb:RestoreTableFromBackup', resource: input.BackupArn || '*' },
    { action: 'dynamodb:RestoreTableFromBackup', resource: env.tableArn(input.TargetTableName) },
  ],
  RestoreTableToPointInTime: async (input, env) => [
    { action: 'dynamodb:RestoreTableToPointInTime', resource: input.SourceTableArn || env.tableArn(input.SourceTableName) },
    { action: 'dynamodb:RestoreTableToPointInTime', resource: env.tableArn(input.TargetTableName) },
  ],
};

// ---- DynamoDB Streams ------------------------------------------------------------------------

const STREAM_IN_ITERATOR = /arn:aws:dynamodb:[^:|]*:\d{12}:table\/[^/|]+\/stream\/[^|"\s]+/;

const STREAMS = {
  DescribeStream: async (input) => [{ action: 'dynamodb:DescribeStream', resource: input.StreamArn || '*' }],
  GetShardIterator: async (input) => [{ action: 'dynamodb:GetShardIterator', resource: input.StreamArn || '*' }],
  GetRecords: async (input) => {
    const m = STREAM_IN_ITERATOR.exec(input.ShardIterator || '');
    return [{ action: 'dynamodb:GetRecords', resource: m ? m[0] : '*' }];
  },
  ListStreams: anywhere('dynamodb:ListStreams'),
};

// ---- Lambda ----------------------------------------------------------------------------------

const LAMBDA_ACTION = { Invoke: 'InvokeFunction' };
const ANY_FUNCTION = new Set(['ListFunctions', 'ListEventSourceMappings', 'CreateEventSourceMapping']);

async function lambdaChecks(operation, input, env, url) {
  const action = `lambda:${LAMBDA_ACTION[operation] || operation}`;
  const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent); // ['2015-03-31', collection, name, ...]
  const [, collection, rawName] = parts;
  const checks = [];
  if (ANY_FUNCTION.has(operation)) checks.push({ action, resource: '*' });
  else if (collection === 'event-source-mappings') checks.push({ action, resource: `arn:aws:lambda:${env.region}:${env.accountId}:event-source-mapping:${rawName}` });
  else if (operation === 'CreateFunction') checks.push({ action, resource: env.functionArn(input.FunctionName || '') });
  else if (rawName) checks.push({ action, resource: env.functionArn(rawName, url.searchParams.get('Qualifier')) });
  else checks.push({ action, resource: '*' });
  if ((operation === 'CreateFunction' || operation === 'UpdateFunctionConfiguration') && input.Role) {
    checks.push({ action: 'iam:PassRole', resource: input.Role, context: { 'iam:PassedToService': 'lambda.amazonaws.com' } });
  }
  return checks;
}

// ---- IAM and STS -----------------------------------------------------------------------------

// List operations are authorized on the path they list (AWS names `arn:aws:iam::ACCOUNT:role/`).
const IAM_LISTS = { ListRoles: 'role', ListPolicies: 'policy' };

async function iamChecks(operation, input, env) {
  const action = `iam:${operation}`;
  if (IAM_LISTS[operation]) return [{ action, resource: `arn:aws:iam::${env.accountId}:${IAM_LISTS[operation]}${input.PathPrefix || '/'}` }];
  if (input.PolicySourceArn) return [{ action, resource: input.PolicySourceArn }];
  if (input.RoleName) return [{ action, resource: env.roleArn(input.RoleName, operation === 'CreateRole' ? input.Path : undefined) }];
  if (input.PolicyArn) return [{ action, resource: input.PolicyArn }];
  if (operation === 'CreatePolicy') return [{ action, resource: `arn:aws:iam::${env.accountId}:policy${input.Path || '/'}${input.PolicyName}` }];
  return [{ action, resource: '*' }];
}

async function stsChecks(operation, input) {
  if (operation === 'GetCallerIdentity') return []; // needs no permission, as on AWS
  return [{ action: `sts:${operation}`, resource: input.RoleArn || '*' }];
}

// ---- condition keys --------------------------------------------------------------------------

function attributeText(v) {
  if (!v || typeof v !== 'object') return null;
  if (v.S !== undefined) return v.S;
  if (v.N !== undefined) return v.N;
  if (v.B !== undefined) return v.B;
  return null;
}

/** dynamodb:LeadingKeys of the items' keys (the partition key values). */
async function itemContext(env, table, keys) {
  const context = {};
  const hash = keys.some(Boolean) ? await env.partitionKeyOf(table) : null;
  if (!hash) return context;
  const values = [...new Set(keys.filter(Boolean).map((k) => attributeText(k[hash])).filter((v) => v !== null))];
  if (values.length) context['dynamodb:LeadingKeys'] = values;
  return context;
}

/** The partition key value a Query names (KeyConditions or `pk = :v` in KeyConditionExpression). */
async function queryPartitionValue(env, input) {
  const hash = await env.partitionKeyOf(input.TableName, input.IndexName);
  if (!hash) return null;
  if (input.KeyConditions && input.KeyConditions[hash]) return attributeText((input.KeyConditions[hash].AttributeValueList || [])[0]);
  const names = input.ExpressionAttributeNames || {};
  const values = input.ExpressionAttributeValues || {};
  for (const m of String(input.KeyConditionExpression || '').matchAll(/([#\w.-]+)\s*=\s*(:[\w]+)/g)) {
    const name = m[1].startsWith('#') ? names[m[1]] : m[1];
    if (name === hash) return attributeText(values[m[2]]);
  }
  return null;
}

function addRequestKeys(context, input) {
  if (input.Select) context['dynamodb:Select'] = input.Select;
  if (input.ReturnValues) context['dynamodb:ReturnValues'] = input.ReturnValues;
  if (input.ReturnConsumedCapacity) context['dynamodb:ReturnConsumedCapacity'] = input.ReturnConsumedCapacity;
}

// ---- entry point -----------------------------------------------------------------------------

/**
 * The checks a request needs. `input`: the parsed JSON body (DynamoDB, Streams, Lambda) or form
 * (IAM, STS). `env`: { region, accountId, tableArn(name), functionArn(name, qualifier), roleArn(name, path),
 * partitionKeyOf(table, index) }. `url`: the request URL (Lambda).
 */
async function checksFor(service, operation, input, env, url) {
  switch (service) {
    case 'DynamoDB': {
      const f = DYNAMODB[operation];
      if (f) return f(input, env);
      let resource = input.TableName ? env.tableArn(input.TableName) : input.ResourceArn || input.TableArn || '*';
      if (input.TableName && input.IndexName) resource += `/index/${input.IndexName}`; // e.g. UpdateContributorInsights
      return [{ action: `dynamodb:${operation}`, resource }];
    }
    case 'DynamoDBStreams': {
      const f = STREAMS[operation];
      return f ? f(input, env) : [{ action: `dynamodb:${operation}`, resource: input.StreamArn || '*' }];
    }
    case 'Lambda': return lambdaChecks(operation, input, env, url);
    case 'IAM': return iamChecks(operation, input, env);
    case 'STS': return stsChecks(operation, input, env);
    default: return [{ action: `${ACTION_PREFIX[service] || service.toLowerCase()}:${operation}`, resource: '*' }];
  }
}

module.exports = { checksFor };
