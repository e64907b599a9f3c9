'use strict';
// Verifies AWS Signature Version 4 on incoming requests by re-signing them with AWS's own
// JavaScript signer (@smithy/signature-v4) and comparing signatures in constant time.
// Returns AWS's error code and message for each way a request can fail.

const crypto = require('node:crypto');
const { SignatureV4 } = require('@smithy/signature-v4');
const { Sha256 } = require('@aws-crypto/sha256-js');

/**
 * The signer's hash: node's native SHA-256/HMAC behind the interface of @aws-crypto/sha256-js
 * (`new Hash(secret?)`, `update`, async `digest`), as the AWS SDK itself uses in Node.js
 * (@smithy/hash-node). About 5x cheaper per request than the pure-JS Sha256 on the hot path.
 * SANDBOX_SIGV4_PURE_JS=1 switches back to @aws-crypto/sha256-js.
 */
class NodeSha256 {
  constructor(secret) {
    this.h = secret === undefined ? crypto.createHash('sha256') : crypto.createHmac('sha256', toBuffer(secret));
  }
  update(data) { this.h.update(toBuffer(data)); }
  async digest() { return new Uint8Array(this.h.digest()); }
}
function toBuffer(d) {
  if (typeof d === 'string') return Buffer.from(d, 'utf8');
  if (ArrayBuffer.isView(d)) return Buffer.from(d.buffer, d.byteOffset, d.byteLength);
  return Buffer.from(d);
}
const HASH = process.env.SANDBOX_SIGV4_PURE_JS ? Sha256 : NodeSha256;

const ALGORITHM = 'AWS4-HMAC-SHA256';
const SHA256_HEADER = 'x-amz-content-sha256';
const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';

/** Why a request was refused: `code` is AWS's error code, `message` AWS's text. */
class AuthError extends Error {
  constructor(code, message) { super(message); this.code = code; }
}

const INVALID_SIGNATURE = 'The request signature we calculated does not match the signature you provided. ' +
  'Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';

/**
 * Parses an Authorization header value. Returns { accessKeyId, date, region, service,
 * signedHeaders: [..], signature } or throws AuthError.
 */
function parseAuthorization(value) {
  const space = value.indexOf(' ');
  const algorithm = space < 0 ? value : value.slice(0, space);
  if (algorithm !== ALGORITHM) {
    throw new AuthError('IncompleteSignatureException', `Unsupported AWS 'algorithm': '${algorithm}'`);
  }
  const params = {};
  for (const part of value.slice(space + 1).split(',')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    params[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  const missing = ['Credential', 'Signature', 'SignedHeaders'].filter((k) => !params[k]);
  if (missing.length) {
    throw new AuthError('IncompleteSignatureException',
      missing.map((k) => `Authorization header requires '${k}' parameter.`).join(' ') +
      ` Authorization=${value.replace(/Signature=[0-9a-f]*/i, 'Signature=...')}`);
  }
  const scope = params.Credential.split('/');
  if (scope.length !== 5 || scope[4] !== 'aws4_request') {
    throw new AuthError('IncompleteSignatureException',
      `Credential should be scoped to a valid region, not '${scope[2] || ''}'. `);
  }
  const [accessKeyId, date, region, service] = scope;
  return { accessKeyId, date, region, service, signedHeaders: params.SignedHeaders.toLowerCase().split(';'), signature: params.Signature };
}

/** Parses 20240101T000000Z into a Date, or null. */
function parseAmzDate(s) {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(s || '');
  if (!m) return null;
  return new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]));
}

function amzDate(d) { return d.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}Z$/, 'Z'); }

/**
 * Builds a verifier for a fixed set of principals ({accessKeyId, secretAccessKey}) and, through
 * `lookupSession(accessKeyId)`, temporary credentials ({ secretAccessKey, sessionToken, expiresAt }):
 * those must carry their session token (X-Amz-Security-Token) and be unexpired.
 * `verify(request, { service, skewMinutes, now })` resolves to { principal, temporary, ... } or throws AuthError.
 * `request` is { method, path (raw, undecoded), query (raw string), headers (lowercase), body (Buffer) }.
 */
function createVerifier(principals, { lookupSession = () => null } = {}) {
  const byKey = new Map(principals.map((p) => [p.accessKeyId, p]));
  const signers = new Map();
  function signerFor(p, sessionToken) {
    const k = `${p.accessKeyId}\0${sessionToken || ''}`;
    let s = signers.get(k);
    if (!s) {
      s = new SignatureV4({
        credentials: { accessKeyId: p.accessKeyId, secretAccessKey: p.secretAccessKey, sessionToken },
        region: 'us-east-1', service: 'dynamodb', sha256: HASH, applyChecksum: false,
      });
      if (signers.size > 1000) signers.clear();
      signers.set(k, s);
    }
    return s;
  }

  async function verify(request, { service, skewMinutes = 15, now = new Date() }) {
    const { headers } = request;
    const authorization = headers.authorization;
    if (!authorization) {
      throw new AuthError('MissingAuthenticationTokenException', 'Request is missing Authentication Token');
    }
    const auth = parseAuthorization(authorization);
    if (auth.service !== service) {
      throw new AuthError('InvalidSignatureException', `Credential should be scoped to correct service: '${service}'. `);
    }
    let principal = byKey.get(auth.accessKeyId);
    const session = principal ? null : lookupSession(auth.accessKeyId);
    if (session) principal = checkSession(session, headers['x-amz-security-token'], now);
    if (!principal) {
      throw new AuthError('UnrecognizedClientException', 'The security token included in the request is invalid.');
    }
    const dateHeader = headers['x-amz-date'];
    const signingDate = parseAmzDate(dateHeader);
    if (!signingDate || !auth.signedHeaders.includes('x-amz-date')) {
      throw new AuthError('IncompleteSignatureException',
        "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header, signed. ");
    }
    if (dateHeader.slice(0, 8) !== auth.date) {
      throw new AuthError('InvalidSignatureException',
        `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${auth.date}' != '${dateHeader.slice(0, 8)}', from '${dateHeader}'.`);
    }
    const skewMs = skewMinutes * 60 * 1000;
    if (signingDate.getTime() < now.getTime() - skewMs) {
      throw new AuthError('InvalidSignatureException',
        `Signature expired: ${dateHeader} is now earlier than ${amzDate(new Date(now.getTime() - skewMs))} (${amzDate(now)} - ${skewMinutes} min.)`);
    }
    if (signingDate.getTime() > now.getTime() + skewMs) {
      throw new AuthError('InvalidSignatureException',
        `Signature not yet current: ${dateHeader} is still later than ${amzDate(new Date(now.getTime() + skewMs))} (${amzDate(now)} + ${skewMinutes} min.)`);
    }

    // Rebuild the request from the signed headers only.
    const signed = {};
    for (const name of auth.signedHeaders) {
      if (headers[name] === undefined) throw new AuthError('InvalidSignatureException', INVALID_SIGNATURE);
      signed[name] = headers[name];
    }
    const unsignable = new Set();
    const declaredHash = headers[SHA256_HEADER];
    if (declaredHash !== undefined && declaredHash !== UNSIGNED_PAYLOAD) {
      if (declaredHash !== sha256Hex(request.body)) {
        throw new AuthError('InvalidSignatureException', 'The provided \'x-amz-content-sha256\' header does not match what was computed.');
      }
    }
    if (signed[SHA256_HEADER] === undefined) {
      // Hash the payload natively; the signer takes the header's value as the payload hash.
      signed[SHA256_HEADER] = sha256Hex(request.body);
      unsignable.add(SHA256_HEADER);
    }
    const token = signed['x-amz-security-token'];
    const expected = await signerFor(principal, token).sign({
      method: request.method,
      protocol: 'http:',
      hostname: (headers.host || '').split(':')[0],
      path: request.path,
      query: parseQuery(request.query),
      headers: signed,
    }, {
      signingDate,
      signingRegion: auth.region,
      signingService: auth.service,
      signableHeaders: new Set(auth.signedHeaders),
      unsignableHeaders: unsignable,
    });
    const got = /Signature=([0-9a-f]+)/.exec(expected.headers.authorization)[1];
    if (!constantTimeEqual(got, auth.signature)) {
      throw new AuthError('InvalidSignatureException', INVALID_SIGNATURE);
    }
    return { principal, temporary: Boolean(session), region: auth.region, sessionToken: headers['x-amz-security-token'] };
  }

  return { verify };
}

/** A session's credentials if `token` is its session token and it has not expired; else throws or null. */
function checkSession(session, token, now) {
  if (!token || !constantTimeEqual(token, session.sessionToken)) return null;
  if (session.expiresAt <= now.getTime()) {
    throw new AuthError('ExpiredTokenException', 'The security token included in the request is expired');
  }
  return session;
}

function sha256Hex(body) { return crypto.createHash('sha256').update(body || '').digest('hex'); }

function constantTimeEqual(a, b) {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  if (ab.length !== bb.length) return false;
  return crypto.timingSafeEqual(ab, bb);
}

/** Raw query string → { name: value | [values] } with decoded names and values. */
function parseQuery(raw) {
  const query = {};
  if (!raw) return query;
  for (const [k, v] of new URLSearchParams(raw)) {
    if (k in query) query[k] = [].concat(query[k], v);
    else query[k] = v;
  }
  return query;
}

module.exports = { createVerifier, parseAuthorization, parseAmzDate, AuthError, INVALID_SIGNATURE };
