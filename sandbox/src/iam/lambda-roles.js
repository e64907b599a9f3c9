'use strict';
// What Lambda does with execution roles: CreateFunction and UpdateFunctionConfiguration refuse
// a role that does not exist or whose trust policy does not let lambda.amazonaws.com assume it
// (InvalidParameterValueException, AWS's message), and each warm container gets temporary
// credentials of its function's role (session name = the function name, as on AWS).

const { evaluate } = require('./evaluator');
const { uniqueId } = require('./store');

const CANNOT_ASSUME = 'The role defined for the function cannot be assumed by Lambda.';
const LAMBDA_SESSION_SECONDS = 12 * 3600;

function createLambdaRoles({ store, sessions, accountId, region }) {
  /** Resolves to null when Lambda may assume `roleArn`, else AWS's error message. */
  async function problemWith(roleArn) {
    const role = store.roleByArn(roleArn);
    if (!role) return CANNOT_ASSUME;
    const r = await evaluate({
      principal: 'lambda.amazonaws.com', identity: [], boundary: null, action: 'sts:AssumeRole', resource: role.Arn,
      resourceAccount: accountId, resourcePolicy: JSON.parse(role.AssumeRolePolicyDocument),
      context: { 'aws:PrincipalServiceName': 'lambda.amazonaws.com', 'aws:SourceAccount': accountId },
    });
    return r.decision === 'allowed' ? null : CANNOT_ASSUME;
  }

  return {
    problemWith,

    /**
     * For the front door: the error message a Lambda request's Role causes, or null. Only
     * CreateFunction and UpdateFunctionConfiguration name a role.
     */
    async checkRequest(operation, body) {
      if (operation !== 'CreateFunction' && operation !== 'UpdateFunctionConfiguration') return null;
      let input;
      try { input = JSON.parse(body.toString('utf8') || '{}'); } catch { return null; } // Lambda itself reports bad JSON
      if (typeof input.Role !== 'string' || !/^arn:aws[a-zA-Z-]*:iam::\d{12}:role\//.test(input.Role)) return null;
      return problemWith(input.Role);
    },

    /** Temporary credentials of a function's execution role for one container's environment. */
    credentialsFor(roleArn, functionName) {
      const role = store.roleByArn(roleArn) || {
        // Gone since the function was created: a session that no policy allows anything.
        Arn: roleArn, RoleName: String(roleArn).split('/').pop(), RoleId: uniqueId('AROA'),
      };
      const s = sessions.issue(role, functionName, LAMBDA_SESSION_SECONDS, {
        sourceArn: `arn:aws:lambda:${region}:${accountId}:function:${functionName}`,
      });
      return { accessKeyId: s.accessKeyId, secretAccessKey: s.secretAccessKey, sessionToken: s.sessionToken };
    },
  };
}

module.exports = { createLambdaRoles, CANNOT_ASSUME };
