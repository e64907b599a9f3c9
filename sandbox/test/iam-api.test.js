'use strict';
// IAM's API through @aws-sdk/client-iam: roles, inline policies (URL-encoded documents in the
// answers), managed policies with versions, attachments, boundaries, and IAM's quotas and
// errors (NoSuchEntity, EntityAlreadyExists, LimitExceeded, MalformedPolicyDocument, DeleteConflict).
// The SDK names errors by their model shapes: the wire's NoSuchEntity is NoSuchEntityException.

const test = require('node:test');
const assert = require('node:assert/strict');
const I = require('@aws-sdk/client-iam');
const S = require('@aws-sdk/client-sts');
const { useSandbox } = require('./helpers');

const ACCOUNT = '000000000000';
const TRUST = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
const allow = (Action, Resource = '*') => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action, Resource }] });

const sb = useSandbox();
const iam = () => new I.IAMClient(sb.clientConfig());

async function error(promise) {
  const e = await promise.then(() => null, (x) => x);
  assert.ok(e, 'expected an error');
  return { name: e.name, message: e.message, status: e.$metadata.httpStatusCode };
}

test('roles: create, get (URL-encoded trust policy), list with paths, update trust, delete; AWS errors', async () => {
  const c = iam();
  const created = await c.send(new I.CreateRoleCommand({ RoleName: 'api-role', Path: '/service-role/', AssumeRolePolicyDocument: TRUST, Description: 'd', Tags: [{ Key: 'team', Value: 'billing' }] }));
  assert.equal(created.Role.Arn, `arn:aws:iam::${ACCOUNT}:role/service-role/api-role`);
  assert.match(created.Role.RoleId, /^AROA[A-Z2-7]{17}$/);
  assert.ok(created.Role.CreateDate instanceof Date);
  const got = (await c.send(new I.GetRoleCommand({ RoleName: 'api-role' }))).Role;
  assert.equal(got.AssumeRolePolicyDocument, encodeURIComponent(TRUST), 'IAM answers policy documents URL-encoded');
  assert.deepEqual(got.Tags, [{ Key: 'team', Value: 'billing' }]);
  assert.equal(got.MaxSessionDuration, 3600);

  assert.deepEqual(await error(c.send(new I.CreateRoleCommand({ RoleName: 'API-ROLE', AssumeRolePolicyDocument: TRUST }))),
    { name: 'EntityAlreadyExistsException', message: 'Role with name API-ROLE already exists.', status: 409 });
  assert.deepEqual(await error(c.send(new I.GetRoleCommand({ RoleName: 'nope' }))),
    { name: 'NoSuchEntityException', message: 'The role with name nope cannot be found.', status: 404 });
  assert.equal((await error(c.send(new I.CreateRoleCommand({ RoleName: 'bad name', AssumeRolePolicyDocument: TRUST })))).name, 'ValidationError');
  assert.deepEqual(await error(c.send(new I.CreateRoleCommand({ RoleName: 'r2', AssumeRolePolicyDocument: '{not json' }))),
    { name: 'MalformedPolicyDocumentException', message: 'This policy contains invalid Json', status: 400 });
  const withResource = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole', Resource: '*' }] });
  assert.deepEqual(await error(c.send(new I.CreateRoleCommand({ RoleName: 'r2', AssumeRolePolicyDocument: withResource }))),
    { name: 'MalformedPolicyDocumentException', message: 'Has prohibited field Resource', status: 400 });

  const byPath = await c.send(new I.ListRolesCommand({ PathPrefix: '/service-role/' }));
  assert.deepEqual(byPath.Roles.map((r) => r.RoleName), ['api-role']);
  const trust2 = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'sts:AssumeRole' }] });
  await c.send(new I.UpdateAssumeRolePolicyCommand({ RoleName: 'api-role', PolicyDocument: trust2 }));
  assert.equal(decodeURIComponent((await c.send(new I.GetRoleCommand({ RoleName: 'api-role' }))).Role.AssumeRolePolicyDocument), trust2);

  await c.send(new I.PutRolePolicyCommand({ RoleName: 'api-role', PolicyName: 'p', PolicyDocument: allow('s3:GetObject') }));
  assert.deepEqual(await error(c.send(new I.DeleteRoleCommand({ RoleName: 'api-role' }))),
    { name: 'DeleteConflictException', message: 'Cannot delete entity, must delete policies first.', status: 409 });
  await c.send(new I.DeleteRolePolicyCommand({ RoleName: 'api-role', PolicyName: 'p' }));
  await c.send(new I.DeleteRoleCommand({ RoleName: 'api-role' }));
  assert.equal((await error(c.send(new I.GetRoleCommand({ RoleName: 'api-role' })))).name, 'NoSuchEntityException');
});

test('inline policies: put, get (URL-encoded), list, delete, and the 10,240-character quota per role', async () => {
  const c = iam();
  await c.send(new I.CreateRoleCommand({ RoleName: 'inline-role', AssumeRolePolicyDocument: TRUST }));
  const document = allow(['dynamodb:GetItem', 'dynamodb:Query'], 'arn:aws:dynamodb:us-east-1:000000000000:table/t');
  await c.send(new I.PutRolePolicyCommand({ RoleName: 'inline-role', PolicyName: 'read', PolicyDocument: document }));
  const got = await c.send(new I.GetRolePolicyCommand({ RoleName: 'inline-role', PolicyName: 'read' }));
  assert.equal(got.PolicyDocument, encodeURIComponent(document));
  assert.deepEqual(JSON.parse(decodeURIComponent(got.PolicyDocument)), JSON.parse(document));
  assert.deepEqual((await c.send(new I.ListRolePoliciesCommand({ RoleName: 'inline-role' }))).PolicyNames, ['read']);
  assert.deepEqual(await error(c.send(new I.GetRolePolicyCommand({ RoleName: 'inline-role', PolicyName: 'nope' }))),
    { name: 'NoSuchEntityException', message: 'The role policy with name nope cannot be found.', status: 404 });
  const noResource = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*' }] });
  assert.deepEqual(await error(c.send(new I.PutRolePolicyCommand({ RoleName: 'inline-role', PolicyName: 'x', PolicyDocument: noResource }))),
    { name: 'MalformedPolicyDocumentException', message: 'Policy statement must contain resources.', status: 400 });

  // The quota counts all inline policies of the role together, whitespace excluded.
  const big = (n) => allow('s3:GetObject', Array.from({ length: n }, (_, i) => `arn:aws:s3:::bucket-${String(i).padStart(4, '0')}/*`));
  const size = (d) => d.replace(/\s/g, '').length;
  let n = 1;
  while (size(big(n + 1)) + size(document) <= 10240) n++;
  await c.send(new I.PutRolePolicyCommand({ RoleName: 'inline-role', PolicyName: 'big', PolicyDocument: big(n) }));
  assert.deepEqual(await error(c.send(new I.PutRolePolicyCommand({ RoleName: 'inline-role', PolicyName: 'big', PolicyDocument: big(n + 1) }))),
    { name: 'LimitExceededException', message: 'Maximum policy size of 10240 bytes exceeded for role inline-role', status: 409 });
  await c.send(new I.DeleteRolePolicyCommand({ RoleName: 'inline-role', PolicyName: 'read' }));
  await c.send(new I.PutRolePolicyCommand({ RoleName: 'inline-role', PolicyName: 'big', PolicyDocument: big(n + 1) }));
});

test('managed policies: versions (at most 5, default), attachments (at most 10), boundaries, deletes in order', async () => {
  const c = iam();
  const p = (await c.send(new I.CreatePolicyCommand({ PolicyName: 'mp', Path: '/team/', PolicyDocument: allow('dynamodb:GetItem'), Description: 'x' }))).Policy;
  assert.equal(p.Arn, `arn:aws:iam::${ACCOUNT}:policy/team/mp`);
  assert.equal(p.DefaultVersionId, 'v1');
  assert.match(p.PolicyId, /^ANPA/);
  assert.equal((await error(c.send(new I.CreatePolicyCommand({ PolicyName: 'mp', PolicyDocument: allow('s3:*') })))).name, 'EntityAlreadyExistsException');
  const tooBig = allow('s3:GetObject', Array.from({ length: 200 }, (_, i) => `arn:aws:s3:::bucket-number-${i}/*`));
  assert.deepEqual(await error(c.send(new I.CreatePolicyCommand({ PolicyName: 'huge', PolicyDocument: tooBig }))),
    { name: 'LimitExceededException', message: 'Cannot exceed quota for PolicySize: 6144', status: 409 });

  for (let v = 2; v <= 5; v++) {
    const made = await c.send(new I.CreatePolicyVersionCommand({ PolicyArn: p.Arn, PolicyDocument: allow(`dynamodb:Query${v}`.replace(/\d$/, '')), SetAsDefault: v === 3 }));
    assert.equal(made.PolicyVersion.VersionId, `v${v}`);
  }
  assert.deepEqual(await error(c.send(new I.CreatePolicyVersionCommand({ PolicyArn: p.Arn, PolicyDocument: allow('s3:*') }))),
    { name: 'LimitExceededException', message: 'A managed policy can have up to 5 versions. Before you create a new version, you must delete an existing version.', status: 409 });
  const versions = (await c.send(new I.ListPolicyVersionsCommand({ PolicyArn: p.Arn }))).Versions;
  assert.deepEqual(versions.map((v) => [v.VersionId, v.IsDefaultVersion]), [['v5', false], ['v4', false], ['v3', true], ['v2', false], ['v1', false]]);
  assert.equal((await c.send(new I.GetPolicyCommand({ PolicyArn: p.Arn }))).Policy.DefaultVersionId, 'v3');
  const v1 = (await c.send(new I.GetPolicyVersionCommand({ PolicyArn: p.Arn, VersionId: 'v1' }))).PolicyVersion;
  assert.equal(decodeURIComponent(v1.Document), allow('dynamodb:GetItem'));
  assert.deepEqual(await error(c.send(new I.DeletePolicyVersionCommand({ PolicyArn: p.Arn, VersionId: 'v3' }))),
    { name: 'DeleteConflictException', message: 'Cannot delete the default version of a policy.', status: 409 });
  await c.send(new I.SetDefaultPolicyVersionCommand({ PolicyArn: p.Arn, VersionId: 'v1' }));
  await c.send(new I.DeletePolicyVersionCommand({ PolicyArn: p.Arn, VersionId: 'v3' }));
  assert.equal((await error(c.send(new I.GetPolicyVersionCommand({ PolicyArn: p.Arn, VersionId: 'v3' })))).name, 'NoSuchEntityException');

  await c.send(new I.CreateRoleCommand({ RoleName: 'attached-role', AssumeRolePolicyDocument: TRUST }));
  await c.send(new I.AttachRolePolicyCommand({ RoleName: 'attached-role', PolicyArn: p.Arn }));
  await c.send(new I.AttachRolePolicyCommand({ RoleName: 'attached-role', PolicyArn: 'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole' }));
  const listed = (await c.send(new I.ListAttachedRolePoliciesCommand({ RoleName: 'attached-role' }))).AttachedPolicies;
  assert.deepEqual(listed.map((a) => a.PolicyName), ['mp', 'AWSLambdaBasicExecutionRole']);
  assert.equal((await c.send(new I.GetPolicyCommand({ PolicyArn: p.Arn }))).Policy.AttachmentCount, 1);
  assert.deepEqual(await error(c.send(new I.AttachRolePolicyCommand({ RoleName: 'attached-role', PolicyArn: `arn:aws:iam::${ACCOUNT}:policy/none` }))),
    { name: 'NoSuchEntityException', message: `Policy arn:aws:iam::${ACCOUNT}:policy/none does not exist or is not attachable.`, status: 404 });
  const more = [];
  for (let i = 0; i < 9; i++) more.push((await c.send(new I.CreatePolicyCommand({ PolicyName: `extra-${i}`, PolicyDocument: allow('s3:GetObject') }))).Policy.Arn);
  for (const arn of more.slice(0, 8)) await c.send(new I.AttachRolePolicyCommand({ RoleName: 'attached-role', PolicyArn: arn }));
  assert.deepEqual(await error(c.send(new I.AttachRolePolicyCommand({ RoleName: 'attached-role', PolicyArn: more[8] }))),
    { name: 'LimitExceededException', message: 'Cannot exceed quota for PoliciesPerRole: 10', status: 409 });

  assert.deepEqual(await error(c.send(new I.DeletePolicyCommand({ PolicyArn: p.Arn }))),
    { name: 'DeleteConflictException', message: 'Cannot delete a policy attached to entities.', status: 409 });
  assert.deepEqual(await error(c.send(new I.DeleteRoleCommand({ RoleName: 'attached-role' }))),
    { name: 'DeleteConflictException', message: 'Cannot delete entity, must detach all policies first.', status: 409 });

  await c.send(new I.PutRolePermissionsBoundaryCommand({ RoleName: 'attached-role', PermissionsBoundary: more[8] }));
  const bounded = (await c.send(new I.GetRoleCommand({ RoleName: 'attached-role' }))).Role;
  assert.deepEqual(bounded.PermissionsBoundary, { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: more[8] });
  assert.equal((await c.send(new I.GetPolicyCommand({ PolicyArn: more[8] }))).Policy.PermissionsBoundaryUsageCount, 1);
  await c.send(new I.DeleteRolePermissionsBoundaryCommand({ RoleName: 'attached-role' }));
  assert.equal((await c.send(new I.GetRoleCommand({ RoleName: 'attached-role' }))).Role.PermissionsBoundary, undefined);

  await c.send(new I.DetachRolePolicyCommand({ RoleName: 'attached-role', PolicyArn: p.Arn }));
  assert.equal((await error(c.send(new I.DetachRolePolicyCommand({ RoleName: 'attached-role', PolicyArn: p.Arn })))).name, 'NoSuchEntityException');
  assert.equal((await error(c.send(new I.DeletePolicyCommand({ PolicyArn: p.Arn })))).name, 'DeleteConflictException', 'versions other than the default must go first');
  for (const v of ['v2', 'v4', 'v5']) await c.send(new I.DeletePolicyVersionCommand({ PolicyArn: p.Arn, VersionId: v }));
  await c.send(new I.DeletePolicyCommand({ PolicyArn: p.Arn }));
  assert.equal((await error(c.send(new I.GetPolicyCommand({ PolicyArn: p.Arn })))).name, 'NoSuchEntityException');

  const local = (await c.send(new I.ListPoliciesCommand({ Scope: 'Local', MaxItems: 4 })));
  assert.equal(local.Policies.length, 4);
  assert.equal(local.IsTruncated, true);
  const rest = await c.send(new I.ListPoliciesCommand({ Scope: 'Local', Marker: local.Marker }));
  assert.equal(local.Policies.length + rest.Policies.length, 9);
  const awsManaged = await c.send(new I.ListPoliciesCommand({ Scope: 'AWS' }));
  assert.ok(awsManaged.Policies.some((x) => x.Arn === 'arn:aws:iam::aws:policy/AdministratorAccess'));
});

test("STS GetCallerIdentity names the sandbox's administrator for its fixed credentials", async () => {
  const who = await new S.STSClient(sb.clientConfig()).send(new S.GetCallerIdentityCommand({}));
  assert.equal(who.Account, ACCOUNT);
  assert.equal(who.Arn, `arn:aws:iam::${ACCOUNT}:user/sandbox-primary`);
  assert.match(who.UserId, /^AIDA[A-Z2-7]{17}$/);
});
