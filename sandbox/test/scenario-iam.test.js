'use strict';
// Scenarios and IAM: the seed's Serverless execution role (what it allows, and that it allows
// nothing on other names), a scenario's `roles` and `policies` (versions, attachments, boundary),
// and the compatibility rule for scenarios without `roles`.

const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const I = require('@aws-sdk/client-iam');
const L = require('@aws-sdk/client-lambda');
const { useSandbox } = require('./helpers');

const SCENARIO = path.resolve(__dirname, '..', 'scenarios', 'ai-nexus-dev.json');
const ACCOUNT = '000000000000';
const ROLE = 'ai-nexus-dev-stripe-us-east-1-lambdaRole';
const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/${ROLE}`;
const table = (name) => `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/${name}`;

const sb = useSandbox({ args: ['--scenario', SCENARIO] });
const iam = () => new I.IAMClient(sb.clientConfig());

async function decisions(ActionNames, ResourceArns, PolicySourceArn = ROLE_ARN) {
  const out = await iam().send(new I.SimulatePrincipalPolicyCommand({ PolicySourceArn, ActionNames, ResourceArns }));
  return out.EvaluationResults.map((r) => `${r.EvalActionName} ${r.EvalResourceName.split(':').pop()} ${r.EvalDecision}`);
}

test("the seed's eight functions share the Serverless role; it allows the handlers' calls on their tables and nothing else", async () => {
  const role = (await iam().send(new I.GetRoleCommand({ RoleName: ROLE }))).Role;
  assert.equal(role.Path, '/');
  assert.deepEqual(JSON.parse(decodeURIComponent(role.AssumeRolePolicyDocument)).Statement[0].Principal, { Service: ['lambda.amazonaws.com'] });
  assert.deepEqual((await iam().send(new I.ListRolePoliciesCommand({ RoleName: ROLE }))).PolicyNames, ['ai-nexus-dev-stripe-lambda']);
  const fns = (await sb.lambda().send(new L.ListFunctionsCommand({}))).Functions;
  assert.equal(fns.length, 8);
  assert.deepEqual([...new Set(fns.map((f) => f.Role))], [ROLE_ARN]);

  const handlers = ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:Query'];
  const allowed = await decisions(handlers, [table('ai-nexus-dev-stripe-customers'), `${table('ai-nexus-dev-stripe-invoices')}/index/subscription-index`]);
  assert.ok(allowed.every((d) => d.endsWith(' allowed')), allowed.join('\n'));
  const others = await decisions(['dynamodb:DeleteItem', 'dynamodb:Scan', 'dynamodb:DeleteTable', 'dynamodb:UpdateTable'], [table('ai-nexus-dev-stripe-customers')]);
  assert.ok(others.every((d) => d.endsWith(' implicitDeny')), others.join('\n'));
  const elsewhere = await decisions(handlers, [table('ai-nexus-dev-stripe-other'), table('ai-nexus-prod-stripe-customers')]);
  assert.ok(elsewhere.every((d) => d.endsWith(' implicitDeny')), elsewhere.join('\n'));
  // Until issue 13 (ddbmv moves grants): the new tables' names are granted too.
  const renamed = await decisions(handlers, [table('diatonic-ai-stripe-subscriptions')]);
  assert.ok(renamed.every((d) => d.endsWith(' allowed')), renamed.join('\n'));
  const logs = await decisions(['logs:PutLogEvents'], [`arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/aws/lambda/ai-nexus-dev-stripe-list-invoices:log-stream:x`]);
  assert.deepEqual(logs, [`logs:PutLogEvents x allowed`]);
});

test("a scenario's policies (versions, default), attachments and boundary load; an undeclared role fails to load", async () => {
  const allow = (Action) => ({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action, Resource: '*' }] });
  const scenario = {
    policies: [
      { PolicyName: 'sc-read', Path: '/team/', versions: [{ Document: allow('dynamodb:Scan') }, { Document: allow('dynamodb:GetItem'), default: true }] },
      { PolicyName: 'sc-boundary', Document: allow(['dynamodb:GetItem', 'dynamodb:PutItem']) },
    ],
    roles: [{
      RoleName: 'sc-role', Path: '/app/',
      inlinePolicies: { write: allow('dynamodb:PutItem') },
      managedPolicies: ['sc-read', 'AWSLambdaBasicExecutionRole'],
      PermissionsBoundary: 'sc-boundary',
    }],
    functions: [],
  };
  const r = await sb.admin('POST', '/load', { scenario });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  const arn = `arn:aws:iam::${ACCOUNT}:role/app/sc-role`;
  const role = (await iam().send(new I.GetRoleCommand({ RoleName: 'sc-role' }))).Role;
  assert.equal(role.Arn, arn);
  assert.equal(role.PermissionsBoundary.PermissionsBoundaryArn, `arn:aws:iam::${ACCOUNT}:policy/sc-boundary`);
  const attached = (await iam().send(new I.ListAttachedRolePoliciesCommand({ RoleName: 'sc-role' }))).AttachedPolicies.map((a) => a.PolicyArn);
  assert.deepEqual(attached, [`arn:aws:iam::${ACCOUNT}:policy/team/sc-read`, 'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole']);
  assert.equal((await iam().send(new I.GetPolicyCommand({ PolicyArn: attached[0] }))).Policy.DefaultVersionId, 'v2');
  assert.deepEqual(await decisions(['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Scan'], ['*'], arn),
    ['dynamodb:GetItem * allowed', 'dynamodb:PutItem * allowed', 'dynamodb:Scan * implicitDeny']);

  const bad = await sb.admin('POST', '/load', { scenario: { roles: [], functions: [{ FunctionName: 'sc-fn', Runtime: 'nodejs20.x', Handler: 'index.handler', Role: `arn:aws:iam::${ACCOUNT}:role/undeclared`, files: { 'index.js': 'exports.handler = async () => 1;' } }] } });
  assert.notEqual(bad.status, 200);
  assert.match(JSON.stringify(bad.body), /The role defined for the function cannot be assumed by Lambda/);
});

test('a scenario without roles gets an administrator-equivalent role for each function role it names', async () => {
  const scenario = { functions: [{ FunctionName: 'compat-fn', Runtime: 'nodejs20.x', Handler: 'index.handler', Role: `arn:aws:iam::${ACCOUNT}:role/legacy/compat-role`, files: { 'index.js': 'exports.handler = async () => 1;' } }] };
  const r = await sb.admin('POST', '/load', { scenario });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  const role = (await iam().send(new I.GetRoleCommand({ RoleName: 'compat-role' }))).Role;
  assert.equal(role.Arn, `arn:aws:iam::${ACCOUNT}:role/legacy/compat-role`);
  assert.deepEqual((await iam().send(new I.ListRolePoliciesCommand({ RoleName: 'compat-role' }))).PolicyNames, ['sandbox-default-administrator']);
  assert.deepEqual(await decisions(['dynamodb:DeleteTable'], [table('anything')], role.Arn), ['dynamodb:DeleteTable table/anything allowed']);
});
