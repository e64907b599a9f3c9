'use strict';
// The front door: one HTTP server on 127.0.0.1. Admin requests (/_sandbox/...) go to the admin
// handler unsigned; everything else must carry a valid SigV4 signature and is routed as AWS
// routes it (X-Amz-Target for DynamoDB and Streams, the /2015-03-31/ path for Lambda, the signing
// service and the form's Action for IAM, STS and CloudWatch's query protocol), authorized by IAM
// (src/iam/: requests signed with temporary credentials), after stats counting and fault injection.
// The front door's own services (Application Auto Scaling, CloudWatch) come in `services`:
// { Name: { handle(operation, body, res, cls), sendError(res, status, code, message, cls) } }.

const { classifyRequest } = require('./operations');
const { AuthError } = require('./sigv4');
const { sendDynamoError, sendLambdaError } = require('./errors');

// Signing names and the clock skew each service tolerates.
const SIGNING = {
  DynamoDB: { service: 'dynamodb', skewMinutes: 15 },
  DynamoDBStreams: { service: 'dynamodb', skewMinutes: 15 },
  Lambda: { service: 'lambda', skewMinutes: 5 },
  IAM: { service: 'iam', skewMinutes: 15 },
  STS: { service: 'sts', skewMinutes: 15 },
  ApplicationAutoScaling: { service: 'application-autoscaling', skewMinutes: 5 },
  CloudWatch: { service: 'monitoring', skewMinutes: 5 },
};

/**
 * deps: { verifier, faults, stats, dynamodb, lambda, iam, admin, log, services }.
 * Returns the request listener for an http.Server.
 */
function createFrontDoor(deps) {
  const { verifier, faults, stats, dynamodb, lambda, iam, admin, log, services = {} } = deps;

  async function handle(req, res, body) {
    const rawUrl = req.url || '/';
    const q = rawUrl.indexOf('?');
    const path = q < 0 ? rawUrl : rawUrl.slice(0, q);
    if (path === '/_sandbox' || path.startsWith('/_sandbox/')) return admin.handle(req, res, body, path);

    const target = req.headers['x-amz-target'];
    const query = q < 0 ? '' : rawUrl.slice(q + 1);
    const cls = classifyRequest(req.method, path, target, req.headers, body) || (!target && iam.route(req.method, req.headers, body, query));
    if (!cls) {
      if (target) return sendDynamoError(res, 400, 'UnknownOperationException', '');
      return sendLambdaError(res, 'UnknownOperationException', `No service handles ${req.method} ${path}`, { status: 404 });
    }
    const { service, operation } = cls;
    const signing = SIGNING[service];
    let verified;
    const own = services[service];
    try {
      verified = await verifier.verify({ method: req.method, path, query, headers: req.headers, body },
        { service: signing.service, skewMinutes: signing.skewMinutes });
    } catch (e) {
      if (!(e instanceof AuthError)) throw e;
      if (service === 'Lambda') return sendLambdaError(res, e.code, e.message);
      if (service === 'IAM' || service === 'STS') return iam.sendAuthError(res, service, e);
      if (own) return own.sendError(res, cls.protocol === 'query' ? 403 : 400, e.code, e.message, cls);
      return sendDynamoError(res, 400, e.code, e.message);
    }
    stats.count(service, operation);
    const url = new URL(rawUrl, `http://${req.headers.host || '127.0.0.1'}`);
    const caller = iam.callerOf(verified, { sourceIp: req.socket.remoteAddress });
    const denial = await iam.authorize({ service, operation, body, input: cls.input, url, caller });
    if (denial) {
      if (!own) return iam.sendDenied(res, service, denial);
      const query = cls.protocol === 'query';
      return own.sendError(res, query ? 403 : 400, query ? 'AccessDenied' : 'AccessDeniedException', denial.message, cls);
    }
    if (service === 'IAM' || service === 'STS') return iam.handle(service, operation, cls.input, res, caller);
    if (service === 'Lambda') {
      const roleProblem = await iam.lambdaRoles.checkRequest(operation, body);
      if (roleProblem) return sendLambdaError(res, 'InvalidParameterValueException', roleProblem);
    }

    let decision = null;
    if (!faults.idle) {
      decision = faults.decide(service, operation);
      if (decision.latencyMs) await new Promise((r) => setTimeout(r, decision.latencyMs));
      if (decision.fault) return sendFault(res, service, decision.fault);
    }
    if (service === 'DynamoDB') return dynamodb.handle(operation, body, res, decision);
    if (service === 'DynamoDBStreams') return dynamodb.handleStreams(operation, body, res);
    if (own) return own.handle(operation, body, res, cls);
    return lambda.handle(req, res, body, url);
  }

  return function onRequest(req, res) {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
      handle(req, res, body).catch((e) => {
        log(`front door: ${req.method} ${req.url} failed: ${e.stack || e}`);
        if (res.headersSent) res.destroy();
        else if ((req.url || '').startsWith('/2015-03-31/')) sendLambdaError(res, 'ServiceException', 'An internal error occurred.');
        else sendDynamoError(res, 500, 'InternalServerError', 'Internal server error');
      });
    });
  };
}

function sendFault(res, service, fault) {
  if (service === 'Lambda') {
    if (fault === 'throttle') {
      return sendLambdaError(res, 'TooManyRequestsException', 'Rate Exceeded.', { extra: { Reason: 'CallerRateLimitExceeded' }, headers: { 'retry-after': '1' } });
    }
    return sendLambdaError(res, 'ServiceException', 'An internal error occurred (injected by the sandbox).');
  }
  if (fault === 'throttle' && service === 'DynamoDBStreams') return sendDynamoError(res, 400, 'ThrottlingException', 'Rate exceeded');
  if (fault === 'throttle') {
    return sendDynamoError(res, 400, 'ProvisionedThroughputExceededException',
      'The level of configured provisioned throughput for the table was exceeded. Consider increasing your provisioning level with the UpdateTable API.');
  }
  return sendDynamoError(res, 500, 'InternalServerError', 'Internal server error');
}

module.exports = { createFrontDoor };
