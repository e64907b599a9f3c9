'use strict';
// Every request must carry a valid SigV4 signature; each failure is answered as AWS answers it.

const test = require('node:test');
const assert = require('node:assert/strict');
const { ListTablesCommand, DynamoDBClient } = require('@aws-sdk/client-dynamodb');
const { ListStreamsCommand } = require('@aws-sdk/client-dynamodb-streams');
const { useSandbox, SECOND } = require('./helpers');

const sb = useSandbox();

async function sdkError(promise) {
  try { await promise; } catch (e) { return e; }
  assert.fail('expected the call to fail');
}

test('a request signed with the primary key is accepted and counted', async () => {
  await sb.resetStats();
  const out = await sb.dynamodb().send(new ListTablesCommand({}));
  assert.deepEqual(out.TableNames, []);
  assert.equal((await sb.stats())['DynamoDB.ListTables'], 1);
});

test('the second principal is accepted too, and sees the same account', async () => {
  const out = await sb.dynamodb({ credentials: SECOND }).send(new ListTablesCommand({}));
  assert.ok(Array.isArray(out.TableNames));
  const streams = await sb.streams({ credentials: SECOND }).send(new ListStreamsCommand({}));
  assert.ok(Array.isArray(streams.Streams));
});

test('a session token is accepted when it is signed', async () => {
  const creds = { ...sb.credentials, sessionToken: 'FwoGZXIvYXdzEXAMPLETOKEN' };
  const out = await sb.dynamodb({ credentials: creds }).send(new ListTablesCommand({}));
  assert.ok(Array.isArray(out.TableNames));
});

test('no Authorization header → 400 MissingAuthenticationTokenException', async () => {
  const res = await fetch(sb.endpoint, {
    method: 'POST',
    headers: { 'x-amz-target': 'DynamoDB_20120810.ListTables', 'content-type': 'application/x-amz-json-1.0' },
    body: '{}',
  });
  assert.equal(res.status, 400);
  assert.equal(res.headers.get('content-type'), 'application/x-amz-json-1.0');
  assert.ok(res.headers.get('x-amzn-requestid'));
  assert.deepEqual(await res.json(), {
    __type: 'com.amazon.coral.service#MissingAuthenticationTokenException',
    message: 'Request is missing Authentication Token',
  });
});

test('an unknown access key → UnrecognizedClientException', async () => {
  const e = await sdkError(sb.dynamodb({ maxAttempts: 1, credentials: { accessKeyId: 'AKIANOTASANDBOXKEY00', secretAccessKey: 'x' } })
    .send(new ListTablesCommand({})));
  assert.equal(e.name, 'UnrecognizedClientException');
  assert.equal(e.$metadata.httpStatusCode, 400);
  assert.equal(e.message, 'The security token included in the request is invalid.');
});

test('a wrong secret → InvalidSignatureException with AWS\'s message', async () => {
  const e = await sdkError(sb.dynamodb({ maxAttempts: 1, credentials: { accessKeyId: sb.credentials.accessKeyId, secretAccessKey: 'not-the-secret' } })
    .send(new ListTablesCommand({})));
  assert.equal(e.name, 'InvalidSignatureException');
  assert.equal(e.$metadata.httpStatusCode, 400);
  assert.match(e.message, /^The request signature we calculated does not match the signature you provided\. Check your AWS Secret Access Key and signing method\./);
});

test('a body changed after signing → InvalidSignatureException', async () => {
  const client = sb.dynamodb({ maxAttempts: 1 });
  client.middlewareStack.add((next) => async (args) => {
    args.request.body = '{"Limit":1}';
    args.request.headers['content-length'] = String(args.request.body.length);
    return next(args);
  }, { step: 'finalizeRequest', priority: 'low', name: 'tamper' });
  const e = await sdkError(client.send(new ListTablesCommand({})));
  assert.equal(e.name, 'InvalidSignatureException');
});

test('a date more than 15 minutes off → InvalidSignatureException "Signature expired"', async () => {
  const e = await sdkError(sb.dynamodb({ maxAttempts: 1, systemClockOffset: -20 * 60 * 1000 }).send(new ListTablesCommand({})));
  assert.equal(e.name, 'InvalidSignatureException');
  assert.match(e.message, /^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 15 min\.\)$/);
  const future = await sdkError(sb.dynamodb({ maxAttempts: 1, systemClockOffset: 20 * 60 * 1000 }).send(new ListTablesCommand({})));
  assert.match(future.message, /^Signature not yet current: /);
});

test('within the skew a request is accepted', async () => {
  const out = await sb.dynamodb({ systemClockOffset: -5 * 60 * 1000 }).send(new ListTablesCommand({}));
  assert.ok(Array.isArray(out.TableNames));
});

test('rejected requests are not counted in stats', async () => {
  await sb.resetStats();
  await sdkError(sb.dynamodb({ maxAttempts: 1, credentials: { accessKeyId: 'AKIANOTASANDBOXKEY00', secretAccessKey: 'x' } }).send(new ListTablesCommand({})));
  assert.deepEqual(await sb.stats(), {});
});

test('Lambda paths answer signature errors in Lambda\'s format (403, x-amzn-ErrorType)', async () => {
  const res = await fetch(`${sb.endpoint}/2015-03-31/functions/`);
  assert.equal(res.status, 403);
  assert.equal(res.headers.get('x-amzn-errortype'), 'MissingAuthenticationTokenException');
  assert.deepEqual(await res.json(), { message: 'Request is missing Authentication Token' });

  const { ListFunctionsCommand } = require('@aws-sdk/client-lambda');
  const e = await sdkError(sb.lambda({ maxAttempts: 1, credentials: { accessKeyId: sb.credentials.accessKeyId, secretAccessKey: 'wrong' } })
    .send(new ListFunctionsCommand({})));
  assert.equal(e.name, 'InvalidSignatureException');
  assert.equal(e.$metadata.httpStatusCode, 403);
  const u = await sdkError(sb.lambda({ maxAttempts: 1, credentials: { accessKeyId: 'AKIANOTASANDBOXKEY00', secretAccessKey: 'x' } })
    .send(new ListFunctionsCommand({})));
  assert.equal(u.name, 'UnrecognizedClientException');
  assert.equal(u.$metadata.httpStatusCode, 403);
});

test('awscli v2: a good key works, a wrong secret gets InvalidSignatureException', async () => {
  const ok = await sb.aws(['dynamodb', 'list-tables']);
  assert.equal(ok.code, 0, ok.stderr);
  assert.ok(Array.isArray(ok.json.TableNames));
  const bad = await sb.aws(['dynamodb', 'list-tables'], { credentials: { accessKeyId: sb.credentials.accessKeyId, secretAccessKey: 'wrong' } });
  assert.notEqual(bad.code, 0);
  assert.match(bad.stderr, /InvalidSignatureException/);
});

test('a client with no endpoint override is not what the helper builds (sanity)', () => {
  assert.ok(sb.dynamodb() instanceof DynamoDBClient);
});
