'use strict';
// The verifier accepts every signed request of AWS's SigV4 test suite (testdata/sigv4, header
// signing) and rejects each one once its signature is altered.

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { createVerifier } = require('../src/sigv4');

const SUITE = [path.resolve(__dirname, '../../testdata/sigv4'), '/work/shared/testdata/sigv4'].find((d) => fs.existsSync(d));

/** Parses a raw signed request; continuation lines fold into the previous header (obs-fold). */
function parseRequest(text) {
  const [head, ...rest] = text.split('\n\n');
  const lines = head.split('\n');
  const method = lines[0].slice(0, lines[0].indexOf(' '));
  const target = lines[0].slice(method.length + 1, lines[0].lastIndexOf(' HTTP/'));
  const headers = {};
  let last = null;
  for (const line of lines.slice(1)) {
    if (!line.includes(':') && last) { headers[last] += ` ${line.trim()}`; continue; }
    const i = line.indexOf(':');
    const name = line.slice(0, i).toLowerCase();
    const value = line.slice(i + 1);
    headers[name] = name in headers ? `${headers[name]},${value}` : value;
    last = name;
  }
  const q = target.indexOf('?');
  return { method, path: q < 0 ? target : target.slice(0, q), query: q < 0 ? '' : target.slice(q + 1), headers, body: Buffer.from(rest.join('\n\n')) };
}

const cases = SUITE ? fs.readdirSync(SUITE).filter((d) => fs.existsSync(path.join(SUITE, d, 'header-signed-request.txt'))) : [];

test('the AWS SigV4 suite is present', { skip: !SUITE && 'testdata/sigv4 not found' }, () => {
  assert.ok(cases.length >= 30);
});

for (const name of cases) {
  const dir = path.join(SUITE, name);
  const ctx = JSON.parse(fs.readFileSync(path.join(dir, 'context.json'), 'utf8'));
  // normalize:false cases are S3's rule (paths signed as sent); DynamoDB and Lambda normalize.
  const skip = ctx.normalize === false && 'S3-style unnormalized path; DynamoDB and Lambda normalize';
  test(`accepts AWS suite case ${name}, rejects it with a changed signature`, { skip }, async () => {
    const verifier = createVerifier([{ accessKeyId: ctx.credentials.access_key_id, secretAccessKey: ctx.credentials.secret_access_key }]);
    const req = parseRequest(fs.readFileSync(path.join(dir, 'header-signed-request.txt'), 'utf8'));
    const now = new Date(ctx.timestamp);
    await verifier.verify(req, { service: ctx.service, now });
    const bad = { ...req, headers: { ...req.headers, authorization: req.headers.authorization.replace(/Signature=([0-9a-f])/, (m, c) => `Signature=${c === '0' ? '1' : '0'}`) } };
    await assert.rejects(verifier.verify(bad, { service: ctx.service, now }), { code: 'InvalidSignatureException' });
  });
}
