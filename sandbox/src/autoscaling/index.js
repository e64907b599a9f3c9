'use strict';
// Application Auto Scaling behind the front door: AWS JSON 1.1, X-Amz-Target
// AnyScaleFrontendService.<Operation>, signing name application-autoscaling. Errors as
// {"__type": Code, "Message": ...}. The state persists under --data (autoscaling.json).

const { createStore } = require('../store');
const { ServiceError, sendJsonAnswer, parseJsonBody } = require('../json-service');
const { createOperations } = require('./operations');

/** ctx: { local, region, accountId, dataDir }; alarms: the CloudWatch alarm store. */
function createAutoScaling(ctx, alarms) {
  const store = createStore(ctx.dataDir, 'autoscaling', () => ({ targets: {}, policies: {} }));
  const ops = createOperations(ctx, store, alarms);

  function sendError(res, status, code, message) {
    sendJsonAnswer(res, '1.1', status, { __type: code, Message: message });
  }

  async function handle(operation, body, res) {
    try {
      const op = Object.prototype.hasOwnProperty.call(ops, operation) ? ops[operation] : null;
      if (!op) throw new ServiceError('UnknownOperationException', `Operation ${operation} is not available in the sandbox`);
      return sendJsonAnswer(res, '1.1', 200, await op(parseJsonBody(body)));
    } catch (e) {
      if (e instanceof ServiceError) return sendError(res, e.status, e.code, e.message);
      process.stderr.write(`front door: ApplicationAutoScaling.${operation} failed: ${e.stack || e}\n`);
      return sendError(res, 500, 'InternalServiceException', 'Internal server error');
    }
  }

  return { handle, sendError, reset: () => store.reset(), flush: () => store.flush(), operations: ops };
}

module.exports = { createAutoScaling };
