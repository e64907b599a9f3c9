'use strict';
// Lambda's REST-JSON errors: HTTP status, `x-amzn-ErrorType: <Code>`, body {"Type":"User","message":"..."}.
// The message member's case follows the service model (ResourceNotFoundException and
// ServiceException spell it "Message", the others "message"), as AWS sends them.

const STATUS = {
  ResourceNotFoundException: 404,
  PreconditionFailedException: 412,
  ResourceConflictException: 409,
  ResourceInUseException: 400,
  InvalidParameterValueException: 400,
  InvalidRequestContentException: 400,
  ValidationException: 400,
  TooManyRequestsException: 429,
  RequestTooLargeException: 413,
  UnknownOperationException: 404,
  ServiceException: 500,
};
const CAPITAL_MESSAGE = new Set(['ResourceNotFoundException', 'ServiceException', 'UnknownOperationException']);

class LambdaError extends Error {
  /** A Lambda API error; `extra` adds body members (e.g. Reason for TooManyRequestsException). */
  constructor(code, message, extra = {}) {
    super(message);
    this.code = code;
    this.status = STATUS[code] || 400;
    this.extra = extra;
  }

  body() {
    const key = CAPITAL_MESSAGE.has(this.code) ? 'Message' : 'message';
    const type = this.status >= 500 ? 'Service' : 'User';
    return { Type: type, [key]: this.message, ...this.extra };
  }
}

const notFound = (what, arn) => new LambdaError('ResourceNotFoundException', `${what} not found: ${arn}`);
const invalid = (message) => new LambdaError('InvalidParameterValueException', message);
const conflict = (message) => new LambdaError('ResourceConflictException', message);
const updateInProgress = (arn) => conflict(
  `The operation cannot be performed at this time. An update is in progress for resource: ${arn}`);
const revisionMismatch = () => new LambdaError('PreconditionFailedException',
  'The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id');
const validation = (value, member, constraint) => new LambdaError('ValidationException',
  `1 validation error detected: Value '${value}' at '${member}' failed to satisfy constraint: ${constraint}`);

module.exports = { LambdaError, notFound, invalid, conflict, updateInProgress, revisionMismatch, validation };
