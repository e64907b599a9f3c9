'use strict';
// Debian's awscli v2 (/usr/bin/aws) drives IAM and STS as it drives AWS: it reads the query
// protocol's XML, URL-decodes and parses the policy documents IAM answers with, and reports
// IAM's error codes; an AssumeRole session's credentials are enforced for the cli too.

const test = require('node:test');
const assert = require('node:assert/strict');
const { useSandbox } = require('./helpers');

const ACCOUNT = '000000000000';
const sb = useSandbox();

const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'sts:AssumeRole' }] };
const readOrders = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['dynamodb:GetItem', 'dynamodb:ListTables'], Resource: '*' }] };

async function aws(args, opts) {
  const r = await sb.aws(args, opts);
  return r;
}
async function ok(args, opts) {
  const r = await aws(args, opts);
  assert.equal(r.code, 0, `aws ${args.join(' ')}: ${r.stderr}`);
  return r.json;
}

test('awscli: roles, inline policies (decoded documents), managed policy versions, attachments, boundary, simulation', async () => {
  const role = await ok(['iam', 'create-role', '--role-name', 'cli-role', '--assume-role-policy-document', JSON.stringify(trust)]);
  assert.equal(role.Role.Arn, `arn:aws:iam::${ACCOUNT}:role/cli-role`);
  assert.deepEqual(role.Role.AssumeRolePolicyDocument, trust, 'the cli URL-decodes and parses the document');
  const dup = await aws(['iam', 'create-role', '--role-name', 'cli-role', '--assume-role-policy-document', JSON.stringify(trust)]);
  assert.notEqual(dup.code, 0);
  assert.match(dup.stderr, /\(EntityAlreadyExists\) when calling the CreateRole operation: Role with name cli-role already exists\./);

  await ok(['iam', 'put-role-policy', '--role-name', 'cli-role', '--policy-name', 'read', '--policy-document', JSON.stringify(readOrders)]);
  const inline = await ok(['iam', 'get-role-policy', '--role-name', 'cli-role', '--policy-name', 'read']);
  assert.deepEqual(inline, { RoleName: 'cli-role', PolicyName: 'read', PolicyDocument: readOrders });
  assert.deepEqual((await ok(['iam', 'list-role-policies', '--role-name', 'cli-role'])).PolicyNames, ['read']);

  const denyWrites = { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 'dynamodb:PutItem', Resource: '*' }] };
  const policy = (await ok(['iam', 'create-policy', '--policy-name', 'cli-guard', '--policy-document', JSON.stringify(denyWrites)])).Policy;
  assert.equal(policy.DefaultVersionId, 'v1');
  const v2 = await ok(['iam', 'create-policy-version', '--policy-arn', policy.Arn, '--policy-document', JSON.stringify({ ...denyWrites, Statement: [{ ...denyWrites.Statement[0], Action: ['dynamodb:PutItem', 'dynamodb:DeleteItem'] }] }), '--set-as-default']);
  assert.equal(v2.PolicyVersion.VersionId, 'v2');
  assert.equal(v2.PolicyVersion.IsDefaultVersion, true);
  const versions = await ok(['iam', 'list-policy-versions', '--policy-arn', policy.Arn]);
  assert.deepEqual(versions.Versions.map((v) => v.VersionId), ['v2', 'v1']);
  const v1 = await ok(['iam', 'get-policy-version', '--policy-arn', policy.Arn, '--version-id', 'v1']);
  assert.deepEqual(v1.PolicyVersion.Document, denyWrites);
  await ok(['iam', 'attach-role-policy', '--role-name', 'cli-role', '--policy-arn', policy.Arn]);
  assert.deepEqual((await ok(['iam', 'list-attached-role-policies', '--role-name', 'cli-role'])).AttachedPolicies, [{ PolicyName: 'cli-guard', PolicyArn: policy.Arn }]);

  const boundary = (await ok(['iam', 'create-policy', '--policy-name', 'cli-boundary', '--policy-document', JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'dynamodb:ListTables', Resource: '*' }] })])).Policy;
  await ok(['iam', 'put-role-permissions-boundary', '--role-name', 'cli-role', '--permissions-boundary', boundary.Arn]);
  assert.equal((await ok(['iam', 'get-role', '--role-name', 'cli-role'])).Role.PermissionsBoundary.PermissionsBoundaryArn, boundary.Arn);

  const sim = await ok(['iam', 'simulate-principal-policy', '--policy-source-arn', role.Role.Arn,
    '--action-names', 'dynamodb:ListTables', 'dynamodb:GetItem', 'dynamodb:PutItem']);
  assert.deepEqual(sim.EvaluationResults.map((r) => [r.EvalActionName, r.EvalDecision, r.PermissionsBoundaryDecisionDetail.AllowedByPermissionsBoundary]),
    [['dynamodb:ListTables', 'allowed', true], ['dynamodb:GetItem', 'implicitDeny', false], ['dynamodb:PutItem', 'explicitDeny', false]]);
  const denyMatch = sim.EvaluationResults[2].MatchedStatements[0];
  assert.equal(denyMatch.SourcePolicyId, 'cli-guard');
  assert.equal(denyMatch.SourcePolicyType, 'user-managed');
  // The statement's opening brace: column 38 of {"Version":"2012-10-17","Statement":[{ (1-based).
  assert.deepEqual(denyMatch.StartPosition, { Line: 1, Column: 38 });

  // The same decisions, enforced on an AssumeRole session driving the cli.
  const assumed = await ok(['sts', 'assume-role', '--role-arn', role.Role.Arn, '--role-session-name', 'cli']);
  assert.match(assumed.Credentials.AccessKeyId, /^ASIA/);
  const credentials = { accessKeyId: assumed.Credentials.AccessKeyId, secretAccessKey: assumed.Credentials.SecretAccessKey };
  const env = { ...sb.childEnv(credentials), AWS_SESSION_TOKEN: assumed.Credentials.SessionToken };
  const { run, AWS_CLI } = require('./helpers');
  const who = await run(AWS_CLI, ['sts', 'get-caller-identity', '--endpoint-url', sb.endpoint, '--output', 'json'], { env });
  assert.equal(JSON.parse(who.stdout).Arn, `arn:aws:sts::${ACCOUNT}:assumed-role/cli-role/cli`);
  const list = await run(AWS_CLI, ['dynamodb', 'list-tables', '--endpoint-url', sb.endpoint, '--output', 'json'], { env });
  assert.equal(list.code, 0, list.stderr);
  const get = await run(AWS_CLI, ['dynamodb', 'get-item', '--table-name', 'cli-orders', '--key', '{"pk":{"S":"a"}}', '--endpoint-url', sb.endpoint], { env });
  assert.notEqual(get.code, 0);
  assert.match(get.stderr, /\(AccessDeniedException\) when calling the GetItem operation: User: arn:aws:sts::000000000000:assumed-role\/cli-role\/cli is not authorized to perform: dynamodb:GetItem on resource: arn:aws:dynamodb:us-east-1:000000000000:table\/cli-orders because no permissions boundary allows the dynamodb:GetItem action/);

  await ok(['iam', 'delete-role-permissions-boundary', '--role-name', 'cli-role']);
  await ok(['iam', 'detach-role-policy', '--role-name', 'cli-role', '--policy-arn', policy.Arn]);
  await ok(['iam', 'delete-policy-version', '--policy-arn', policy.Arn, '--version-id', 'v1']);
  await ok(['iam', 'delete-policy', '--policy-arn', policy.Arn]);
  await ok(['iam', 'delete-role-policy', '--role-name', 'cli-role', '--policy-name', 'read']);
  await ok(['iam', 'delete-role', '--role-name', 'cli-role']);
  const gone = await aws(['iam', 'get-role', '--role-name', 'cli-role']);
  assert.match(gone.stderr, /\(NoSuchEntity\) when calling the GetRole operation: The role with name cli-role cannot be found\./);
  assert.deepEqual((await ok(['iam', 'list-roles'])).Roles, []);
});
