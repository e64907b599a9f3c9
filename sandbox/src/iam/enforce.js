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
const { sendDynamoError, sendLambdaError } = require('../errors');
const IAM_XMLNS = 'https://iam.amazonaws.com/doc/2010-05-08/';
const STS_XMLNS = 'https://sts.amazonaws.com/doc/2011-06-15/';

/**
 * env: what actions.js needs (tableArn, functionArn, roleArn, partitionKeyOf, region, accountId).
 * resourcePolicyFor(arn) → parsed policy or null.
 */
function createEnforcer({ env, resourcePolicyFor }) {
  /**
   * Resolves to null (allowed) or { action, resource, message }. `input` is the parsed request
   * (JSON body or form); `url` the request URL.
   */
  async function authorize({ service, operation, body, input, url, caller }) {
    if (caller.kind === 'admin') return null;
    // AssumeRole is decided by sts.js itself: the trust policy must allow it, with the caller's policies.
    if (service === 'STS') return null;
    const checks = await checksFor(service, operation, input || parseBody(service, operation, body), env, url);
    for (const check of checks) {
      const r = await evaluate({
        principal: caller.arn, identity: caller.identity, boundary: caller.boundary, sessionPolicy: caller.sessionPolicy,
        resourcePolicy: check.resource === '*' ? null : resourcePolicyFor(check.resource),
        action: check.action, resource: check.resource, resourceAccount: env.accountId,
        context: { ...caller.context, ...(check.context || {}) },
      });
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
