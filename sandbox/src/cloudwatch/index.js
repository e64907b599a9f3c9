'use strict';
// CloudWatch behind the front door, alarms only: the query protocol (form-encoded Action=...,
// XML answers; signing name monitoring) and AWS JSON 1.0 (X-Amz-Target
// GraniteServiceVersion20100801.<Operation>, the query-compatible errors newer SDKs read from
// x-amzn-query-error). State persists under --data (cloudwatch.json).

const { createStore } = require('../store');
const { ServiceError, sendJsonAnswer, parseJsonBody } = require('../json-service');
const { createAlarms } = require('./alarms');
const { parseQuery, sendQueryAnswer, sendQueryError } = require('./query');

/** ctx: { region, accountId, dataDir }. */
function createCloudWatch(ctx) {
  const store = createStore(ctx.dataDir, 'cloudwatch', () => ({ alarms: {} }));
  const alarms = createAlarms(ctx, store);

  function sendError(res, status, code, message, cls = {}) {
    if (cls.protocol === 'query') return sendQueryError(res, status, code, message);
    return sendJsonAnswer(res, '1.0', status, { __type: `com.amazonaws.cloudwatch#${code}`, message },
      { 'x-amzn-query-error': `${code};Sender` });
  }

  async function handle(operation, body, res, cls = {}) {
    const query = cls.protocol === 'query';
    try {
      const input = query ? parseQuery(body).input : parseJsonBody(body);
      const op = Object.prototype.hasOwnProperty.call(alarms.operations, operation) ? alarms.operations[operation] : null;
      if (!op) throw new ServiceError(query ? 'InvalidAction' : 'UnknownOperationException', `Operation ${operation} is not available in the sandbox`);
      const output = op(input);
      if (query) return sendQueryAnswer(res, operation, output);
      return sendJsonAnswer(res, '1.0', 200, epochSeconds(output));
    } catch (e) {
      if (e instanceof ServiceError) return sendError(res, e.status, e.code, e.message, cls);
      process.stderr.write(`front door: CloudWatch.${operation} failed: ${e.stack || e}\n`);
      return sendError(res, 500, 'InternalServiceError', 'Internal server error', cls);
    }
  }

  return { handle, sendError, alarms, reset: () => store.reset(), flush: () => store.flush() };
}

/** Dates → epoch seconds, as AWS JSON writes timestamps. */
function epochSeconds(v) {
  if (v instanceof Date) return v.getTime() / 1000;
  if (Array.isArray(v)) return v.map(epochSeconds);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, epochSeconds(x)]));
  return v;
}

module.exports = { createCloudWatch };
