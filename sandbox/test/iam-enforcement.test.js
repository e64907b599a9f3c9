'use strict';
// IAM enforcement through the AWS SDK for JavaScript v3: requests signed with temporary
// credentials (AssumeRole's, and the execution-role credentials Lambda gives a handler) are
// allowed or denied as AWS decides — identity policies, explicit Deny, permissions boundary,
// the table's resource policy, condition keys — and SimulatePrincipalPolicy agrees.

const test = require('node:test');
const assert = require('node:assert/strict');
const AdmZip = require('adm-zip');
const I = require('@aws-sdk/client-iam');
const S = require('@aws-sdk/client-sts');
const D = require('@aws-sdk/client-dynamodb');
const L = require('@aws-sdk/client-lambda');
const { useSandbox } = require('./helpers');

const ACCOUNT = '000000000000';
const TABLE = 'iam-orders';
const OTHER = 'iam-ledger';
const TABLE_ARN = `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/${TABLE}`;
const OTHER_ARN = `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/${OTHER}`;
const TRUST_ACCOUNT = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'sts:AssumeRole' }] };
const TRUST_LAMBDA = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] };
const doc = (...Statement) => JSON.stringify({ Version: '2012-10-17', Statement });

const sb = useSandbox({
  setup: async (s) => {
    const ddb = s.dynamodb();
    for (const TableName of [TABLE, OTHER]) {
      await ddb.send(new D.CreateTableCommand({
        TableName, BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }, { AttributeName: 'gk', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        GlobalSecondaryIndexes: [{ IndexName: 'by-gk', KeySchema: [{ AttributeName: 'gk', KeyType: 'HASH' }], Projection: { ProjectionType: 'ALL' } }],
        StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_IMAGE' },
      }));
    }
  },
});

const iam = () => new I.IAMClient(sb.clientConfig());
const item = (pk, extra = {}) => ({ pk: { S: pk }, gk: { S: 'g' }, ...extra });

/** Creates a role (trusting the account) with inline policies; returns its ARN. */
async function role(RoleName, inline = {}, { trust = TRUST_ACCOUNT, boundary } = {}) {
  const c = iam();
  const r = await c.send(new I.CreateRoleCommand({ RoleName, AssumeRolePolicyDocument: JSON.stringify(trust), PermissionsBoundary: boundary }));
  for (const [PolicyName, PolicyDocument] of Object.entries(inline)) {
    await c.send(new I.PutRolePolicyCommand({ RoleName, PolicyName, PolicyDocument }));
  }
  return r.Role.Arn;
}

/** AssumeRole as the administrator; a DynamoDB client with the session's credentials. */
async function assume(RoleArn, RoleSessionName = 'test') {
  const out = await new S.STSClient(sb.clientConfig()).send(new S.AssumeRoleCommand({ RoleArn, RoleSessionName }));
  const credentials = { accessKeyId: out.Credentials.AccessKeyId, secretAccessKey: out.Credentials.SecretAccessKey, sessionToken: out.Credentials.SessionToken };
  return { credentials, ddb: new D.DynamoDBClient(sb.clientConfig({ credentials })), out };
}

async function outcome(promise) {
  try { await promise; return { ok: true }; } catch (e) { return { ok: false, name: e.name, message: e.message, status: e.$metadata && e.$metadata.httpStatusCode }; }
}

async function simulate(PolicySourceArn, ActionNames, ResourceArns, extra = {}) {
  const out = await iam().send(new I.SimulatePrincipalPolicyCommand({ PolicySourceArn, ActionNames, ResourceArns, ...extra }));
  return out.EvaluationResults;
}

test('a role without the permission gets AccessDeniedException in AWS words; with it, the call succeeds', async () => {
  const arn = await role('iam-t-reader', { read: doc({ Effect: 'Allow', Action: 'dynamodb:GetItem', Resource: TABLE_ARN }) });
  const { ddb } = await assume(arn, 'reader-session');
  assert.deepEqual(await outcome(ddb.send(new D.GetItemCommand({ TableName: TABLE, Key: { pk: { S: 'a' } } }))), { ok: true });
  const denied = await outcome(ddb.send(new D.PutItemCommand({ TableName: TABLE, Item: item('a') })));
  assert.equal(denied.name, 'AccessDeniedException');
  assert.equal(denied.status, 400);
  assert.equal(denied.message, `User: arn:aws:sts::${ACCOUNT}:assumed-role/iam-t-reader/reader-session is not authorized to perform: dynamodb:PutItem on resource: ${TABLE_ARN} because no identity-based policy allows the dynamodb:PutItem action`);

  const [sim] = await simulate(arn, ['dynamodb:PutItem'], [TABLE_ARN]);
  assert.equal(sim.EvalDecision, 'implicitDeny');

  await iam().send(new I.PutRolePolicyCommand({ RoleName: 'iam-t-reader', PolicyName: 'write', PolicyDocument: doc({ Effect: 'Allow', Action: 'dynamodb:PutItem', Resource: TABLE_ARN }) }));
  assert.deepEqual(await outcome(ddb.send(new D.PutItemCommand({ TableName: TABLE, Item: item('a') }))), { ok: true }, 'policies apply to the next request');
  const [after] = await simulate(arn, ['dynamodb:PutItem'], [TABLE_ARN]);
  assert.equal(after.EvalDecision, 'allowed');
  assert.deepEqual(after.MatchedStatements.map((m) => [m.SourcePolicyId, m.SourcePolicyType]), [['write', 'role']]);
});

test('an explicit Deny wins over an Allow, in enforcement and in SimulatePrincipalPolicy', async () => {
  const arn = await role('iam-t-denied', {
    all: doc({ Effect: 'Allow', Action: 'dynamodb:*', Resource: '*' }),
    guard: doc({ Effect: 'Deny', Action: ['dynamodb:PutItem', 'dynamodb:DeleteItem'], Resource: `arn:aws:dynamodb:*:*:table/${OTHER}` }),
  });
  const { ddb } = await assume(arn);
  assert.equal((await outcome(ddb.send(new D.PutItemCommand({ TableName: TABLE, Item: item('d') })))).ok, true);
  const denied = await outcome(ddb.send(new D.PutItemCommand({ TableName: OTHER, Item: item('d') })));
  assert.equal(denied.name, 'AccessDeniedException');
  assert.match(denied.message, /dynamodb:PutItem on resource: .*table\/iam-ledger with an explicit deny in an identity-based policy$/);
  const sims = await simulate(arn, ['dynamodb:PutItem'], [TABLE_ARN, OTHER_ARN]);
  assert.deepEqual(sims.map((r) => r.EvalDecision), ['allowed', 'explicitDeny']);
  assert.equal(sims[1].MatchedStatements[0].SourcePolicyId, 'guard');
});

test('a permissions boundary caps what the identity policies allow', async () => {
  const boundary = await iam().send(new I.CreatePolicyCommand({ PolicyName: 'iam-t-read-only-boundary', PolicyDocument: doc({ Effect: 'Allow', Action: ['dynamodb:GetItem', 'dynamodb:Query'], Resource: '*' }) }));
  const arn = await role('iam-t-bounded', { all: doc({ Effect: 'Allow', Action: 'dynamodb:*', Resource: '*' }) }, { boundary: boundary.Policy.Arn });
  const { ddb } = await assume(arn);
  assert.equal((await outcome(ddb.send(new D.GetItemCommand({ TableName: TABLE, Key: { pk: { S: 'a' } } })))).ok, true);
  const denied = await outcome(ddb.send(new D.PutItemCommand({ TableName: TABLE, Item: item('b') })));
  assert.equal(denied.name, 'AccessDeniedException');
  assert.match(denied.message, /because no permissions boundary allows the dynamodb:PutItem action$/);
  const [put, get] = await simulate(arn, ['dynamodb:PutItem', 'dynamodb:GetItem'], [TABLE_ARN]);
  assert.equal(put.EvalDecision, 'implicitDeny');
  assert.deepEqual(put.PermissionsBoundaryDecisionDetail, { AllowedByPermissionsBoundary: false });
  assert.equal(get.EvalDecision, 'allowed');
  assert.deepEqual(get.PermissionsBoundaryDecisionDetail, { AllowedByPermissionsBoundary: true });

  await iam().send(new I.DeleteRolePermissionsBoundaryCommand({ RoleName: 'iam-t-bounded' }));
  assert.equal((await outcome(ddb.send(new D.PutItemCommand({ TableName: TABLE, Item: item('b') })))).ok, true, 'without the boundary the identity policy rules');
});

test("a table's resource policy allows a role that no identity policy allows (same account); its Deny wins", async () => {
  const arn = await role('iam-t-nothing');
  const { ddb } = await assume(arn);
  const before = await outcome(ddb.send(new D.GetItemCommand({ TableName: OTHER, Key: { pk: { S: 'a' } } })));
  assert.equal(before.name, 'AccessDeniedException');
  const admin = sb.dynamodb();
  const policy = doc(
    { Effect: 'Allow', Principal: { AWS: arn }, Action: ['dynamodb:GetItem', 'dynamodb:Query'], Resource: [OTHER_ARN, `${OTHER_ARN}/index/*`] },
  );
  const put = await admin.send(new D.PutResourcePolicyCommand({ ResourceArn: OTHER_ARN, Policy: policy }));
  assert.match(put.RevisionId, /^\d+$/);
  assert.equal((await outcome(ddb.send(new D.GetItemCommand({ TableName: OTHER, Key: { pk: { S: 'a' } } })))).ok, true);
  assert.equal((await outcome(ddb.send(new D.QueryCommand({ TableName: OTHER, IndexName: 'by-gk', KeyConditionExpression: 'gk = :g', ExpressionAttributeValues: { ':g': { S: 'g' } } })))).ok, true);
  assert.equal((await outcome(ddb.send(new D.PutItemCommand({ TableName: OTHER, Item: item('x') })))).name, 'AccessDeniedException');
  const [sim] = await simulate(arn, ['dynamodb:GetItem'], [OTHER_ARN], { ResourcePolicy: policy });
  assert.equal(sim.EvalDecision, 'allowed');

  // A Deny in the resource policy beats an identity Allow.
  const strong = await role('iam-t-strong', { all: doc({ Effect: 'Allow', Action: 'dynamodb:*', Resource: '*' }) });
  const denyPolicy = doc({ Effect: 'Deny', Principal: { AWS: strong }, Action: 'dynamodb:DeleteItem', Resource: OTHER_ARN });
  await admin.send(new D.PutResourcePolicyCommand({ ResourceArn: OTHER_ARN, Policy: denyPolicy, ExpectedRevisionId: put.RevisionId }));
  const s2 = await assume(strong);
  const denied = await outcome(s2.ddb.send(new D.DeleteItemCommand({ TableName: OTHER, Key: { pk: { S: 'x' } } })));
  assert.equal(denied.name, 'AccessDeniedException');
  assert.match(denied.message, /with an explicit deny in a resource-based policy$/);
  const [sim2] = await simulate(strong, ['dynamodb:DeleteItem'], [OTHER_ARN], { ResourcePolicy: denyPolicy });
  assert.equal(sim2.EvalDecision, 'explicitDeny');
  await admin.send(new D.DeleteResourcePolicyCommand({ ResourceArn: OTHER_ARN }));
  assert.equal((await outcome(s2.ddb.send(new D.DeleteItemCommand({ TableName: OTHER, Key: { pk: { S: 'x' } } })))).ok, true);
});

test('indexes, LeadingKeys, NotAction and batch requests evaluate per resource as on AWS', async () => {
  const arn = await role('iam-t-scoped', {
    p: doc(
      { Effect: 'Allow', Action: 'dynamodb:Query', Resource: `${TABLE_ARN}/index/*` },
      { Effect: 'Allow', Action: ['dynamodb:GetItem', 'dynamodb:BatchWriteItem'], Resource: TABLE_ARN, Condition: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': ['tenant-a'] } } },
      { Effect: 'Allow', NotAction: ['dynamodb:*', 'iam:*'], Resource: '*' },
    ),
  });
  const { ddb, credentials } = await assume(arn);
  const query = (IndexName) => ddb.send(new D.QueryCommand({ TableName: TABLE, IndexName, KeyConditionExpression: IndexName ? 'gk = :v' : 'pk = :v', ExpressionAttributeValues: { ':v': { S: 'g' } } }));
  assert.equal((await outcome(query('by-gk'))).ok, true);
  const base = await outcome(query(undefined));
  assert.equal(base.name, 'AccessDeniedException');
  assert.match(base.message, new RegExp(`dynamodb:Query on resource: ${TABLE_ARN} because`));
  assert.equal((await outcome(ddb.send(new D.GetItemCommand({ TableName: TABLE, Key: { pk: { S: 'tenant-a' } } })))).ok, true);
  assert.equal((await outcome(ddb.send(new D.GetItemCommand({ TableName: TABLE, Key: { pk: { S: 'tenant-b' } } })))).name, 'AccessDeniedException');
  const batch = await outcome(ddb.send(new D.BatchWriteItemCommand({ RequestItems: {
    [TABLE]: [{ PutRequest: { Item: item('tenant-a') } }], [OTHER]: [{ PutRequest: { Item: item('tenant-a') } }],
  } })));
  assert.equal(batch.name, 'AccessDeniedException');
  assert.match(batch.message, /dynamodb:BatchWriteItem on resource: .*table\/iam-ledger because/);
  // NotAction: STS's GetCallerIdentity needs nothing, IAM is outside the Allow.
  const who = await new S.STSClient(sb.clientConfig({ credentials })).send(new S.GetCallerIdentityCommand({}));
  assert.equal(who.Arn, `arn:aws:sts::${ACCOUNT}:assumed-role/iam-t-scoped/test`);
  const listRoles = await outcome(new I.IAMClient(sb.clientConfig({ credentials })).send(new I.ListRolesCommand({})));
  assert.equal(listRoles.name, 'AccessDenied');
  assert.equal(listRoles.status, 403);
  assert.match(listRoles.message, new RegExp(`iam:ListRoles on resource: arn:aws:iam::${ACCOUNT}:role/ because no identity-based policy allows`));
  const [sim] = await simulate(arn, ['dynamodb:GetItem'], [TABLE_ARN], { ContextEntries: [{ ContextKeyName: 'dynamodb:LeadingKeys', ContextKeyValues: ['tenant-b'], ContextKeyType: 'stringList' }] });
  assert.equal(sim.EvalDecision, 'implicitDeny');
});

test('AssumeRole honours the trust policy; credentials are verified and a wrong session token is refused', async () => {
  const sts = new S.STSClient(sb.clientConfig());
  await role('iam-t-lambda-only', {}, { trust: TRUST_LAMBDA });
  const refused = await outcome(sts.send(new S.AssumeRoleCommand({ RoleArn: `arn:aws:iam::${ACCOUNT}:role/iam-t-lambda-only`, RoleSessionName: 'probe' })));
  assert.equal(refused.name, 'AccessDenied');
  assert.equal(refused.message, `User: arn:aws:iam::${ACCOUNT}:user/sandbox-primary is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::${ACCOUNT}:role/iam-t-lambda-only`);
  const missing = await outcome(sts.send(new S.AssumeRoleCommand({ RoleArn: `arn:aws:iam::${ACCOUNT}:role/iam-t-no-such-role`, RoleSessionName: 'probe' })));
  assert.equal(missing.name, 'AccessDenied');

  // A role trusting one other role: that role's session may chain into it, another's may not.
  const hopArn = await role('iam-t-hop', { assume: doc({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }) });
  const strangerArn = await role('iam-t-stranger', { assume: doc({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }) });
  const target = await role('iam-t-target', {}, { trust: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: hopArn }, Action: 'sts:AssumeRole' }] } });
  const hop = await assume(hopArn);
  const chained = await new S.STSClient(sb.clientConfig({ credentials: hop.credentials })).send(new S.AssumeRoleCommand({ RoleArn: target, RoleSessionName: 'chained' }));
  assert.match(chained.Credentials.AccessKeyId, /^ASIA[A-Z2-7]{16}$/);
  assert.equal(chained.AssumedRoleUser.Arn, `arn:aws:sts::${ACCOUNT}:assumed-role/iam-t-target/chained`);
  const expiresIn = chained.Credentials.Expiration.getTime() - Date.now();
  assert.ok(expiresIn > 3500e3 && expiresIn <= 3600e3, `default duration one hour, got ${expiresIn} ms`);
  const stranger = await assume(strangerArn);
  const no = await outcome(new S.STSClient(sb.clientConfig({ credentials: stranger.credentials })).send(new S.AssumeRoleCommand({ RoleArn: target, RoleSessionName: 'probe' })));
  assert.equal(no.name, 'AccessDenied');
  const tooLong = await outcome(sts.send(new S.AssumeRoleCommand({ RoleArn: hopArn, RoleSessionName: 'probe', DurationSeconds: 7200 })));
  assert.equal(tooLong.name, 'ValidationError');

  const forged = new D.DynamoDBClient(sb.clientConfig({ credentials: { ...hop.credentials, sessionToken: `${hop.credentials.sessionToken.slice(0, -4)}AAAA` } }));
  const bad = await outcome(forged.send(new D.ListTablesCommand({})));
  assert.equal(bad.name, 'UnrecognizedClientException');
  const wrongSecret = new D.DynamoDBClient(sb.clientConfig({ credentials: { ...hop.credentials, secretAccessKey: 'x'.repeat(40) } }));
  assert.equal((await outcome(wrongSecret.send(new D.ListTablesCommand({})))).name, 'InvalidSignatureException');
});

const HANDLER = `
const { DynamoDBClient, PutItemCommand } = require('@aws-sdk/client-dynamodb');
const ddb = new DynamoDBClient({});
exports.handler = async (event) => {
  const env = { keyPrefix: process.env.AWS_ACCESS_KEY_ID.slice(0, 4), hasToken: Boolean(process.env.AWS_SESSION_TOKEN) };
  try {
    await ddb.send(new PutItemCommand({ TableName: event.table, Item: { pk: { S: event.key } } }));
    return { ok: true, ...env };
  } catch (e) {
    return { ok: false, name: e.name, message: e.message, ...env };
  }
};`;

test('Lambda runs a handler with its execution role: denied without the grant, allowed with it; bad roles are refused', async () => {
  const lambda = sb.lambda();
  const zip = new AdmZip();
  zip.addFile('index.js', Buffer.from(HANDLER));
  const fn = { FunctionName: 'iam-t-writer', Runtime: 'nodejs20.x', Handler: 'index.handler', Code: { ZipFile: zip.toBuffer() } };

  const noRole = await outcome(lambda.send(new L.CreateFunctionCommand({ ...fn, Role: `arn:aws:iam::${ACCOUNT}:role/iam-t-absent` })));
  assert.deepEqual([noRole.name, noRole.message], ['InvalidParameterValueException', 'The role defined for the function cannot be assumed by Lambda.']);
  const ec2Only = await role('iam-t-ec2', {}, { trust: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] } });
  const untrusted = await outcome(lambda.send(new L.CreateFunctionCommand({ ...fn, Role: ec2Only })));
  assert.equal(untrusted.name, 'InvalidParameterValueException');

  const exec = await role('iam-t-exec', { logs: doc({ Effect: 'Allow', Action: 'logs:*', Resource: '*' }) }, { trust: TRUST_LAMBDA });
  await lambda.send(new L.CreateFunctionCommand({ ...fn, Role: exec }));
  for (let i = 0; i < 100; i++) {
    const c = await lambda.send(new L.GetFunctionConfigurationCommand({ FunctionName: fn.FunctionName }));
    if (c.State === 'Active' && c.LastUpdateStatus === 'Successful') break;
    await new Promise((r) => setTimeout(r, 50));
  }
  const invoke = async () => JSON.parse(Buffer.from((await lambda.send(new L.InvokeCommand({ FunctionName: fn.FunctionName, Payload: JSON.stringify({ table: TABLE, key: 'from-lambda' }) }))).Payload).toString());
  const first = await invoke();
  assert.equal(first.keyPrefix, 'ASIA');
  assert.equal(first.hasToken, true);
  assert.equal(first.ok, false);
  assert.equal(first.name, 'AccessDeniedException');
  assert.equal(first.message, `User: arn:aws:sts::${ACCOUNT}:assumed-role/iam-t-exec/iam-t-writer is not authorized to perform: dynamodb:PutItem on resource: ${TABLE_ARN} because no identity-based policy allows the dynamodb:PutItem action`);

  await iam().send(new I.PutRolePolicyCommand({ RoleName: 'iam-t-exec', PolicyName: 'orders', PolicyDocument: doc({ Effect: 'Allow', Action: 'dynamodb:PutItem', Resource: TABLE_ARN }) }));
  assert.deepEqual(await invoke(), { ok: true, keyPrefix: 'ASIA', hasToken: true });
  const [sim] = await simulate(exec, ['dynamodb:PutItem'], [TABLE_ARN]);
  assert.equal(sim.EvalDecision, 'allowed');

  const update = await outcome(lambda.send(new L.UpdateFunctionConfigurationCommand({ FunctionName: fn.FunctionName, Role: ec2Only })));
  assert.deepEqual([update.name, update.message], ['InvalidParameterValueException', 'The role defined for the function cannot be assumed by Lambda.']);
});
