'use strict';
// IAM's and STS's errors: a code, AWS's message, the HTTP status and the Sender/Receiver type
// that the query protocol's error XML carries.

const STATUS = {
  NoSuchEntity: 404,
  EntityAlreadyExists: 409,
  DeleteConflict: 409,
  LimitExceeded: 409,
  MalformedPolicyDocument: 400,
  InvalidInput: 400,
  ValidationError: 400,
  AccessDenied: 403,
  InvalidClientTokenId: 403,
  SignatureDoesNotMatch: 403,
  IncompleteSignature: 400,
  MissingAuthenticationToken: 403,
  ExpiredToken: 400,
  InvalidAction: 400,
  InvalidParameterValue: 400,
  ServiceFailure: 500,
};

class IamError extends Error {
  constructor(code, message, status) {
    super(message);
    this.code = code;
    this.status = status || STATUS[code] || 400;
    this.type = this.status >= 500 ? 'Receiver' : 'Sender';
  }
}

const validationError = (message) => new IamError('ValidationError', message);

// The front door's signature errors (DynamoDB's codes) as the query services spell them.
const AUTH_CODES = {
  UnrecognizedClientException: 'InvalidClientTokenId',
  InvalidSignatureException: 'SignatureDoesNotMatch',
  IncompleteSignatureException: 'IncompleteSignature',
  MissingAuthenticationTokenException: 'MissingAuthenticationToken',
  ExpiredTokenException: 'ExpiredToken',
};

/** An AuthError from sigv4.js as the IamError IAM and STS answer with. */
function fromAuthError(e) { return new IamError(AUTH_CODES[e.code] || e.code, e.message); }

module.exports = { IamError, validationError, fromAuthError, STATUS };
