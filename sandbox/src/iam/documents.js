'use strict';
// Policy documents as IAM receives them: JSON text, checked with @cloud-copilot/iam-policy's
// validators and refused with IAM's MalformedPolicyDocument messages; sizes counted as IAM
// counts them for its quotas (characters, whitespace excluded).

const { validateIdentityPolicy, validateTrustPolicy, validateResourcePolicy } = require('@cloud-copilot/iam-policy');
const { IamError } = require('./errors');

const VALIDATORS = { identity: validateIdentityPolicy, trust: validateTrustPolicy, resource: validateResourcePolicy };

// iam-policy's wording -> IAM's, for the mistakes people make most.
const MESSAGES = [
  [/Resource is not allowed in a trust policy/, 'Has prohibited field Resource'],
  [/One of Resource or NotResource is required/, 'Policy statement must contain resources.'],
  [/Principal is not allowed in an identity policy/, 'Policy document should not specify a principal.'],
  [/One of Action or NotAction is required/, 'Policy statement must contain actions.'],
  [/One of Principal or NotPrincipal is required/, 'Missing required field Principal'],
  [/Version/, 'The policy failed legacy parsing'],
];

/**
 * Parses and validates a policy document (`kind`: identity | trust | resource). Returns the
 * parsed object or throws `errorCode` (MalformedPolicyDocument for IAM) with IAM's message.
 */
function parsePolicyDocument(text, kind, errorCode = 'MalformedPolicyDocument') {
  let doc;
  try {
    doc = typeof text === 'string' ? JSON.parse(text) : text;
  } catch {
    throw new IamError(errorCode, 'This policy contains invalid Json');
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) throw new IamError(errorCode, 'This policy contains invalid Json');
  const errors = VALIDATORS[kind](doc);
  if (kind === 'resource' && [].concat(doc.Statement || []).some((st) => st && !st.Principal && !st.NotPrincipal)) {
    throw new IamError(errorCode, 'Missing required field Principal');
  }
  if (errors.length) {
    const hit = MESSAGES.find(([re]) => re.test(errors[0].message));
    throw new IamError(errorCode, hit ? hit[1] : 'Syntax errors in policy.');
  }
  return doc;
}

/** IAM's size of a policy document for its quotas: characters without whitespace. */
function policySize(text) { return String(text).replace(/\s/g, '').length; }

module.exports = { parsePolicyDocument, policySize };
