'use strict';
// Who signed a request, as IAM sees it. The sandbox's fixed credentials are the account's
// administrators (IAM users `sandbox-<name>`, everything allowed: enforcement skips them);
// temporary credentials are sessions of a role, whose policies are read from the store at
// request time (a policy change applies to the next request, as on AWS).

const crypto = require('node:crypto');
const { assumedRoleArn } = require('./sessions');
const { hasCondition } = require('./store');

const ADMINISTRATOR = [{ name: 'arn:aws:iam::aws:policy/AdministratorAccess', policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] } }];

function createPrincipals({ accountId, region, fixed, store }) {
  const users = new Map(fixed.map((p) => {
    const userId = `AIDA${crypto.createHash('sha256').update(p.accessKeyId).digest('hex').toUpperCase().replace(/[^A-Z2-7]/g, '').padEnd(17, 'Q').slice(0, 17)}`;
    return [p.accessKeyId, { name: p.name, arn: `arn:aws:iam::${accountId}:user/sandbox-${p.name}`, userId }];
  }));
  const byArn = new Map([...users.values()].map((u) => [u.arn, u]));

  /** Condition keys AWS sets on every request. */
  function globalContext({ sourceIp, now = new Date() }) {
    return {
      'aws:SourceIp': sourceIp || '127.0.0.1',
      'aws:CurrentTime': now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
      'aws:EpochTime': String(Math.floor(now.getTime() / 1000)),
      'aws:SecureTransport': 'false',
      'aws:RequestedRegion': region,
      'aws:PrincipalAccount': accountId,
    };
  }

  return {
    userByArn: (arn) => byArn.get(arn) || null,

    /**
     * The caller of a verified request ({ principal, temporary }). Returns { kind: 'admin' | 'session',
     * arn, userId, identity, boundary, sessionPolicy, context, session, role, conditional }.
     */
    callerOf(verified, { sourceIp } = {}) {
      const context = globalContext({ sourceIp });
      if (!verified.temporary) {
        const u = users.get(verified.principal.accessKeyId);
        return {
          kind: 'admin', arn: u.arn, userId: u.userId, identity: ADMINISTRATOR, boundary: null, sessionPolicy: null,
          context: { ...context, 'aws:PrincipalArn': u.arn, 'aws:PrincipalType': 'User', 'aws:userid': u.userId, 'aws:username': `sandbox-${u.name}` },
        };
      }
      const s = verified.principal;
      const role = store.roleByArn(s.roleArn);
      const { identity, boundary, conditional } = role ? store.policiesOf(role) : { identity: [], boundary: null, conditional: false };
      const userId = `${s.roleId}:${s.sessionName}`;
      Object.assign(context, {
        'aws:PrincipalArn': s.roleArn, 'aws:PrincipalType': 'AssumedRole', 'aws:userid': userId,
        'aws:TokenIssueTime': new Date(s.issuedAt).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      });
      if (s.sourceArn) context['lambda:SourceFunctionArn'] = s.sourceArn;
      if (s.sourceIdentity) context['aws:SourceIdentity'] = s.sourceIdentity;
      for (const t of (role && role.Tags) || []) context[`aws:PrincipalTag/${t.Key}`] = t.Value;
      return {
        kind: 'session', arn: assumedRoleArn(accountId, s), userId, identity,
        boundary: boundary || null, sessionPolicy: s.sessionPolicy || null, context, session: s, role,
        // No Condition anywhere in the caller's policies: decisions depend on action and resource only.
        conditional: conditional || Boolean(s.sessionPolicy && hasCondition(s.sessionPolicy)),
      };
    },
  };
}

module.exports = { createPrincipals, ADMINISTRATOR };
