'use strict';
// The connection to DynamoDB Local: raw forwarding for the pass-through path, and a small JSON
// client for the front door's own calls. One keep-alive agent for both.

const http = require('node:http');
const { DynamoError, awsMessage } = require('../errors');

// DynamoDB Local wants an Authorization header to pick a database; with -sharedDb any will do.
const LOCAL_AUTH = 'AWS4-HMAC-SHA256 Credential=sandbox/20200101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=00';

function createLocalClient(port) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256, maxFreeSockets: 256 });

  /** Sends a raw JSON body with the given X-Amz-Target; resolves to { status, headers, body: Buffer }. */
  function forward(target, body) {
    return new Promise((resolve, reject) => {
      const req = http.request({
        host: '127.0.0.1', port, method: 'POST', path: '/', agent,
        headers: {
          'content-type': 'application/x-amz-json-1.0',
          'x-amz-target': target,
          authorization: LOCAL_AUTH,
          'content-length': body.length,
        },
      }, (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: chunks.length === 1 ? chunks[0] : Buffer.concat(chunks) }));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(body);
    });
  }

  /**
   * Calls a DynamoDB operation on Local with a JS object; resolves to the parsed result or
   * throws DynamoError carrying Local's error code and message.
   */
  async function call(operation, input, service = 'DynamoDB_20120810') {
    const r = await forward(`${service}.${operation}`, Buffer.from(JSON.stringify(input)));
    const parsed = r.body.length ? JSON.parse(r.body.toString('utf8')) : {};
    if (r.status >= 400) {
      const code = String(parsed.__type || 'InternalServerError').split('#').pop();
      throw new DynamoError(code, awsMessage(code, parsed.message || parsed.Message || ''), r.status);
    }
    return parsed;
  }

  return { forward, call, close() { agent.destroy(); } };
}

module.exports = { createLocalClient };
