'use strict';
// SimulatePrincipalPolicy: the role's (or a sandbox administrator's) policies run through the
// same evaluate() that enforces requests, answered in IAM's EvaluationResults shape: EvalDecision
// allowed | explicitDeny | implicitDeny, MatchedStatements with their positions in the source
// documents, and the permissions-boundary decision detail.

const { IamError } = require('./errors');
const { parsePolicyDocument } = require('./documents');
const { evaluate } = require('./evaluator');

const LIST_TYPES = new Set(['stringList', 'numericList', 'booleanList', 'dateList', 'ipList', 'binaryList']);

/** The caller's policies for a PolicySourceArn: a role of the store, or an administrator user. */
function sourcePolicies(deps, arn) {
  const { store, principals } = deps;
  const admin = principals.userByArn(arn);
  if (admin) return { identity: [{ name: 'arn:aws:iam::aws:policy/AdministratorAccess', policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }, text: null }], boundary: null };
  const role = store.roleByArn(arn);
  if (!role) {
    const m = /:role\/(?:.*\/)?([^/]+)$/.exec(arn || '');
    if (m) throw new IamError('NoSuchEntity', `The role with name ${m[1]} cannot be found.`);
    throw new IamError('InvalidInput', `Invalid ARN: ${arn}.`);
  }
  const { identity, boundary } = store.policiesOf(role);
  const texts = store.documentsOf(role);
  return {
    identity: identity.map((p) => ({ ...p, text: texts.identity[p.name] })),
    boundary: boundary && { ...boundary, text: texts.boundary },
  };
}

async function simulatePrincipalPolicy(deps, input) {
  if (!input.PolicySourceArn) throw new IamError('ValidationError', "1 validation error detected: Value null at 'policySourceArn' failed to satisfy constraint: Member must not be null");
  if (!input.ActionNames || !input.ActionNames.length) throw new IamError('ValidationError', "1 validation error detected: Value null at 'actionNames' failed to satisfy constraint: Member must not be null");
  const source = sourcePolicies(deps, input.PolicySourceArn);
  const identity = [...source.identity];
  (input.PolicyInputList || []).forEach((text, n) => {
    identity.push({ name: `PolicyInputList.${n + 1}`, policy: parsePolicyDocument(text, 'identity', 'InvalidInput'), text, type: 'none' });
  });
  let boundary = source.boundary;
  if (input.PermissionsBoundaryPolicyInputList && input.PermissionsBoundaryPolicyInputList.length) {
    const text = input.PermissionsBoundaryPolicyInputList[0];
    boundary = { name: 'PermissionsBoundaryPolicyInputList.1', policy: parsePolicyDocument(text, 'identity', 'InvalidInput'), text };
  }
  const resourcePolicy = input.ResourcePolicy ? parsePolicyDocument(input.ResourcePolicy, 'resource', 'InvalidInput') : null;
  const context = {};
  for (const e of input.ContextEntries || []) {
    const values = e.ContextKeyValues || [];
    context[e.ContextKeyName] = LIST_TYPES.has(e.ContextKeyType) ? values : values[0];
  }
  const principal = input.CallerArn || input.PolicySourceArn;
  if (!context['aws:PrincipalArn']) context['aws:PrincipalArn'] = input.PolicySourceArn;
  const resources = input.ResourceArns && input.ResourceArns.length ? input.ResourceArns : ['*'];
  const results = [];
  for (const action of input.ActionNames) {
    for (const resource of resources) {
      const r = await evaluate({
        principal, identity, boundary, resourcePolicy, action, resource,
        resourceAccount: input.ResourceOwner ? accountOf(input.ResourceOwner) : deps.accountId, context,
      });
      const result = {
        EvalActionName: action, EvalResourceName: resource, EvalDecision: r.decision,
        MatchedStatements: r.matched.map((m) => matchedStatement(m, identity, resourcePolicy, input.ResourcePolicy)).filter(Boolean),
        MissingContextValues: [],
      };
      if (boundary) result.PermissionsBoundaryDecisionDetail = { AllowedByPermissionsBoundary: r.boundaryAllows };
      if (resourcePolicy) {
        result.EvalDecisionDetails = { __map: { [action]: r.decision } };
      }
      results.push(result);
    }
  }
  return results;
}

function accountOf(owner) { const m = /(\d{12})/.exec(owner); return m ? m[1] : owner; }

function policyType(p) {
  if (p.type) return p.type;
  if (p.name.startsWith('arn:aws:iam::aws:')) return 'aws-managed';
  if (p.name.startsWith('arn:aws:iam::')) return 'user-managed';
  return 'role';
}

function matchedStatement(m, identity, resourcePolicy, resourceText) {
  const fromIdentity = identity.find((p) => p.name === m.policyId);
  const doc = fromIdentity ? fromIdentity.policy : resourcePolicy;
  const text = fromIdentity ? fromIdentity.text : resourceText;
  if (!doc) return null;
  const statements = [].concat(doc.Statement || []);
  const index = statements.findIndex((s) => JSON.stringify(s) === JSON.stringify(m.statement));
  const pos = text ? statementPositions(text)[index] : null;
  const id = fromIdentity ? (fromIdentity.name.startsWith('arn:') ? fromIdentity.name.split('/').pop() : fromIdentity.name) : 'ResourcePolicy';
  return {
    SourcePolicyId: id, SourcePolicyType: fromIdentity ? policyType(fromIdentity) : 'resource',
    StartPosition: pos ? pos.start : undefined, EndPosition: pos ? pos.end : undefined,
  };
}

/** Line/column (1-based) where each element of the document's Statement starts and ends. */
function statementPositions(text) {
  const out = [];
  let line = 1; let col = 0; let depth = 0; let inString = false; let escaped = false;
  let lastString = null; let stringStart = 0; let statementDepth = -1; let elementStart = null; let arrayMode = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\n') { line++; col = 0; continue; }
    col++;
    if (inString) {
      if (escaped) escaped = false;
      else if (c === '\\') escaped = true;
      else if (c === '"') { inString = false; lastString = text.slice(stringStart, i); }
      continue;
    }
    if (c === '"') { inString = true; stringStart = i + 1; continue; }
    if (c === ':' && depth === 1 && lastString === 'Statement') { statementDepth = depth; continue; }
    if (c === '{' || c === '[') {
      if (statementDepth === depth && depth === 1) {
        if (c === '[') arrayMode = true;
        else elementStart = { Line: line, Column: col };
      } else if (arrayMode && depth === 2 && c === '{') {
        elementStart = { Line: line, Column: col };
      }
      depth++;
      continue;
    }
    if (c === '}' || c === ']') {
      depth--;
      if (elementStart && ((arrayMode && depth === 2) || (!arrayMode && depth === 1))) {
        out.push({ start: elementStart, end: { Line: line, Column: col + 1 } });
        elementStart = null;
        if (!arrayMode) statementDepth = -1;
      } else if (arrayMode && depth === 1) { arrayMode = false; statementDepth = -1; }
    }
  }
  return out;
}

module.exports = { simulatePrincipalPolicy, statementPositions };
