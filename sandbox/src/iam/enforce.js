'use strict';
// Enforcement at the front door: a request signed with temporary credentials is allowed only if
// every IAM check it needs (actions.js) is allowed by the evaluator, given the session's role
// policies, boundary, session policy and the resource's own policy. A denied request gets
// AccessDenied in its service's error format with AWS's message. The sandbox's fixed
// credentials (the administrators) are never evaluated.

const { checksFor } = require('./actions');
const { evaluate, deniedMessage } = require('./evaluator');
const { sendError } = require('./query');
const { IamError } = require('./errors');
const { hasCondition } = require('./store');
const { sendDynamoError, sendLambdaError } = require('../errors');
const IAM_XMLNS = 'https://iam.amazonaws.com/doc/2010-05-08/';
const STS_XMLNS = 'https://sts.amazonaws.com/doc/2011-06-15/';

const CACHE_MAX = 10000;

/**
 * env: what actions.js needs (tableArn, functionArn, roleArn, partitionKeyOf, region, accountId).
 * resourcePolicyFor(arn) → parsed policy or null. generation() changes with every IAM change.
 *
 * Decisions are cached when no policy involved has a Condition (then they depend only on the
 * role's policies, the action and the resource): a Lambda handler's many calls cost one
 * evaluation each per (action, resource), not one each. The cache key holds the IAM generation
 * and the resource policy's text, so any change to either is seen by the next request.
 */
function createEnforcer({ env, resourcePolicyFor, generation }) {
  const noKeys = { ...env, partitionKeyOf: async () => null }; // condition keys nobody reads are not computed
  const cache = new Map();

  async function decide(caller, check) {
    const rp = check.resource === '*' ? null : resourcePolicyFor(check.resource);
    const q = {
      principal: caller.arn, identity: caller.identity, boundary: caller.boundary, sessionPolicy: caller.sessionPolicy,
      resourcePolicy: rp, action: check.action, resource: check.resource, resourceAccount: env.accountId,
      context: { ...caller.context, ...(check.context || {}) },
    };
    if (caller.conditional || (rp && hasCondition(rp))) return { r: await evaluate(q), conditional: true };
    const key = `${generation()}|${caller.session.roleArn}|${caller.sessionPolicy ? JSON.stringify(caller.sessionPolicy) : ''}|${check.action}|${check.resource}|${rp ? JSON.stringify(rp) : ''}`;
    let r = cache.get(key);
    if (!r) {
      r = await evaluate(q);
      if (cache.size >= CACHE_MAX) cache.clear();
      cache.set(key, r);
    }
    return { r, conditional: false };
  }

  /**
   * Resolves to null (allowed) or { action, resource, message }. `input` is the parsed request
   * (JSON body or form); `url` the request URL.
   */
  async function authorize({ service, operation, body, input, url, caller }) {
    if (caller.kind === 'admin') return null;
    // AssumeRole is decided by sts.js itself: the trust policy must allow it, with the caller's policies.
    if (service === 'STS') return null;
    const parsed = input || parseBody(service, operation, body);
    let checks = await checksFor(service, operation, parsed, caller.conditional ? env : noKeys, url);
    for (let i = 0; i < checks.length; i++) {
      let { r, conditional } = await decide(caller, checks[i]);
      if (conditional && !caller.conditional && !checks.keys) {
        // A resource policy has conditions: compute the request's condition keys after all.
        checks = await checksFor(service, operation, parsed, env, url);
        checks.keys = true;
        ({ r } = await decide(caller, checks[i]));
      }
      const check = checks[i];
      if (r.decision !== 'allowed') {
        return { action: check.action, resource: check.resource, decision: r.decision, message: deniedMessage(caller.arn, check.action, check.resource, r) };
      }
    }
    return null;
  }
  return { authorize };
}

// Lambda's bodies are read only where they name what is authorized (an Invoke payload is not).
const LAMBDA_INPUT = new Set(['CreateFunction', 'UpdateFunctionConfiguration']);

function parseBody(service, operation, body) {
  if (service === 'Lambda' && !LAMBDA_INPUT.has(operation)) return {};
  try {
    const v = body && body.length ? JSON.parse(body.toString('utf8')) : {};
    return v && typeof v === 'object' ? v : {};
  } catch {
    return {};
  }
}

/** Sends AccessDenied as the service answers it. */
function sendDenied(res, service, denial) {
  switch (service) {
    case 'DynamoDB':
    case 'DynamoDBStreams':
      return sendDynamoError(res, 400, 'AccessDeniedException', denial.message);
    case 'Lambda':
      return sendLambdaError(res, 'AccessDeniedException', denial.message, { status: 403 });
    case 'STS':
      return sendError(res, STS_XMLNS, new IamError('AccessDenied', denial.message));
    default:
      return sendError(res, IAM_XMLNS, new IamError('AccessDenied', denial.message));
  }
}

module.exports = { createEnforcer, sendDenied };
