'use strict';
// STS (version 2011-06-15, query protocol): GetCallerIdentity, and AssumeRole issuing temporary
// credentials once the role's trust policy (and the caller's own policies) allow sts:AssumeRole,
// evaluated by the same evaluator that enforces every other request.

const { IamError, validationError } = require('./errors');
const { sendResult, sendError } = require('./query');
const { parsePolicyDocument } = require('./documents');
const { evaluate } = require('./evaluator');
const { assumedRoleArn } = require('./sessions');

const XMLNS = 'https://sts.amazonaws.com/doc/2011-06-15/';
const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;

const iso = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

async function assumeRole(deps, input, caller) {
  const { store, sessions, accountId } = deps;
  if (!input.RoleArn) throw validationError("1 validation error detected: Value null at 'roleArn' failed to satisfy constraint: Member must not be null");
  if (!input.RoleSessionName) throw validationError("1 validation error detected: Value null at 'roleSessionName' failed to satisfy constraint: Member must not be null");
  if (!SESSION_NAME.test(input.RoleSessionName)) {
    throw validationError(`1 validation error detected: Value '${input.RoleSessionName}' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*`);
  }
  const denied = () => new IamError('AccessDenied', `User: ${caller.arn} is not authorized to perform: sts:AssumeRole on resource: ${input.RoleArn}`);
  const role = store.roleByArn(input.RoleArn);
  if (!role) throw denied();
  const chained = caller.kind === 'session';
  const duration = input.DurationSeconds === undefined ? 3600 : Number(input.DurationSeconds);
  if (!Number.isInteger(duration) || duration < 900) {
    throw validationError(`1 validation error detected: Value '${input.DurationSeconds}' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900`);
  }
  if (duration > (chained ? 3600 : role.MaxSessionDuration)) {
    throw validationError(chained
      ? 'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.'
      : 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.');
  }
  const sessionPolicy = input.Policy ? parsePolicyDocument(input.Policy, 'identity', 'MalformedPolicyDocument') : null;
  const context = { ...caller.context };
  if (input.ExternalId) context['sts:ExternalId'] = input.ExternalId;
  if (input.SourceIdentity) context['sts:SourceIdentity'] = input.SourceIdentity;
  context['sts:RoleSessionName'] = input.RoleSessionName;
  const r = await evaluate({
    principal: caller.arn, identity: caller.identity, boundary: caller.boundary, sessionPolicy: caller.sessionPolicy,
    resourcePolicy: JSON.parse(role.AssumeRolePolicyDocument), action: 'sts:AssumeRole', resource: role.Arn,
    resourceAccount: accountId, context,
  });
  if (r.decision !== 'allowed') throw denied();
  const s = sessions.issue(role, input.RoleSessionName, duration, { sessionPolicy, sourceIdentity: input.SourceIdentity });
  const out = {
    Credentials: { AccessKeyId: s.accessKeyId, SecretAccessKey: s.secretAccessKey, SessionToken: s.sessionToken, Expiration: iso(s.expiresAt) },
    AssumedRoleUser: { AssumedRoleId: `${role.RoleId}:${s.sessionName}`, Arn: assumedRoleArn(accountId, s) },
  };
  if (input.Policy) out.PackedPolicySize = Math.min(100, Math.ceil(input.Policy.length / 20));
  if (input.SourceIdentity) out.SourceIdentity = input.SourceIdentity;
  return out;
}

const OPERATIONS = {
  GetCallerIdentity: async (deps, input, caller) => ({ UserId: caller.userId, Account: deps.accountId, Arn: caller.arn }),
  AssumeRole: assumeRole,
};

async function handleSts(deps, operation, input, res, caller) {
  const op = OPERATIONS[operation];
  if (!op) return sendError(res, XMLNS, new IamError('InvalidAction', `Could not find operation ${operation} for version 2011-06-15`));
  try {
    return sendResult(res, XMLNS, operation, await op(deps, input, caller));
  } catch (e) {
    if (e instanceof IamError) return sendError(res, XMLNS, e);
    throw e;
  }
}

module.exports = { handleSts, XMLNS };
