'use strict';
// Small helpers to write JSON responses.

const zlib = require('node:zlib');
const { requestId, JSON_10 } = require('./errors');

/** Sends a DynamoDB-style JSON 1.0 body (Buffer or object) with x-amz-crc32 and a request id. */
function sendJson10(res, status, body, { id, crc32 } = {}) {
  const buf = Buffer.isBuffer(body) ? body : Buffer.from(JSON.stringify(body));
  res.writeHead(status, {
    'content-type': JSON_10,
    'content-length': buf.length,
    'x-amzn-requestid': id || requestId(),
    'x-amz-crc32': crc32 || String(zlib.crc32(buf)),
  });
  res.end(buf);
}

/** Sends a plain JSON body (admin endpoint). */
function sendJson(res, status, obj) {
  const buf = Buffer.from(JSON.stringify(obj));
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': buf.length, 'x-amzn-requestid': requestId() });
  res.end(buf);
}

module.exports = { sendJson10, sendJson };
