'use strict';
// Loads the Lambda service from src/lambda/ when it is there; otherwise a stand-in that answers
// every Lambda request with 501 so the rest of the sandbox works without it.

const path = require('node:path');
const { sendLambdaError } = require('./errors');

function createLambda(options, log = () => {}) {
  let mod;
  try {
    mod = require(path.join(__dirname, 'lambda'));
  } catch (e) {
    if (e.code !== 'MODULE_NOT_FOUND' || !String(e.message).includes(path.join(__dirname, 'lambda'))) throw e;
    log('Lambda module not present (src/lambda/); Lambda requests answer 501');
    return {
      available: false,
      async handle(req, res) { sendLambdaError(res, 'ServiceException', 'Lambda is not available in this sandbox build', { status: 501 }); },
      async loadFunctions(specs) {
        if (specs && specs.length) throw new Error('the scenario has functions but the Lambda module (src/lambda/) is missing');
      },
      async reset() {},
      async close() {},
    };
  }
  const svc = mod.createLambdaService(options);
  return { available: true, ...bind(svc) };
}

function bind(svc) {
  return {
    handle: (...a) => svc.handle(...a),
    loadFunctions: (...a) => svc.loadFunctions(...a),
    reset: (...a) => (svc.reset ? svc.reset(...a) : undefined),
    close: (...a) => (svc.close ? svc.close(...a) : undefined),
  };
}

module.exports = { createLambda };
