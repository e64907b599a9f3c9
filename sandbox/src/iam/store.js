'use strict';
// The account's IAM: roles (trust policy, inline policies, attached managed policies, permissions
// boundary), customer managed policies with versions, and the AWS managed policies the sandbox
// knows. Enforces IAM's quotas and answers with IAM's error codes and messages. Saved as JSON
// under --data DIR (iam.json).

const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { IamError, validationError } = require('./errors');
const { parsePolicyDocument, policySize } = require('./documents');
const { awsManagedPolicies } = require('./aws-managed');

const LIMITS = Object.freeze({
  inlineRolePolicyChars: 10240, // all inline policies of one role together, whitespace not counted
  managedPolicyChars: 6144,
  versionsPerPolicy: 5,
  attachedPoliciesPerRole: 10,
  trustPolicyChars: 2048,
});

const NAME = /^[\w+=,.@-]+$/;
const PATH = /^(\/|\/[\u0021-\u007E]+\/)$/;

function isoNow() { return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'); }

/** IAM's unique ids: a 4-letter prefix (AROA role, ANPA policy) and 17 characters. */
function uniqueId(prefix) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const bytes = crypto.randomBytes(17);
  let out = prefix;
  for (const b of bytes) out += alphabet[b % alphabet.length];
  return out;
}

function checkName(value, member, max) {
  if (value === undefined || value === null || value === '') {
    throw validationError(`1 validation error detected: Value null at '${member}' failed to satisfy constraint: Member must not be null`);
  }
  if (value.length > max) {
    throw validationError(`1 validation error detected: Value '${value}' at '${member}' failed to satisfy constraint: Member must have length less than or equal to ${max}`);
  }
  if (!NAME.test(value)) {
    throw validationError(`1 validation error detected: Value '${value}' at '${member}' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+`);
  }
}

function checkPath(value) {
  if (value === undefined) return '/';
  if (!PATH.test(value) || value.length > 512) {
    throw validationError(`1 validation error detected: Value '${value}' at 'path' failed to satisfy constraint: Member must satisfy regular expression pattern: (\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F)`);
  }
  return value;
}

function createIamStore({ accountId, dataDir = null }) {
  const AWS_MANAGED = awsManagedPolicies();
  const file = dataDir ? path.join(dataDir, 'iam.json') : null;
  let roles = {};    // name -> role record
  let policies = {}; // arn -> customer managed policy record
  if (file && fs.existsSync(file)) {
    const saved = JSON.parse(fs.readFileSync(file, 'utf8'));
    roles = saved.roles || {};
    policies = saved.policies || {};
  }
  // Bumped by every change: what evaluation caches (parsed policies, decisions) is keyed on it.
  let generation = 0;
  const parsedByRole = new Map();
  function save() {
    generation++;
    if (!file) return;
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(`${file}.tmp`, JSON.stringify({ roles, policies }));
    fs.renameSync(`${file}.tmp`, file);
  }

  const roleArn = (p, name) => `arn:aws:iam::${accountId}:role${p}${name}`;
  const policyArn = (p, name) => `arn:aws:iam::${accountId}:policy${p}${name}`;

  function role(name) {
    checkName(name, 'roleName', 64);
    const r = roles[name];
    if (!r) throw new IamError('NoSuchEntity', `The role with name ${name} cannot be found.`);
    return r;
  }

  /** A managed policy (customer or AWS) by ARN; `attachable` wording for attach/get, as IAM says it. */
  function policy(arn) {
    if (!arn) throw validationError("1 validation error detected: Value null at 'policyArn' failed to satisfy constraint: Member must not be null");
    if (!/^arn:aws:iam::(\d{12}|aws):policy\//.test(arn)) throw new IamError('InvalidInput', `ARN ${arn} is not valid.`);
    const p = policies[arn] || AWS_MANAGED.get(arn);
    if (!p) throw new IamError('NoSuchEntity', `Policy ${arn} does not exist or is not attachable.`);
    return p;
  }

  function customerPolicy(arn) {
    const p = policy(arn);
    if (!policies[arn]) throw new IamError('InvalidInput', `ARN ${arn} is not valid.`); // AWS managed: read-only
    return p;
  }

  function defaultDocument(p) { return p.versions.find((v) => v.VersionId === p.DefaultVersionId).Document; }

  function inlineSize(r, replacingName, added) {
    let total = added;
    for (const [n, doc] of Object.entries(r.inline)) if (n !== replacingName) total += policySize(doc);
    return total;
  }

  const store = {
    LIMITS,
    roleArn,

    // ---- roles ------------------------------------------------------------------------------
    createRole({ RoleName, Path, AssumeRolePolicyDocument, Description, MaxSessionDuration, PermissionsBoundary, Tags }) {
      checkName(RoleName, 'roleName', 64);
      const p = checkPath(Path);
      if (!AssumeRolePolicyDocument) throw validationError("1 validation error detected: Value null at 'assumeRolePolicyDocument' failed to satisfy constraint: Member must not be null");
      if (Object.keys(roles).some((n) => n.toLowerCase() === RoleName.toLowerCase())) {
        throw new IamError('EntityAlreadyExists', `Role with name ${RoleName} already exists.`);
      }
      parsePolicyDocument(AssumeRolePolicyDocument, 'trust');
      if (policySize(AssumeRolePolicyDocument) > LIMITS.trustPolicyChars) {
        throw new IamError('LimitExceeded', `Cannot exceed quota for ACLSizePerRole: ${LIMITS.trustPolicyChars}`);
      }
      const duration = MaxSessionDuration === undefined ? 3600 : Number(MaxSessionDuration);
      if (!(duration >= 3600 && duration <= 43200)) {
        throw validationError(`1 validation error detected: Value '${MaxSessionDuration}' at 'maxSessionDuration' failed to satisfy constraint: Member must have value less than or equal to 43200`);
      }
      if (PermissionsBoundary) policy(PermissionsBoundary);
      const r = {
        RoleName, Path: p, RoleId: uniqueId('AROA'), Arn: roleArn(p, RoleName), CreateDate: isoNow(),
        AssumeRolePolicyDocument, MaxSessionDuration: duration, Description: Description || undefined,
        Tags: Tags || [], inline: {}, attached: [], boundary: PermissionsBoundary || null,
      };
      if (PermissionsBoundary) adjustBoundaryUsage(PermissionsBoundary, 1);
      roles[RoleName] = r;
      save();
      return r;
    },
    getRole(name) { return role(name); },
    /** The role an ARN names, or null. */
    roleByArn(arn) {
      const m = /^arn:aws:iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(arn || '');
      if (!m || m[1] !== accountId) return null;
      const r = roles[m[2]];
      return r && r.Arn === arn ? r : null;
    },
    listRoles(prefix = '/') { return Object.values(roles).filter((r) => r.Path.startsWith(prefix)).sort((a, b) => a.RoleName.localeCompare(b.RoleName)); },
    deleteRole(name) {
      const r = role(name);
      if (r.attached.length) throw new IamError('DeleteConflict', 'Cannot delete entity, must detach all policies first.');
      if (Object.keys(r.inline).length) throw new IamError('DeleteConflict', 'Cannot delete entity, must delete policies first.');
      if (r.boundary) adjustBoundaryUsage(r.boundary, -1);
      delete roles[name];
      save();
    },
    updateAssumeRolePolicy(name, document) {
      const r = role(name);
      if (!document) throw validationError("1 validation error detected: Value null at 'policyDocument' failed to satisfy constraint: Member must not be null");
      parsePolicyDocument(document, 'trust');
      if (policySize(document) > LIMITS.trustPolicyChars) {
        throw new IamError('LimitExceeded', `Cannot exceed quota for ACLSizePerRole: ${LIMITS.trustPolicyChars}`);
      }
      r.AssumeRolePolicyDocument = document;
      save();
    },

    // ---- inline policies --------------------------------------------------------------------
    putRolePolicy(name, policyName, document) {
      const r = role(name);
      checkName(policyName, 'policyName', 128);
      if (!document) throw validationError("1 validation error detected: Value null at 'policyDocument' failed to satisfy constraint: Member must not be null");
      parsePolicyDocument(document, 'identity');
      if (inlineSize(r, policyName, policySize(document)) > LIMITS.inlineRolePolicyChars) {
        throw new IamError('LimitExceeded', `Maximum policy size of ${LIMITS.inlineRolePolicyChars} bytes exceeded for role ${name}`);
      }
      r.inline[policyName] = document;
      save();
    },
    getRolePolicy(name, policyName) {
      const r = role(name);
      checkName(policyName, 'policyName', 128);
      if (!(policyName in r.inline)) throw new IamError('NoSuchEntity', `The role policy with name ${policyName} cannot be found.`);
      return r.inline[policyName];
    },
    listRolePolicies(name) { return Object.keys(role(name).inline).sort(); },
    deleteRolePolicy(name, policyName) {
      const r = role(name);
      checkName(policyName, 'policyName', 128);
      if (!(policyName in r.inline)) throw new IamError('NoSuchEntity', `The role policy with name ${policyName} cannot be found.`);
      delete r.inline[policyName];
      save();
    },

    // ---- managed policies -------------------------------------------------------------------
    createPolicy({ PolicyName, Path, PolicyDocument, Description, Tags }) {
      checkName(PolicyName, 'policyName', 128);
      const p = checkPath(Path);
      if (!PolicyDocument) throw validationError("1 validation error detected: Value null at 'policyDocument' failed to satisfy constraint: Member must not be null");
      if (Object.values(policies).some((x) => x.PolicyName.toLowerCase() === PolicyName.toLowerCase())) {
        throw new IamError('EntityAlreadyExists', `A policy called ${PolicyName} already exists. Duplicate names are not allowed.`);
      }
      checkManagedDocument(PolicyDocument);
      const now = isoNow();
      const rec = {
        PolicyName, PolicyId: uniqueId('ANPA'), Arn: policyArn(p, PolicyName), Path: p, DefaultVersionId: 'v1',
        AttachmentCount: 0, PermissionsBoundaryUsageCount: 0, IsAttachable: true, Description: Description || undefined,
        CreateDate: now, UpdateDate: now, Tags: Tags || [], nextVersion: 2,
        versions: [{ VersionId: 'v1', Document: PolicyDocument, IsDefaultVersion: true, CreateDate: now }],
      };
      policies[rec.Arn] = rec;
      save();
      return rec;
    },
    getPolicy(arn) { return policy(arn); },
    listPolicies({ Scope = 'All', OnlyAttached = false, PathPrefix = '/' } = {}) {
      let all = [];
      if (Scope === 'All' || Scope === 'AWS') all.push(...AWS_MANAGED.values());
      if (Scope === 'All' || Scope === 'Local') all.push(...Object.values(policies));
      all = all.filter((p) => p.Path.startsWith(PathPrefix) && (!OnlyAttached || p.AttachmentCount > 0));
      return all.sort((a, b) => a.PolicyName.localeCompare(b.PolicyName));
    },
    deletePolicy(arn) {
      const p = customerPolicy(arn);
      if (p.AttachmentCount > 0) throw new IamError('DeleteConflict', 'Cannot delete a policy attached to entities.');
      if (p.versions.length > 1) throw new IamError('DeleteConflict', 'This policy has more than one version. Before you delete a policy, you must delete the policy\'s versions. The default version is deleted with the policy.');
      if (p.PermissionsBoundaryUsageCount > 0) throw new IamError('DeleteConflict', 'Cannot delete a policy attached to entities.');
      delete policies[arn];
      save();
    },
    createPolicyVersion(arn, document, setAsDefault) {
      const p = customerPolicy(arn);
      if (!document) throw validationError("1 validation error detected: Value null at 'policyDocument' failed to satisfy constraint: Member must not be null");
      checkManagedDocument(document);
      if (p.versions.length >= LIMITS.versionsPerPolicy) {
        throw new IamError('LimitExceeded', `A managed policy can have up to ${LIMITS.versionsPerPolicy} versions. Before you create a new version, you must delete an existing version.`);
      }
      const v = { VersionId: `v${p.nextVersion++}`, Document: document, IsDefaultVersion: false, CreateDate: isoNow() };
      p.versions.push(v);
      if (setAsDefault) setDefault(p, v.VersionId);
      p.UpdateDate = v.CreateDate;
      save();
      return v;
    },
    getPolicyVersion(arn, versionId) {
      const p = policy(arn);
      const v = p.versions.find((x) => x.VersionId === versionId);
      if (!v) throw new IamError('NoSuchEntity', `Policy ${arn} version ${versionId} does not exist or is not attachable.`);
      return v;
    },
    listPolicyVersions(arn) { return [...policy(arn).versions].reverse(); },
    setDefaultPolicyVersion(arn, versionId) {
      const p = customerPolicy(arn);
      if (!p.versions.some((x) => x.VersionId === versionId)) {
        throw new IamError('NoSuchEntity', `Policy ${arn} version ${versionId} does not exist or is not attachable.`);
      }
      setDefault(p, versionId);
      p.UpdateDate = isoNow();
      save();
    },
    deletePolicyVersion(arn, versionId) {
      const p = customerPolicy(arn);
      const i = p.versions.findIndex((x) => x.VersionId === versionId);
      if (i < 0) throw new IamError('NoSuchEntity', `Policy ${arn} version ${versionId} does not exist or is not attachable.`);
      if (p.versions[i].IsDefaultVersion) throw new IamError('DeleteConflict', 'Cannot delete the default version of a policy.');
      p.versions.splice(i, 1);
      save();
    },
    defaultDocument,

    // ---- attachments and boundaries ---------------------------------------------------------
    attachRolePolicy(name, arn) {
      const r = role(name);
      const p = policy(arn);
      if (r.attached.includes(arn)) return;
      if (r.attached.length >= LIMITS.attachedPoliciesPerRole) {
        throw new IamError('LimitExceeded', `Cannot exceed quota for PoliciesPerRole: ${LIMITS.attachedPoliciesPerRole}`);
      }
      r.attached.push(arn);
      p.AttachmentCount += 1;
      save();
    },
    detachRolePolicy(name, arn) {
      const r = role(name);
      const p = policy(arn);
      const i = r.attached.indexOf(arn);
      if (i < 0) throw new IamError('NoSuchEntity', `Policy ${arn} was not found.`);
      r.attached.splice(i, 1);
      p.AttachmentCount -= 1;
      save();
    },
    listAttachedRolePolicies(name) {
      return role(name).attached.map((arn) => ({ PolicyName: policy(arn).PolicyName, PolicyArn: arn }));
    },
    putRolePermissionsBoundary(name, arn) {
      const r = role(name);
      policy(arn);
      if (r.boundary) adjustBoundaryUsage(r.boundary, -1);
      r.boundary = arn;
      adjustBoundaryUsage(arn, 1);
      save();
    },
    deleteRolePermissionsBoundary(name) {
      const r = role(name);
      if (!r.boundary) throw new IamError('NoSuchEntity', `The role with name ${name} does not have a permissions boundary.`);
      adjustBoundaryUsage(r.boundary, -1);
      r.boundary = null;
      save();
    },

    generation: () => generation,

    /**
     * What evaluation needs of a role: its identity policies (name + parsed document), boundary,
     * and whether any of them has a Condition (else a decision depends on action and resource only).
     */
    policiesOf(r) {
      const cached = parsedByRole.get(r.Arn);
      if (cached && cached.generation === generation) return cached.value;
      const value = parsePoliciesOf(r);
      value.conditional = [...value.identity, value.boundary].some((p) => p && hasCondition(p.policy));
      parsedByRole.set(r.Arn, { generation, value });
      return value;
    },
  };

  function parsePoliciesOf(r) {
    const identity = Object.entries(r.inline).map(([name, doc]) => ({ name, policy: JSON.parse(doc) }));
    for (const arn of r.attached) {
      const p = policies[arn] || AWS_MANAGED.get(arn);
      if (p) identity.push({ name: arn, policy: JSON.parse(defaultDocument(p)) });
    }
    let boundary = null;
    if (r.boundary) {
      const p = policies[r.boundary] || AWS_MANAGED.get(r.boundary);
      if (p) boundary = { name: r.boundary, policy: JSON.parse(defaultDocument(p)) };
    }
    return { identity, boundary };
  }

  Object.assign(store, {

    /** Deletes a role with everything on it (a scenario replacing it). */
    forceDeleteRole(name) {
      const r = roles[name];
      if (!r) return;
      for (const arn of [...r.attached]) this.detachRolePolicy(name, arn);
      if (r.boundary) this.deleteRolePermissionsBoundary(name);
      r.inline = {};
      delete roles[name];
      save();
    },
    /** Replaces a customer managed policy's versions (a scenario redefining it); attachments stay. */
    replaceVersions(arn, documents, defaultIndex) {
      const p = customerPolicy(arn);
      if (documents.length > LIMITS.versionsPerPolicy) {
        throw new IamError('LimitExceeded', `A managed policy can have up to ${LIMITS.versionsPerPolicy} versions. Before you create a new version, you must delete an existing version.`);
      }
      for (const d of documents) checkManagedDocument(d);
      const now = isoNow();
      p.versions = documents.map((d, i) => ({ VersionId: `v${i + 1}`, Document: d, IsDefaultVersion: i === defaultIndex, CreateDate: now }));
      p.nextVersion = documents.length + 1;
      p.DefaultVersionId = `v${defaultIndex + 1}`;
      p.UpdateDate = now;
      save();
    },

    /** The documents' text, by the names policiesOf gives them (for statement positions). */
    documentsOf(r) {
      const identity = { ...r.inline };
      for (const arn of r.attached) {
        const p = policies[arn] || AWS_MANAGED.get(arn);
        if (p) identity[arn] = defaultDocument(p);
      }
      const b = r.boundary && (policies[r.boundary] || AWS_MANAGED.get(r.boundary));
      return { identity, boundary: b ? defaultDocument(b) : null };
    },

    /** Forgets every role and customer managed policy. */
    clear() { roles = {}; policies = {}; for (const p of AWS_MANAGED.values()) { p.AttachmentCount = 0; p.PermissionsBoundaryUsageCount = 0; } save(); },
  });

  function setDefault(p, versionId) {
    for (const v of p.versions) v.IsDefaultVersion = v.VersionId === versionId;
    p.DefaultVersionId = versionId;
  }
  function adjustBoundaryUsage(arn, delta) {
    const p = policies[arn] || AWS_MANAGED.get(arn);
    if (p) p.PermissionsBoundaryUsageCount += delta;
  }
  function checkManagedDocument(document) {
    parsePolicyDocument(document, 'identity');
    if (policySize(document) > LIMITS.managedPolicyChars) {
      throw new IamError('LimitExceeded', `Cannot exceed quota for PolicySize: ${LIMITS.managedPolicyChars}`);
    }
  }

  // Usage counts of AWS managed policies follow the saved roles.
  for (const r of Object.values(roles)) {
    for (const arn of r.attached) if (AWS_MANAGED.has(arn)) AWS_MANAGED.get(arn).AttachmentCount += 1;
    if (r.boundary && AWS_MANAGED.has(r.boundary)) AWS_MANAGED.get(r.boundary).PermissionsBoundaryUsageCount += 1;
  }
  return store;
}

/** Whether a parsed policy has a Condition in any statement. */
function hasCondition(policy) {
  return [].concat((policy && policy.Statement) || []).some((s) => s && s.Condition && Object.keys(s.Condition).length);
}

module.exports = { createIamStore, LIMITS, uniqueId, isoNow, hasCondition };
