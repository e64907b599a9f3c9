'use strict';
// The REST routes of Lambda API version 2015-03-31: path and method to operation, request
// members from the URI, query string, headers and JSON body, responses with AWS's status codes.

const crypto = require('node:crypto');
const { LambdaError } = require('./errors');
const tags = require('./tags');

const P = '/2015-03-31';
const SEG = '([^/]+)';
const ROUTES = [
  ['POST', `${P}/functions/?`, 'CreateFunction'],
  ['GET', `${P}/functions/?`, 'ListFunctions'],
  ['GET', `${P}/functions/${SEG}/?`, 'GetFunction'],
  ['DELETE', `${P}/functions/${SEG}/?`, 'DeleteFunction'],
  ['GET', `${P}/functions/${SEG}/configuration/?`, 'GetFunctionConfiguration'],
  ['PUT', `${P}/functions/${SEG}/configuration/?`, 'UpdateFunctionConfiguration'],
  ['PUT', `${P}/functions/${SEG}/code/?`, 'UpdateFunctionCode'],
  ['POST', `${P}/functions/${SEG}/versions/?`, 'PublishVersion'],
  ['GET', `${P}/functions/${SEG}/versions/?`, 'ListVersionsByFunction'],
  ['POST', `${P}/functions/${SEG}/aliases/?`, 'CreateAlias'],
  ['GET', `${P}/functions/${SEG}/aliases/?`, 'ListAliases'],
  ['GET', `${P}/functions/${SEG}/aliases/${SEG}/?`, 'GetAlias'],
  ['PUT', `${P}/functions/${SEG}/aliases/${SEG}/?`, 'UpdateAlias'],
  ['DELETE', `${P}/functions/${SEG}/aliases/${SEG}/?`, 'DeleteAlias'],
  ['POST', `${P}/functions/${SEG}/invocations/?`, 'Invoke'],
  ['GET', `${P}/functions/${SEG}/policy/?`, 'GetPolicy'],
  ['POST', `${P}/event-source-mappings/?`, 'CreateEventSourceMapping'],
  ['GET', `${P}/event-source-mappings/?`, 'ListEventSourceMappings'],
  ['GET', `${P}/event-source-mappings/${SEG}/?`, 'GetEventSourceMapping'],
  ['PUT', `${P}/event-source-mappings/${SEG}/?`, 'UpdateEventSourceMapping'],
  ['DELETE', `${P}/event-source-mappings/${SEG}/?`, 'DeleteEventSourceMapping'],
  ['GET', `/2017-03-31/tags/${SEG}/?`, 'ListTags'],
  ['POST', `/2017-03-31/tags/${SEG}/?`, 'TagResource'],
  ['DELETE', `/2017-03-31/tags/${SEG}/?`, 'UntagResource'],
].map(([method, pattern, op]) => ({ method, re: new RegExp(`^${pattern}$`), op }));

/** The operation a request names ({ op, params }), or null. */
function route(method, pathname) {
  for (const r of ROUTES) {
    if (r.method !== method) continue;
    const m = r.re.exec(pathname);
    if (m) return { op: r.op, params: m.slice(1).map(decodeURIComponent) };
  }
  return null;
}

/** The operation name for a request (for request statistics), or null. */
function operationName(method, pathname) {
  const r = route(method, pathname);
  return r ? r.op : null;
}

function send(res, status, body, headers = {}) {
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
    'x-amzn-RequestId': crypto.randomUUID(),
    ...headers,
  });
  res.end(text);
}

function sendError(res, err) {
  if (!(err instanceof LambdaError)) err = new LambdaError('ServiceException', `The sandbox failed: ${err && err.message}`);
  send(res, err.status, err.body(), { 'x-amzn-ErrorType': err.code });
}

function jsonBody(rawBody) {
  if (!rawBody || rawBody.length === 0) return {};
  try {
    const v = JSON.parse(rawBody.toString('utf8'));
    if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new Error('not an object');
    return v;
  } catch (e) {
    throw new LambdaError('InvalidRequestContentException', `Could not parse request body into json: ${e.message}`);
  }
}

/** Handles one request; `ops` is { registry, invoke(req, res, params, url, rawBody) }. */
async function handle({ registry, invoke }, req, res, rawBody, url) {
  try {
    const r = route(req.method, url.pathname);
    if (!r) throw new LambdaError('UnknownOperationException', `Unknown operation ${req.method} ${url.pathname}`);
    const q = Object.fromEntries(url.searchParams.entries());
    const [a, b] = r.params;
    switch (r.op) {
      case 'Invoke': return await invoke(req, res, a, q, rawBody);
      case 'CreateFunction': {
        const input = jsonBody(rawBody);
        tags.refuseSystemKeys(Object.keys(input.Tags || {}));
        return send(res, 201, registry.createFunction(input));
      }
      case 'ListFunctions': return send(res, 200, registry.listFunctions(q));
      case 'GetFunction': return send(res, 200, registry.getFunction(a, q.Qualifier));
      case 'DeleteFunction': registry.deleteFunction(a, q.Qualifier); return send(res, 204);
      case 'GetFunctionConfiguration': return send(res, 200, registry.getConfiguration(a, q.Qualifier));
      case 'UpdateFunctionConfiguration': return send(res, 200, registry.updateConfiguration(a, jsonBody(rawBody)));
      case 'UpdateFunctionCode': return send(res, 200, registry.updateCode(a, jsonBody(rawBody)));
      case 'PublishVersion': return send(res, 201, registry.publishVersion(a, jsonBody(rawBody)));
      case 'ListVersionsByFunction': return send(res, 200, registry.listVersions(a, q));
      case 'CreateAlias': return send(res, 201, registry.createAlias(a, jsonBody(rawBody)));
      case 'ListAliases': return send(res, 200, registry.listAliases(a, q));
      case 'GetAlias': return send(res, 200, registry.getAlias(a, b));
      case 'UpdateAlias': return send(res, 200, registry.updateAlias(a, b, jsonBody(rawBody)));
      case 'DeleteAlias': registry.deleteAlias(a, b); return send(res, 204);
      case 'GetPolicy': {
        const { fn, qualifier } = registry.fn(a, q.Qualifier);
        if (qualifier) registry.resolve(fn, qualifier);
        throw new LambdaError('ResourceNotFoundException', 'The resource you requested does not exist.');
      }
      case 'CreateEventSourceMapping': return send(res, 202, await registry.mappings.create(jsonBody(rawBody)));
      case 'ListEventSourceMappings': return send(res, 200, registry.mappings.list(q));
      case 'GetEventSourceMapping': return send(res, 200, registry.mappings.get(a));
      case 'UpdateEventSourceMapping': return send(res, 202, await registry.mappings.update(a, jsonBody(rawBody)));
      case 'DeleteEventSourceMapping': return send(res, 202, await registry.mappings.delete(a));
      case 'ListTags': return send(res, 200, tags.listTags(registry, a));
      case 'TagResource': tags.tagResource(registry, a, jsonBody(rawBody)); return send(res, 204);
      case 'UntagResource': tags.untagResource(registry, a, url.searchParams.getAll('tagKeys')); return send(res, 204);
      default: throw new LambdaError('UnknownOperationException', `Unknown operation ${r.op}`);
    }
  } catch (err) {
    if (res.headersSent) { res.destroy(); return undefined; }
    return sendError(res, err);
  }
}

module.exports = { handle, route, operationName, send, sendError };
