'use strict';
// IAM and STS in the sandbox: the account's roles and policies (store.js), temporary
// credentials (sessions.js), the IAM and STS query APIs (api.js, sts.js), enforcement of every
// request signed with temporary credentials (enforce.js), the Lambda service's use of
// execution roles (lambda-roles.js) and the scenario's `roles` and `policies` (scenario.js).
// The front door calls route(), handle(), authorize() and sendDenied().

const { createIamStore } = require('./store');
const { createSessions } = require('./sessions');
const { createPrincipals } = require('./principals');
const { evaluate } = require('./evaluator');
const { createEnforcer, sendDenied } = require('./enforce');
const { handleIam, XMLNS: IAM_XMLNS } = require('./api');
const { handleSts, XMLNS: STS_XMLNS } = require('./sts');
const { parseForm, sendError } = require('./query');
const { fromAuthError } = require('./errors');
const { createLambdaRoles } = require('./lambda-roles');
const { loadIamScenario } = require('./scenario');

const SIGNING = { iam: 'IAM', sts: 'STS' };
const CREDENTIAL_SCOPE = /Credential=[^/,\s]+\/\d{8}\/[^/]+\/([^/]+)\/aws4_request/;

/**
 * o: { accountId, region, dataDir, fixedPrincipals, ddb: { local, state, policyFor } }.
 */
function createIam(o) {
  const { accountId, region } = o;
  const store = createIamStore({ accountId, dataDir: o.dataDir });
  const sessions = createSessions({ dataDir: o.dataDir });
  const principals = createPrincipals({ accountId, region, fixed: o.fixedPrincipals, store });
  const deps = { store, sessions, principals, accountId, region };

  const keySchemas = new Map(); // table -> { at, table }
  async function partitionKeyOf(table, index) {
    if (!table || !o.ddb) return null;
    const name = table.startsWith('arn:') ? table.split('/')[1] : table;
    let entry = keySchemas.get(name);
    if (!entry || Date.now() - entry.at > 5000) {
      try {
        entry = { at: Date.now(), table: (await o.ddb.local.call('DescribeTable', { TableName: name })).Table };
      } catch {
        return null;
      }
      keySchemas.set(name, entry);
    }
    const t = entry.table;
    const source = index ? [...(t.GlobalSecondaryIndexes || []), ...(t.LocalSecondaryIndexes || [])].find((i) => i.IndexName === index) : t;
    const hash = source && (source.KeySchema || []).find((k) => k.KeyType === 'HASH');
    return hash ? hash.AttributeName : null;
  }

  const env = {
    region, accountId, partitionKeyOf,
    tableArn: (name) => (String(name || '').startsWith('arn:') ? name : `arn:aws:dynamodb:${region}:${accountId}:table/${name}`),
    functionArn: (raw, qualifier) => {
      let arn = raw.startsWith('arn:') ? raw : /^\d{12}:function:/.test(raw) ? `arn:aws:lambda:${region}:${raw}` : `arn:aws:lambda:${region}:${accountId}:function:${raw}`;
      if (qualifier && arn.split(':').length === 7) arn += `:${qualifier}`;
      return arn;
    },
    roleArn: (name, path) => {
      const r = path === undefined ? (() => { try { return store.getRole(name); } catch { return null; } })() : null;
      return r ? r.Arn : `arn:aws:iam::${accountId}:role${path || '/'}${name}`;
    },
  };
  const enforcer = createEnforcer({
    env, generation: store.generation, resourcePolicyFor: (arn) => (o.ddb && o.ddb.policyFor ? o.ddb.policyFor(arn) : null),
  });
  const lambdaRoles = createLambdaRoles({ store, sessions, accountId, region });

  return {
    store, sessions, principals, lambdaRoles,

    /** Temporary credentials for the verifier: the session of an ASIA… key id, or null. */
    lookupSession: (accessKeyId) => sessions.lookup(accessKeyId),

    /**
     * Names an IAM or STS request: signed for `iam` or `sts` (the credential scope), the operation
     * in the form's Action. Returns { service, operation, signingService } or null.
     */
    route(method, headers, body, rawQuery) {
      const m = CREDENTIAL_SCOPE.exec(headers.authorization || '');
      const service = m && SIGNING[m[1]];
      if (!service) return null;
      const form = parseForm(method === 'GET' ? rawQuery : body);
      return { service, operation: form.Action || 'Unknown', signingService: m[1], input: form };
    },

    /** Answers a signed IAM or STS request. */
    handle(service, operation, input, res, caller) {
      return service === 'STS' ? handleSts(deps, operation, input, res, caller) : handleIam(deps, operation, input, res, caller);
    },

    /** A signature error in the query protocol's XML. */
    sendAuthError(res, service, authError) { sendError(res, service === 'STS' ? STS_XMLNS : IAM_XMLNS, fromAuthError(authError)); },

    callerOf: (verified, opts) => principals.callerOf(verified, opts),

    /**
     * Whether a role (not one of its sessions: what Lambda's event source mappings read a stream
     * as) may do `action` on `resource`: its policies, boundary and the resource's own policy,
     * through the same evaluator as every request.
     */
    async authorizeRole(roleArn, action, resource) {
      const role = store.roleByArn(roleArn);
      if (!role) return false;
      const { identity, boundary } = store.policiesOf(role);
      const r = await evaluate({
        principal: roleArn, identity, boundary: boundary || null, action, resource, resourceAccount: accountId,
        resourcePolicy: o.ddb && o.ddb.policyFor ? o.ddb.policyFor(resource) : null,
        context: { 'aws:PrincipalArn': roleArn, 'aws:PrincipalType': 'AssumedRole', 'aws:PrincipalAccount': accountId },
      });
      return r.decision === 'allowed';
    },
    authorize: (request) => enforcer.authorize(request),
    sendDenied,

    /** The scenario's roles and policies; default roles for the functions' undeclared roles. */
    loadScenario: (scenario) => loadIamScenario(store, scenario, accountId, lambdaRoles.problemWith),

    /** Forgets every role, policy and session. */
    reset() { store.clear(); sessions.clear(); keySchemas.clear(); },
  };
}

module.exports = { createIam };
