'use strict';
// A scenario's IAM: `policies` (customer managed, with versions) and `roles` (trust policy,
// inline policies, attached managed policies, permissions boundary), loaded before the functions
// so each function's Role names a role Lambda can assume.
//
// Compatibility rule: a scenario WITHOUT a `roles` member (every scenario written before IAM
// existed) gets, for each function Role ARN that names no existing role, a default role of
// that name and path that lambda.amazonaws.com may assume, with one inline policy
// `sandbox-default-administrator` allowing everything. A scenario WITH `roles` gets no defaults:
// a function naming an undeclared role fails to load, as CreateFunction fails on AWS.

const { CANNOT_ASSUME } = require('./lambda-roles');

const LAMBDA_TRUST = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] };
const ADMINISTRATOR = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };
const DEFAULT_POLICY_NAME = 'sandbox-default-administrator';

const text = (doc) => (typeof doc === 'string' ? doc : JSON.stringify(doc));

function policyArnOf(store, accountId, ref) {
  if (ref.startsWith('arn:')) return ref;
  const local = store.listPolicies({ Scope: 'Local' }).find((p) => p.PolicyName === ref);
  if (local) return local.Arn;
  const aws = store.listPolicies({ Scope: 'AWS' }).find((p) => p.PolicyName === ref);
  if (aws) return aws.Arn;
  return `arn:aws:iam::${accountId}:policy/${ref}`;
}

function loadPolicies(store, policies) {
  for (const [i, p] of (policies || []).entries()) {
    const where = `scenario policy #${i} (${p && p.PolicyName})`;
    try {
      const versions = p.versions ? p.versions.map((v) => text(v.Document)) : [text(p.Document)];
      let defaultIndex = p.versions ? p.versions.findIndex((v) => v.default) : 0;
      if (defaultIndex < 0) defaultIndex = versions.length - 1;
      const existing = store.listPolicies({ Scope: 'Local' }).find((x) => x.PolicyName === p.PolicyName);
      const rec = existing || store.createPolicy({ PolicyName: p.PolicyName, Path: p.Path, Description: p.Description, Tags: p.Tags, PolicyDocument: versions[0] });
      store.replaceVersions(rec.Arn, versions, defaultIndex);
    } catch (e) {
      throw new Error(`${where}: ${e.code ? `${e.code}: ` : ''}${e.message}`);
    }
  }
}

function loadRoles(store, roles, accountId) {
  for (const [i, r] of (roles || []).entries()) {
    if (r && r.RoleName) store.forceDeleteRole(r.RoleName);
    try {
      store.createRole({
        RoleName: r.RoleName, Path: r.Path, Description: r.Description, MaxSessionDuration: r.MaxSessionDuration, Tags: r.Tags,
        AssumeRolePolicyDocument: text(r.AssumeRolePolicyDocument || LAMBDA_TRUST),
      });
      const inline = Array.isArray(r.inlinePolicies)
        ? r.inlinePolicies.map((p) => [p.PolicyName, p.PolicyDocument])
        : Object.entries(r.inlinePolicies || {});
      for (const [name, doc] of inline) store.putRolePolicy(r.RoleName, name, text(doc));
      for (const ref of r.managedPolicies || []) store.attachRolePolicy(r.RoleName, policyArnOf(store, accountId, ref));
      if (r.PermissionsBoundary) store.putRolePermissionsBoundary(r.RoleName, policyArnOf(store, accountId, r.PermissionsBoundary));
    } catch (e) {
      throw new Error(`scenario role #${i} (${r && r.RoleName}): ${e.code ? `${e.code}: ` : ''}${e.message}`);
    }
  }
}

/** Creates the default role for a function's Role ARN (compatibility rule above). */
function defaultRole(store, roleArn) {
  const m = /^arn:aws:iam::\d{12}:role(\/(?:.*\/)?)([^/]+)$/.exec(roleArn || '');
  if (!m || store.roleByArn(roleArn)) return;
  store.forceDeleteRole(m[2]);
  store.createRole({ RoleName: m[2], Path: m[1], AssumeRolePolicyDocument: JSON.stringify(LAMBDA_TRUST), Description: 'Created by the sandbox for a scenario without roles' });
  store.putRolePolicy(m[2], DEFAULT_POLICY_NAME, JSON.stringify(ADMINISTRATOR));
}

/**
 * Loads `policies` and `roles`; then checks every function's Role as CreateFunction would
 * (`problemWith` from lambda-roles.js). Returns { roles, policies } counts.
 */
async function loadIamScenario(store, scenario, accountId, problemWith) {
  loadPolicies(store, scenario.policies);
  loadRoles(store, scenario.roles, accountId);
  for (const f of scenario.functions || []) {
    if (!scenario.roles) defaultRole(store, f.Role);
    if (problemWith && f.Role && (await problemWith(f.Role))) {
      throw new Error(`scenario function ${f.FunctionName}: InvalidParameterValueException: ${CANNOT_ASSUME} (role ${f.Role})`);
    }
  }
  return { roles: (scenario.roles || []).length, policies: (scenario.policies || []).length };
}

module.exports = { loadIamScenario, LAMBDA_TRUST, DEFAULT_POLICY_NAME };
