'use strict';
// IAM's API (version 2010-05-08, query protocol): the role, inline policy, managed policy,
// version, attachment and boundary operations over store.js, and SimulatePrincipalPolicy
// (simulate.js). Policy documents in answers are URL-encoded, as IAM sends them.

const { IamError, validationError } = require('./errors');
const { sendResult, sendError } = require('./query');
const { simulatePrincipalPolicy } = require('./simulate');

const XMLNS = 'https://iam.amazonaws.com/doc/2010-05-08/';

const encode = (doc) => encodeURIComponent(doc);
const tags = (list) => (list && list.length ? list.map((t) => ({ Key: t.Key, Value: t.Value })) : undefined);

function roleXml(r, full) {
  const out = {
    Path: r.Path, RoleName: r.RoleName, RoleId: r.RoleId, Arn: r.Arn, CreateDate: r.CreateDate,
    AssumeRolePolicyDocument: encode(r.AssumeRolePolicyDocument), Description: r.Description, MaxSessionDuration: r.MaxSessionDuration,
  };
  if (full) {
    if (r.boundary) out.PermissionsBoundary = { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: r.boundary };
    out.Tags = tags(r.Tags);
    out.RoleLastUsed = {};
  }
  return out;
}

function policyXml(p) {
  return {
    PolicyName: p.PolicyName, PolicyId: p.PolicyId, Arn: p.Arn, Path: p.Path, DefaultVersionId: p.DefaultVersionId,
    AttachmentCount: p.AttachmentCount, PermissionsBoundaryUsageCount: p.PermissionsBoundaryUsageCount, IsAttachable: p.IsAttachable,
    Description: p.Description, CreateDate: p.CreateDate, UpdateDate: p.UpdateDate, Tags: tags(p.Tags),
  };
}

const versionXml = (v, withDocument = true) => ({
  Document: withDocument ? encode(v.Document) : undefined, VersionId: v.VersionId, IsDefaultVersion: v.IsDefaultVersion, CreateDate: v.CreateDate,
});

/** MaxItems / Marker paging over a list, as IAM pages (Marker is opaque). */
function page(list, { MaxItems, Marker }, key) {
  const max = MaxItems === undefined ? 100 : Number(MaxItems);
  if (!(max >= 1 && max <= 1000)) throw validationError(`1 validation error detected: Value '${MaxItems}' at 'maxItems' failed to satisfy constraint: Member must have value greater than or equal to 1`);
  let start = 0;
  if (Marker) {
    start = Number(Buffer.from(Marker, 'base64').toString('utf8'));
    if (!Number.isInteger(start) || start < 0) throw new IamError('InvalidInput', 'Invalid Marker.');
  }
  const items = list.slice(start, start + max);
  const truncated = start + max < list.length;
  return { [key]: items, IsTruncated: truncated, Marker: truncated ? Buffer.from(String(start + max)).toString('base64') : undefined };
}

const bool = (v) => v === true || v === 'true';

/** (deps, input, caller) -> result object, or null for operations that answer no Result. */
const OPERATIONS = {
  CreateRole: ({ store }, i) => ({ Role: roleXml(store.createRole({ ...i, MaxSessionDuration: i.MaxSessionDuration }), true) }),
  GetRole: ({ store }, i) => ({ Role: roleXml(store.getRole(i.RoleName), true) }),
  ListRoles: ({ store }, i) => {
    const p = page(store.listRoles(i.PathPrefix || '/'), i, 'Roles');
    return { ...p, Roles: p.Roles.map((r) => roleXml(r, false)) };
  },
  DeleteRole: ({ store }, i) => { store.deleteRole(i.RoleName); return null; },
  UpdateAssumeRolePolicy: ({ store }, i) => { store.updateAssumeRolePolicy(i.RoleName, i.PolicyDocument); return null; },

  PutRolePolicy: ({ store }, i) => { store.putRolePolicy(i.RoleName, i.PolicyName, i.PolicyDocument); return null; },
  GetRolePolicy: ({ store }, i) => {
    const doc = store.getRolePolicy(i.RoleName, i.PolicyName);
    return { RoleName: i.RoleName, PolicyName: i.PolicyName, PolicyDocument: encode(doc) };
  },
  ListRolePolicies: ({ store }, i) => page(store.listRolePolicies(i.RoleName), i, 'PolicyNames'),
  DeleteRolePolicy: ({ store }, i) => { store.deleteRolePolicy(i.RoleName, i.PolicyName); return null; },

  CreatePolicy: ({ store }, i) => ({ Policy: policyXml(store.createPolicy(i)) }),
  GetPolicy: ({ store }, i) => ({ Policy: policyXml(store.getPolicy(i.PolicyArn)) }),
  ListPolicies: ({ store }, i) => {
    const scope = i.Scope || 'All';
    if (!['All', 'AWS', 'Local'].includes(scope)) throw validationError(`1 validation error detected: Value '${scope}' at 'scope' failed to satisfy constraint: Member must satisfy enum value set: [All, AWS, Local]`);
    const p = page(store.listPolicies({ Scope: scope, OnlyAttached: bool(i.OnlyAttached), PathPrefix: i.PathPrefix || '/' }), i, 'Policies');
    return { ...p, Policies: p.Policies.map((x) => ({ ...policyXml(x), Description: undefined, Tags: undefined })) };
  },
  DeletePolicy: ({ store }, i) => { store.deletePolicy(i.PolicyArn); return null; },
  CreatePolicyVersion: ({ store }, i) => ({ PolicyVersion: versionXml(store.createPolicyVersion(i.PolicyArn, i.PolicyDocument, bool(i.SetAsDefault)), false) }),
  GetPolicyVersion: ({ store }, i) => ({ PolicyVersion: versionXml(store.getPolicyVersion(i.PolicyArn, i.VersionId)) }),
  ListPolicyVersions: ({ store }, i) => {
    const p = page(store.listPolicyVersions(i.PolicyArn), i, 'Versions');
    return { ...p, Versions: p.Versions.map((v) => versionXml(v, false)) };
  },
  SetDefaultPolicyVersion: ({ store }, i) => { store.setDefaultPolicyVersion(i.PolicyArn, i.VersionId); return null; },
  DeletePolicyVersion: ({ store }, i) => { store.deletePolicyVersion(i.PolicyArn, i.VersionId); return null; },

  AttachRolePolicy: ({ store }, i) => { store.attachRolePolicy(i.RoleName, i.PolicyArn); return null; },
  DetachRolePolicy: ({ store }, i) => { store.detachRolePolicy(i.RoleName, i.PolicyArn); return null; },
  ListAttachedRolePolicies: ({ store }, i) => {
    const all = store.listAttachedRolePolicies(i.RoleName).filter((a) => {
      const p = store.getPolicy(a.PolicyArn);
      return p.Path.startsWith(i.PathPrefix || '/');
    });
    return page(all, i, 'AttachedPolicies');
  },
  PutRolePermissionsBoundary: ({ store }, i) => { store.putRolePermissionsBoundary(i.RoleName, i.PermissionsBoundary); return null; },
  DeleteRolePermissionsBoundary: ({ store }, i) => { store.deleteRolePermissionsBoundary(i.RoleName); return null; },

  SimulatePrincipalPolicy: async (deps, i) => {
    const results = await simulatePrincipalPolicy(deps, i);
    return page(results, i, 'EvaluationResults');
  },
};

/** Answers one IAM request (operation = the form's Action). */
async function handleIam(deps, operation, input, res, caller) {
  const op = OPERATIONS[operation];
  if (!op) return sendError(res, XMLNS, new IamError('InvalidAction', `Could not find operation ${operation} for version 2010-05-08`));
  try {
    return sendResult(res, XMLNS, operation, await op(deps, input, caller));
  } catch (e) {
    if (e instanceof IamError) return sendError(res, XMLNS, e);
    throw e;
  }
}

module.exports = { handleIam, OPERATIONS, XMLNS };
