'use strict';
// Names the service operation of an incoming request, as AWS routes it: by X-Amz-Target for
// DynamoDB and DynamoDB Streams, by method and path for Lambda's REST API (2015-03-31). The
// front door's own JSON services (Application Auto Scaling, CloudWatch's JSON 1.0) go by target
// prefix too; query-protocol requests (form-encoded Action=...) by the signing name of their
// credential scope (see QUERY_SERVICES).

const DYNAMODB_PREFIX = 'DynamoDB_20120810.';
const STREAMS_PREFIX = 'DynamoDBStreams_20120810.';
const LAMBDA_PREFIX = '/2015-03-31/';
const LAMBDA_TAGS_PREFIX = '/2017-03-31/tags/';
const JSON_SERVICES = { 'AnyScaleFrontendService.': 'ApplicationAutoScaling', 'GraniteServiceVersion20100801.': 'CloudWatch' };
const QUERY_SERVICES = { monitoring: 'CloudWatch' };

/**
 * Returns { service: 'DynamoDB' | 'DynamoDBStreams' | 'Lambda' | 'ApplicationAutoScaling' |
 * 'CloudWatch', operation, protocol? ('json' | 'query') } or null when the request is for none of
 * them. `path` is the URL path without the query string; `headers` and `body` are needed only to
 * recognize query-protocol requests.
 */
function classifyRequest(method, path, target, headers = {}, body = null) {
  if (target) {
    if (target.startsWith(DYNAMODB_PREFIX)) return { service: 'DynamoDB', operation: target.slice(DYNAMODB_PREFIX.length) };
    if (target.startsWith(STREAMS_PREFIX)) return { service: 'DynamoDBStreams', operation: target.slice(STREAMS_PREFIX.length) };
    for (const [prefix, service] of Object.entries(JSON_SERVICES)) {
      if (target.startsWith(prefix)) return { service, operation: target.slice(prefix.length), protocol: 'json' };
    }
    return null;
  }
  if (path.startsWith(LAMBDA_PREFIX) || path.startsWith(LAMBDA_TAGS_PREFIX)) return { service: 'Lambda', operation: lambdaOperationName(method, path) };
  if (method === 'POST' && path === '/' && /x-www-form-urlencoded/.test(headers['content-type'] || '')) {
    const scope = /Credential=[^/,\s]+\/\d{8}\/[^/]+\/([^/]+)\/aws4_request/.exec(headers.authorization || '');
    const service = scope && QUERY_SERVICES[scope[1]];
    if (service) return { service, operation: new URLSearchParams(body ? body.toString('utf8') : '').get('Action') || 'Unknown', protocol: 'query' };
  }
  return null;
}

/**
 * Maps a Lambda REST request (method, path without query) to its operation name, e.g.
 * ('GET', '/2015-03-31/functions/f/configuration') → 'GetFunctionConfiguration'. Unknown
 * combinations give 'Unknown'.
 */
function lambdaOperationName(method, path) {
  const m = method.toUpperCase();
  if (path.startsWith(LAMBDA_TAGS_PREFIX)) return { GET: 'ListTags', POST: 'TagResource', DELETE: 'UntagResource' }[m] || 'Unknown';
  const parts = path.slice(LAMBDA_PREFIX.length).split('/').filter(Boolean);
  const [collection, name, sub, subName] = parts;
  if (collection === 'event-source-mappings') {
    if (!name) return m === 'GET' ? 'ListEventSourceMappings' : m === 'POST' ? 'CreateEventSourceMapping' : 'Unknown';
    return { GET: 'GetEventSourceMapping', PUT: 'UpdateEventSourceMapping', DELETE: 'DeleteEventSourceMapping' }[m] || 'Unknown';
  }
  if (collection !== 'functions') return 'Unknown';
  if (!name) return { GET: 'ListFunctions', POST: 'CreateFunction' }[m] || 'Unknown';
  if (!sub) return { GET: 'GetFunction', DELETE: 'DeleteFunction' }[m] || 'Unknown';
  switch (sub) {
    case 'configuration': return { GET: 'GetFunctionConfiguration', PUT: 'UpdateFunctionConfiguration' }[m] || 'Unknown';
    case 'code': return m === 'PUT' ? 'UpdateFunctionCode' : 'Unknown';
    case 'invocations': return m === 'POST' ? 'Invoke' : 'Unknown';
    case 'versions': return { GET: 'ListVersionsByFunction', POST: 'PublishVersion' }[m] || 'Unknown';
    case 'aliases':
      if (!subName) return { GET: 'ListAliases', POST: 'CreateAlias' }[m] || 'Unknown';
      return { GET: 'GetAlias', PUT: 'UpdateAlias', DELETE: 'DeleteAlias' }[m] || 'Unknown';
    case 'policy': return m === 'GET' ? 'GetPolicy' : m === 'POST' ? 'AddPermission' : m === 'DELETE' ? 'RemovePermission' : 'Unknown';
    case 'concurrency': return { GET: 'GetFunctionConcurrency', PUT: 'PutFunctionConcurrency', DELETE: 'DeleteFunctionConcurrency' }[m] || 'Unknown';
    default: return 'Unknown';
  }
}

module.exports = { classifyRequest, lambdaOperationName };
