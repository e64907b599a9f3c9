'use strict';
// Writes errors in the wire format of each service, as AWS answers them.

const crypto = require('node:crypto');

const CORAL = 'com.amazon.coral.service';
const DYNAMODB = 'com.amazonaws.dynamodb.v20120810';

// Where DynamoDB (and Streams) place each error code they answer with.
const NAMESPACE = {
  MissingAuthenticationTokenException: CORAL,
  UnrecognizedClientException: CORAL,
  InvalidSignatureException: CORAL,
  IncompleteSignatureException: CORAL,
  ThrottlingException: CORAL,
  ValidationException: 'com.amazon.coral.validate',
  UnknownOperationException: CORAL,
  SerializationException: CORAL,
  AccessDeniedException: CORAL,
  ExpiredTokenException: CORAL,
};

const JSON_10 = 'application/x-amz-json-1.0';

function requestId() { return crypto.randomUUID(); }

/** Sends a DynamoDB / DynamoDB Streams error: JSON 1.0 body with __type and message. */
function sendDynamoError(res, status, code, message) {
  const body = JSON.stringify({ __type: `${NAMESPACE[code] || DYNAMODB}#${code}`, message });
  res.writeHead(status, {
    'content-type': JSON_10,
    'content-length': Buffer.byteLength(body),
    'x-amzn-requestid': requestId(),
  });
  res.end(body);
}

/** Status DynamoDB uses for an error code (most are 400). */
function dynamoStatus(code) {
  if (code === 'InternalServerError') return 500;
  if (code === 'ServiceUnavailable') return 503;
  return 400;
}

// Lambda's REST errors: status, x-amzn-ErrorType and a JSON body.
const LAMBDA_STATUS = {
  MissingAuthenticationTokenException: 403,
  UnrecognizedClientException: 403,
  InvalidSignatureException: 403,
  IncompleteSignatureException: 403,
  TooManyRequestsException: 429,
  ServiceException: 500,
  ResourceNotFoundException: 404,
  ResourceConflictException: 409,
  PreconditionFailedException: 412,
  InvalidParameterValueException: 400,
  AccessDeniedException: 403,
  ExpiredTokenException: 403,
};

/** Sends a Lambda error. Signature errors carry only `message`, service errors add Type. */
function sendLambdaError(res, code, message, { status, extra = {}, headers = {} } = {}) {
  const auth = /Signature|Authentication|UnrecognizedClient|ExpiredToken/.test(code);
  const payload = auth ? { message } : { Type: code === 'ServiceException' ? 'Service' : 'User', message, ...extra };
  const body = JSON.stringify(payload);
  res.writeHead(status || LAMBDA_STATUS[code] || 400, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
    'x-amzn-errortype': code,
    'x-amzn-requestid': requestId(),
    ...headers,
  });
  res.end(body);
}

/** DynamoDB Local's wording → AWS's, where they differ. */
function awsMessage(code, message) {
  if (code === 'ResourceNotFoundException' && /non-existent table/.test(message)) return 'Requested resource not found';
  return message;
}

/** A DynamoDB error thrown by front-door handlers and turned into a response by the router. */
class DynamoError extends Error {
  constructor(code, message, status) { super(message); this.code = code; this.status = status || dynamoStatus(code); }
}

module.exports = { awsMessage, sendDynamoError, sendLambdaError, dynamoStatus, DynamoError, requestId, JSON_10 };
