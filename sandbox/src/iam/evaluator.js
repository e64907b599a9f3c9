'use strict';
// The one place the sandbox decides a request: @cloud-copilot/iam-simulate (AWS's evaluation
// logic, action and resource data) run on a principal's identity policies, permissions boundary
// and the resource's own policy. Enforcement (enforce.js) and SimulatePrincipalPolicy (simulate.js)
// both call evaluate(), so they cannot disagree. Also writes AWS's AccessDenied message.

const { runSimulation } = require('@cloud-copilot/iam-simulate');

/**
 * @param {object} q
 * @param {string} q.principal   the caller's ARN (assumed-role session, role, user or service principal)
 * @param {{name,policy}[]} q.identity  identity policies (parsed documents)
 * @param {{name,policy}|null} q.boundary
 * @param {object|null} q.resourcePolicy  parsed document
 * @param {object|null} [q.sessionPolicy]  an AssumeRole session policy (parsed)
 * @param {string} q.action      e.g. dynamodb:PutItem
 * @param {string} q.resource    ARN or '*'
 * @param {string} q.resourceAccount
 * @param {object} q.context     condition keys → string | string[]
 * Resolves to { decision: 'allowed'|'explicitDeny'|'implicitDeny', deniedBy, boundaryAllows, matched, errors }.
 * deniedBy: 'identity' | 'resource' | 'boundary' | null — where an explicit deny was, or what failed to allow.
 */
async function evaluate(q) {
  const simulation = {
    request: {
      principal: q.principal,
      action: q.action,
      resource: { resource: q.resource, accountId: q.resourceAccount },
      contextVariables: q.context || {},
    },
    identityPolicies: q.identity || [],
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    sessionPolicy: q.sessionPolicy || undefined,
    resourcePolicy: q.resourcePolicy || undefined,
    permissionBoundaryPolicies: q.boundary ? [q.boundary] : undefined,
  };
  const run = await runSimulation(simulation, { simulationMode: 'Strict' });
  if (run.resultType === 'error') {
    return { decision: 'implicitDeny', deniedBy: 'identity', boundaryAllows: !q.boundary, matched: [], errors: run.errors };
  }
  const analyses = run.resultType === 'single' ? [run.result.analysis] : run.results.map((r) => r.analysis);
  const overall = run.overallResult;
  const matched = [];
  let deniedBy = null;
  let boundaryAllows = !q.boundary;
  for (const a of analyses) {
    const id = a.identityAnalysis || {};
    const rp = a.resourceAnalysis || {};
    const pb = a.permissionBoundaryAnalysis;
    if (pb && pb.result === 'Allowed') boundaryAllows = true;
    const denies = [
      ['identity', id.denyStatements], ['resource', rp.denyStatements], ['boundary', pb && pb.denyStatements],
    ].filter(([, s]) => s && s.length);
    if (overall === 'ExplicitlyDenied') {
      for (const [, s] of denies) matched.push(...s.map((x) => statementRef(x, 'deny')));
      if (!deniedBy && denies.length) deniedBy = denies[0][0];
    } else {
      for (const s of [id.allowStatements, rp.allowStatements]) if (s) matched.push(...s.map((x) => statementRef(x, 'allow')));
    }
  }
  if (overall === 'Allowed') return { decision: 'allowed', deniedBy: null, boundaryAllows, matched };
  if (overall === 'ExplicitlyDenied') return { decision: 'explicitDeny', deniedBy: deniedBy || 'identity', boundaryAllows, matched };
  const blocked = analyses.flatMap((a) => a.blockedBy || []);
  const byBoundary = q.boundary && !boundaryAllows && !blocked.includes('identity') &&
    analyses.some((a) => a.identityAnalysis && a.identityAnalysis.result === 'Allowed');
  return { decision: 'implicitDeny', deniedBy: byBoundary ? 'boundary' : 'identity', boundaryAllows, matched: [] };
}

function statementRef(s, effect) { return { policyId: s.policyId, statement: s.statement, effect }; }

/** AWS's AccessDenied message for a decision. */
function deniedMessage(callerArn, action, resource, result) {
  const head = `User: ${callerArn} is not authorized to perform: ${action} on resource: ${resource}`;
  if (result.decision === 'explicitDeny') {
    const where = { identity: 'an identity-based policy', resource: 'a resource-based policy', boundary: 'a permissions boundary' }[result.deniedBy];
    return `${head} with an explicit deny in ${where}`;
  }
  if (result.deniedBy === 'boundary') return `${head} because no permissions boundary allows the ${action} action`;
  return `${head} because no identity-based policy allows the ${action} action`;
}

module.exports = { evaluate, deniedMessage };
