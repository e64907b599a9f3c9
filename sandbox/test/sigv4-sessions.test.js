'use strict';
// The verifier with temporary credentials, requests signed by AWS's own signer
// (@smithy/signature-v4): the session's secret and token must match, and an expired session is
// refused with ExpiredTokenException as AWS refuses it.

const test = require('node:test');
const assert = require('node:assert/strict');
const { SignatureV4 } = require('@smithy/signature-v4');
const { Sha256 } = require('@aws-crypto/sha256-js');
const { createVerifier } = require('../src/sigv4');

const SESSION = { accessKeyId: 'ASIATESTSESSION00001', secretAccessKey: 'session/secret/for/this/test/only/000000', sessionToken: 'token-abc', expiresAt: 0 };

async function signed(credentials, now) {
  const signer = new SignatureV4({ credentials, region: 'us-east-1', service: 'dynamodb', sha256: Sha256 });
  const body = '{}';
  const req = await signer.sign({
    method: 'POST', protocol: 'http:', hostname: '127.0.0.1', path: '/',
    headers: { host: '127.0.0.1', 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'DynamoDB_20120810.ListTables' }, body,
  }, { signingDate: now });
  const headers = {};
  for (const [k, v] of Object.entries(req.headers)) headers[k.toLowerCase()] = v;
  return { method: 'POST', path: '/', query: '', headers, body: Buffer.from(body) };
}

test('a session verifies with its secret and token, not with another token, and not once expired', async () => {
  const now = new Date();
  const session = { ...SESSION, expiresAt: now.getTime() + 60000 };
  const verifier = createVerifier([], { lookupSession: (id) => (id === session.accessKeyId ? session : null) });
  const good = await verifier.verify(await signed(session, now), { service: 'dynamodb', now });
  assert.equal(good.temporary, true);
  assert.equal(good.principal, session);

  const wrongToken = await signed({ ...session, sessionToken: 'token-xyz' }, now);
  await assert.rejects(verifier.verify(wrongToken, { service: 'dynamodb', now }), { code: 'UnrecognizedClientException', message: 'The security token included in the request is invalid.' });
  const noToken = await signed({ accessKeyId: session.accessKeyId, secretAccessKey: session.secretAccessKey }, now);
  await assert.rejects(verifier.verify(noToken, { service: 'dynamodb', now }), { code: 'UnrecognizedClientException' });

  const later = new Date(session.expiresAt + 1000);
  await assert.rejects(verifier.verify(await signed(session, later), { service: 'dynamodb', now: later }),
    { code: 'ExpiredTokenException', message: 'The security token included in the request is expired' });
});
