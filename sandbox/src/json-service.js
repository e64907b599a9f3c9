'use strict';
// Answers of the AWS JSON protocols (1.0 and 1.1) for the front door's own services: the body,
// the content type, the request id, and errors as {"__type": Code, "message"/"Message": ...}.

const crypto = require('node:crypto');

class ServiceError extends Error {
  /** An error answered with `code` (e.g. ValidationException) and HTTP `status` (default 400). */
  constructor(code, message, status = 400, { senderFault = true } = {}) {
    super(message);
    Object.assign(this, { code, status, senderFault });
  }
}

function sendJsonAnswer(res, version, status, body, headers = {}) {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': `application/x-amz-json-${version}`,
    'content-length': Buffer.byteLength(text),
    'x-amzn-requestid': crypto.randomUUID(),
    ...headers,
  });
  res.end(text);
}

function parseJsonBody(body) {
  if (!body || !body.length) return {};
  try {
    const v = JSON.parse(body.toString('utf8'));
    if (v && typeof v === 'object' && !Array.isArray(v)) return v;
  } catch { /* below */ }
  throw new ServiceError('SerializationException', 'Start of structure or map found where not expected');
}

module.exports = { ServiceError, sendJsonAnswer, parseJsonBody };
