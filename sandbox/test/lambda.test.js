'use strict';
// Lambda through the front door with the AWS SDK for JavaScript v3 and Debian's awscli v2:
// the control plane (functions, configuration updates with RevisionId and LastUpdateStatus,
// versions, aliases, event source mappings) and Invoke running real handlers.

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const AdmZip = require('adm-zip');
const L = require('@aws-sdk/client-lambda');
const http = require('node:http');
const { useSandbox, run, AWS_CLI, createExecutionRole } = require('./helpers');

const ROLE = 'arn:aws:iam::000000000000:role/sandbox-test-role';
const UPDATE_DELAY_MS = 400;

// Handlers log here instead of the sandbox's own stdout; the variable reaches the server
// through sandbox/start's environment.
const LOG_DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'ddbmv-lambda-logs-'));
process.env.SANDBOX_LAMBDA_LOG_DIR = LOG_DIR;
test.after(() => fs.rmSync(LOG_DIR, { recursive: true, force: true }));

// CreateFunction needs an execution role Lambda can assume, as on AWS.
const sb = useSandbox({ args: ['--lambda-update-delay-ms', String(UPDATE_DELAY_MS)], setup: (s) => createExecutionRole(s, 'sandbox-test-role') });

const HANDLER = `
const { DynamoDBClient } = require('@aws-sdk/client-dynamodb'); // at init, as real handlers do
exports.handler = async (event, context) => {
  console.log('handler-log-marker', JSON.stringify(event));
  if (event.fail) throw new Error('deliberate failure: ' + event.fail);
  if (event.sleepMs) await new Promise((r) => setTimeout(r, event.sleepMs));
  return { color: process.env.COLOR, version: process.env.AWS_LAMBDA_FUNCTION_VERSION, contextVersion: context.functionVersion,
    name: process.env.AWS_LAMBDA_FUNCTION_NAME, pid: process.pid, endpoint: process.env.AWS_ENDPOINT_URL,
    region: process.env.AWS_REGION, sdk: typeof DynamoDBClient };
};`;

function zip(source = HANDLER) {
  const z = new AdmZip();
  z.addFile('index.js', Buffer.from(source));
  return z.toBuffer();
}

/** An HTTP proxy to `target` that awaits `before()` ahead of forwarding each request as it came. */
async function startProxy(target, before) {
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', async () => {
      await before();
      const up = http.request(new URL(req.url, target), { method: req.method, headers: req.headers }, (r) => {
        res.writeHead(r.statusCode, r.headers);
        r.pipe(res);
      });
      up.on('error', () => res.destroy());
      up.end(Buffer.concat(chunks));
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((resolve) => server.close(resolve)) };
}

async function expectError(promise, name, status) {
  const err = await promise.then(() => null, (e) => e);
  assert.ok(err, `expected ${name}`);
  assert.equal(err.name, name, err.message);
  if (status) assert.equal(err.$metadata.httpStatusCode, status);
  return err;
}

async function waitFor(lambda, FunctionName, field, value) {
  for (let i = 0; i < 100; i++) {
    const c = await lambda.send(new L.GetFunctionConfigurationCommand({ FunctionName }));
    if (c[field] === value) return c;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${FunctionName}: ${field} never became ${value}`);
}

async function create(lambda, name, extra = {}) {
  const c = await lambda.send(new L.CreateFunctionCommand({
    FunctionName: name, Runtime: 'nodejs20.x', Role: ROLE, Handler: 'index.handler', Code: { ZipFile: zip() },
    Environment: { Variables: { COLOR: 'red', KEEP: 'me' } }, ...extra,
  }));
  await waitFor(lambda, name, 'State', 'Active');
  return c;
}

async function invoke(lambda, FunctionName, event = {}, extra = {}) {
  const r = await lambda.send(new L.InvokeCommand({ FunctionName, Payload: Buffer.from(JSON.stringify(event)), ...extra }));
  return { ...r, json: JSON.parse(Buffer.from(r.Payload).toString('utf8')) };
}

test('CreateFunction: Pending, then Active; the whole configuration round-trips', async () => {
  const lambda = sb.lambda();
  const c = await lambda.send(new L.CreateFunctionCommand({
    FunctionName: 'fn-create', Runtime: 'nodejs20.x', Role: ROLE, Handler: 'index.handler', Code: { ZipFile: zip() },
    Description: 'round trip', Timeout: 7, MemorySize: 384, Environment: { Variables: { COLOR: 'red' } },
    KMSKeyArn: 'arn:aws:kms:us-east-1:000000000000:key/0b5e4a8e-2c1f-4f5e-9d3a-1a2b3c4d5e6f',
    TracingConfig: { Mode: 'Active' }, Layers: ['arn:aws:lambda:us-east-1:000000000000:layer:common:2'],
    VpcConfig: { SubnetIds: ['subnet-1'], SecurityGroupIds: ['sg-1'] }, Architectures: ['arm64'],
    DeadLetterConfig: { TargetArn: 'arn:aws:sqs:us-east-1:000000000000:dlq' }, Tags: { team: 'billing' },
  }));
  assert.equal(c.State, 'Pending');
  assert.equal(c.FunctionArn, 'arn:aws:lambda:us-east-1:000000000000:function:fn-create');
  assert.match(c.LastModified, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$/);
  await expectError(invoke(lambda, 'fn-create'), 'ResourceConflictException', 409);
  await waitFor(lambda, 'fn-create', 'State', 'Active');
  const g = await lambda.send(new L.GetFunctionCommand({ FunctionName: 'fn-create' }));
  const cfg = g.Configuration;
  assert.equal(cfg.LastUpdateStatus, 'Successful');
  assert.deepEqual([cfg.Description, cfg.Timeout, cfg.MemorySize, cfg.Runtime, cfg.Handler, cfg.Role], ['round trip', 7, 384, 'nodejs20.x', 'index.handler', ROLE]);
  assert.equal(cfg.KMSKeyArn, 'arn:aws:kms:us-east-1:000000000000:key/0b5e4a8e-2c1f-4f5e-9d3a-1a2b3c4d5e6f');
  assert.deepEqual(cfg.TracingConfig, { Mode: 'Active' });
  assert.deepEqual(cfg.Layers.map((l) => l.Arn), ['arn:aws:lambda:us-east-1:000000000000:layer:common:2']);
  assert.deepEqual(cfg.VpcConfig.SubnetIds, ['subnet-1']);
  assert.deepEqual(cfg.Architectures, ['arm64']);
  assert.deepEqual(cfg.DeadLetterConfig, { TargetArn: 'arn:aws:sqs:us-east-1:000000000000:dlq' });
  assert.equal(cfg.CodeSha256, c.CodeSha256);
  assert.deepEqual(g.Tags, { team: 'billing' });
  await expectError(lambda.send(new L.CreateFunctionCommand({
    FunctionName: 'fn-create', Runtime: 'nodejs20.x', Role: ROLE, Handler: 'index.handler', Code: { ZipFile: zip() },
  })), 'ResourceConflictException', 409);
  await expectError(lambda.send(new L.GetFunctionCommand({ FunctionName: 'no-such-fn' })), 'ResourceNotFoundException', 404);
  await expectError(lambda.send(new L.GetFunctionConfigurationCommand({ FunctionName: 'fn-create', Qualifier: '9' })), 'ResourceNotFoundException', 404);
  await expectError(lambda.send(new L.CreateFunctionCommand({
    FunctionName: 'fn-reserved', Runtime: 'nodejs20.x', Role: ROLE, Handler: 'index.handler', Code: { ZipFile: zip() },
    Environment: { Variables: { AWS_REGION: 'eu-west-1' } },
  })), 'InvalidParameterValueException', 400);
});

test('UpdateFunctionConfiguration: replaces the whole map, InProgress then Successful, RevisionId checked', async () => {
  const lambda = sb.lambda();
  await create(lambda, 'fn-update', { Timeout: 5, Description: 'keep me' });
  const before = await lambda.send(new L.GetFunctionConfigurationCommand({ FunctionName: 'fn-update' }));
  const first = await invoke(lambda, 'fn-update');
  assert.equal(first.json.color, 'red');

  await expectError(lambda.send(new L.UpdateFunctionConfigurationCommand({
    FunctionName: 'fn-update', Environment: { Variables: { COLOR: 'x' } }, RevisionId: '00000000-0000-0000-0000-000000000000',
  })), 'PreconditionFailedException', 412);

  const u = await lambda.send(new L.UpdateFunctionConfigurationCommand({
    FunctionName: 'fn-update', Environment: { Variables: { COLOR: 'blue' } }, RevisionId: before.RevisionId,
  }));
  assert.equal(u.LastUpdateStatus, 'InProgress');
  assert.notEqual(u.RevisionId, before.RevisionId);
  assert.deepEqual(u.Environment.Variables, { COLOR: 'blue' }, 'Environment replaces the whole map');
  const conflict = await expectError(lambda.send(new L.UpdateFunctionConfigurationCommand({ FunctionName: 'fn-update', Description: 'x' })),
    'ResourceConflictException', 409);
  assert.equal(conflict.message, 'The operation cannot be performed at this time. An update is in progress for resource: arn:aws:lambda:us-east-1:000000000000:function:fn-update');
  await expectError(lambda.send(new L.PublishVersionCommand({ FunctionName: 'fn-update' })), 'ResourceConflictException', 409);
  const during = await invoke(lambda, 'fn-update');
  assert.equal(during.json.color, 'red', 'invocations run the previous configuration until the update completes');

  const after = await waitFor(lambda, 'fn-update', 'LastUpdateStatus', 'Successful');
  assert.equal(after.State, 'Active');
  const strip = ({ Environment, RevisionId, LastModified, $metadata, ...rest }) => rest;
  assert.deepEqual(strip(after), strip(before), 'nothing but the environment changed');
  const next = await invoke(lambda, 'fn-update');
  assert.equal(next.json.color, 'blue', 'the new environment takes effect at the next cold start');
  assert.notEqual(next.json.pid, first.json.pid, 'a new container');
  assert.equal(next.json.endpoint, sb.endpoint);
  assert.equal(next.json.sdk, 'function', 'the AWS SDK is available without bundling');
});

test('PublishVersion locks the environment; aliases route to versions; RevisionId on aliases', async () => {
  const lambda = sb.lambda();
  const c = await create(lambda, 'fn-versions');
  const v1 = await lambda.send(new L.PublishVersionCommand({ FunctionName: 'fn-versions', Description: 'first' }));
  assert.equal(v1.Version, '1');
  assert.equal(v1.FunctionArn, 'arn:aws:lambda:us-east-1:000000000000:function:fn-versions:1');
  const same = await lambda.send(new L.PublishVersionCommand({ FunctionName: 'fn-versions' }));
  assert.equal(same.Version, '1', 'nothing changed, so no new version');
  await lambda.send(new L.UpdateFunctionConfigurationCommand({ FunctionName: 'fn-versions', Environment: { Variables: { COLOR: 'green' } } }));
  const settled = await waitFor(lambda, 'fn-versions', 'LastUpdateStatus', 'Successful');
  await expectError(lambda.send(new L.PublishVersionCommand({ FunctionName: 'fn-versions', RevisionId: c.RevisionId })), 'PreconditionFailedException', 412);
  const v2 = await lambda.send(new L.PublishVersionCommand({ FunctionName: 'fn-versions', RevisionId: settled.RevisionId }));
  assert.equal(v2.Version, '2');

  const locked = await lambda.send(new L.GetFunctionConfigurationCommand({ FunctionName: 'fn-versions', Qualifier: '1' }));
  assert.deepEqual(locked.Environment.Variables, { COLOR: 'red', KEEP: 'me' });
  const r1 = await invoke(lambda, 'fn-versions', {}, { Qualifier: '1' });
  assert.equal(r1.ExecutedVersion, '1');
  assert.deepEqual([r1.json.color, r1.json.version, r1.json.contextVersion], ['red', '1', '1']);

  const versions = await lambda.send(new L.ListVersionsByFunctionCommand({ FunctionName: 'fn-versions' }));
  assert.deepEqual(versions.Versions.map((v) => v.Version), ['$LATEST', '1', '2']);

  const alias = await lambda.send(new L.CreateAliasCommand({ FunctionName: 'fn-versions', Name: 'live', FunctionVersion: '1' }));
  assert.equal(alias.AliasArn, 'arn:aws:lambda:us-east-1:000000000000:function:fn-versions:live');
  await expectError(lambda.send(new L.CreateAliasCommand({ FunctionName: 'fn-versions', Name: 'live', FunctionVersion: '1' })), 'ResourceConflictException', 409);
  await expectError(lambda.send(new L.CreateAliasCommand({ FunctionName: 'fn-versions', Name: 'bad', FunctionVersion: '7' })), 'ResourceNotFoundException', 404);
  const viaAlias = await invoke(lambda, 'fn-versions', {}, { Qualifier: 'live' });
  assert.deepEqual([viaAlias.ExecutedVersion, viaAlias.json.color], ['1', 'red']);
  await expectError(lambda.send(new L.UpdateAliasCommand({ FunctionName: 'fn-versions', Name: 'live', FunctionVersion: '2', RevisionId: 'stale' })),
    'PreconditionFailedException', 412);
  const moved = await lambda.send(new L.UpdateAliasCommand({ FunctionName: 'fn-versions', Name: 'live', FunctionVersion: '2', RevisionId: alias.RevisionId }));
  assert.notEqual(moved.RevisionId, alias.RevisionId);
  assert.equal((await lambda.send(new L.GetAliasCommand({ FunctionName: 'fn-versions', Name: 'live' }))).FunctionVersion, '2');
  const viaArn = await invoke(lambda, 'arn:aws:lambda:us-east-1:000000000000:function:fn-versions:live');
  assert.deepEqual([viaArn.ExecutedVersion, viaArn.json.color], ['2', 'green']);
  await lambda.send(new L.CreateAliasCommand({ FunctionName: 'fn-versions', Name: 'old', FunctionVersion: '1' }));
  const aliases = await lambda.send(new L.ListAliasesCommand({ FunctionName: 'fn-versions' }));
  assert.deepEqual(aliases.Aliases.map((a) => [a.Name, a.FunctionVersion]), [['live', '2'], ['old', '1']]);
  await expectError(lambda.send(new L.DeleteFunctionCommand({ FunctionName: 'fn-versions', Qualifier: '1' })), 'ResourceConflictException', 409);
  await lambda.send(new L.DeleteAliasCommand({ FunctionName: 'fn-versions', Name: 'old' }));
  await expectError(lambda.send(new L.GetAliasCommand({ FunctionName: 'fn-versions', Name: 'old' })), 'ResourceNotFoundException', 404);
  await lambda.send(new L.DeleteFunctionCommand({ FunctionName: 'fn-versions', Qualifier: '1' }));
  const left = await lambda.send(new L.ListVersionsByFunctionCommand({ FunctionName: 'fn-versions' }));
  assert.deepEqual(left.Versions.map((v) => v.Version), ['$LATEST', '2']);
});

test('Invoke: unhandled errors, timeouts, log tail, logs kept out of the sandbox output', async () => {
  const lambda = sb.lambda();
  await create(lambda, 'fn-invoke', { Timeout: 1 });
  const failed = await invoke(lambda, 'fn-invoke', { fail: 'boom' });
  assert.equal(failed.StatusCode, 200);
  assert.equal(failed.FunctionError, 'Unhandled');
  assert.equal(failed.json.errorType, 'Error');
  assert.equal(failed.json.errorMessage, 'deliberate failure: boom');
  assert.ok(Array.isArray(failed.json.trace) && failed.json.trace[0] === 'Error: deliberate failure: boom');

  const slow = await invoke(lambda, 'fn-invoke', { sleepMs: 3000 });
  assert.equal(slow.FunctionError, 'Unhandled');
  assert.match(slow.json.errorMessage, /Task timed out after 1\.00 seconds/);
  const ok = await invoke(lambda, 'fn-invoke', { hello: 'tail' }, { LogType: 'Tail' });
  assert.equal(ok.FunctionError, undefined);
  assert.equal(ok.ExecutedVersion, '$LATEST');
  const tail = Buffer.from(ok.LogResult, 'base64').toString('utf8');
  assert.match(tail, /handler-log-marker \{"hello":"tail"\}/);
  assert.match(tail, /REPORT RequestId: /);

  const dry = await lambda.send(new L.InvokeCommand({ FunctionName: 'fn-invoke', InvocationType: 'DryRun' }));
  assert.equal(dry.StatusCode, 204);
  const evt = await lambda.send(new L.InvokeCommand({ FunctionName: 'fn-invoke', InvocationType: 'Event', Payload: Buffer.from('{}') }));
  assert.equal(evt.StatusCode, 202);
  await expectError(lambda.send(new L.InvokeCommand({ FunctionName: 'fn-invoke', Payload: Buffer.from('{not json') })), 'InvalidRequestContentException', 400);
  await expectError(lambda.send(new L.InvokeCommand({ FunctionName: 'fn-invoke', Qualifier: 'nope' })), 'ResourceNotFoundException', 404);

  const log = fs.readFileSync(path.join(LOG_DIR, 'fn-invoke.log'), 'utf8');
  assert.match(log, /handler-log-marker/);
  assert.match(log, /Task timed out after 1\.00 seconds/);
  const serverLog = fs.readFileSync(`${sb.pidFile}.log`, 'utf8');
  assert.doesNotMatch(serverLog, /handler-log-marker/);
});

test('Invoke: many concurrent invocations share a small pool of warm containers', async () => {
  const lambda = sb.lambda();
  await create(lambda, 'fn-concurrent', { Timeout: 10 });
  const results = await Promise.all(Array.from({ length: 60 }, (_, i) => invoke(lambda, 'fn-concurrent', { sleepMs: 50, i })));
  assert.ok(results.every((r) => !r.FunctionError && r.json.color === 'red'));
  const pids = new Set(results.map((r) => r.json.pid));
  assert.ok(pids.size > 1 && pids.size <= 8, `${pids.size} containers`);
});

test('ListFunctions pages with MaxItems/Marker; FunctionVersion=ALL adds versions; DeleteFunction', async () => {
  const lambda = sb.lambda();
  for (const n of ['page-a', 'page-b', 'page-c']) await create(lambda, n);
  await lambda.send(new L.PublishVersionCommand({ FunctionName: 'page-b' }));
  const names = [];
  let Marker;
  let pages = 0;
  do {
    const page = await lambda.send(new L.ListFunctionsCommand({ MaxItems: 2, Marker }));
    assert.ok(page.Functions.length <= 2);
    names.push(...page.Functions.map((f) => f.FunctionName));
    Marker = page.NextMarker;
    pages++;
  } while (Marker);
  assert.ok(pages >= 2);
  assert.deepEqual(names.filter((n) => n.startsWith('page-')), ['page-a', 'page-b', 'page-c']);
  assert.equal(new Set(names).size, names.length, 'no function listed twice');
  const all = [];
  for await (const page of L.paginateListFunctions({ client: lambda, pageSize: 3 }, { FunctionVersion: 'ALL' })) all.push(...page.Functions);
  assert.deepEqual(all.filter((f) => f.FunctionName === 'page-b').map((f) => f.Version), ['$LATEST', '1']);
  await lambda.send(new L.DeleteFunctionCommand({ FunctionName: 'page-c' }));
  await expectError(lambda.send(new L.GetFunctionCommand({ FunctionName: 'page-c' })), 'ResourceNotFoundException', 404);
  await expectError(lambda.send(new L.DeleteFunctionCommand({ FunctionName: 'page-c' })), 'ResourceNotFoundException', 404);
});

test('event source mappings: empty until created, then stored and listed by function', async () => {
  const lambda = sb.lambda();
  await create(lambda, 'fn-esm');
  const none = await lambda.send(new L.ListEventSourceMappingsCommand({ FunctionName: 'fn-esm' }));
  assert.deepEqual(none.EventSourceMappings, []);
  const { CreateTableCommand } = require('@aws-sdk/client-dynamodb');
  const table = await sb.dynamodb().send(new CreateTableCommand({
    TableName: 'esm-listed', BillingMode: 'PAY_PER_REQUEST', StreamSpecification: { StreamEnabled: true, StreamViewType: 'KEYS_ONLY' },
    AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
  }));
  const streamArn = table.TableDescription.LatestStreamArn;
  const m = await lambda.send(new L.CreateEventSourceMappingCommand({ FunctionName: 'fn-esm', EventSourceArn: streamArn, StartingPosition: 'LATEST' }));
  assert.equal(m.State, 'Creating');
  assert.equal(m.EventSourceArn, streamArn);
  const listed = await lambda.send(new L.ListEventSourceMappingsCommand({ FunctionName: 'fn-esm' }));
  assert.deepEqual(listed.EventSourceMappings.map((x) => x.UUID), [m.UUID]);
  const byArn = await lambda.send(new L.ListEventSourceMappingsCommand({ EventSourceArn: streamArn }));
  assert.equal(byArn.EventSourceMappings.length, 1);
  await new Promise((r) => setTimeout(r, UPDATE_DELAY_MS + 100));
  assert.equal((await lambda.send(new L.DeleteEventSourceMappingCommand({ UUID: m.UUID }))).State, 'Deleting');
  await new Promise((r) => setTimeout(r, UPDATE_DELAY_MS + 100));
  assert.deepEqual((await lambda.send(new L.ListEventSourceMappingsCommand({ FunctionName: 'fn-esm' }))).EventSourceMappings, []);
});

test('awscli v2 (/usr/bin/aws) drives the same operations', async () => {
  // Each awscli run costs about a second of CPU, so independent calls run side by side.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ddbmv-cli-'));
  try {
    const zipFile = path.join(dir, 'fn.zip');
    fs.writeFileSync(zipFile, zip());
    const aws = async (...args) => sb.aws(['lambda', ...args]);
    const ok = (r) => { assert.equal(r.code, 0, r.stderr); return r.json; };
    const fails = (r, code) => { assert.notEqual(r.code, 0, `expected ${code}`); assert.match(r.stderr, new RegExp(code)); };

    const created = ok(await aws('create-function', '--function-name', 'cli-fn', '--runtime', 'nodejs20.x', '--role', ROLE,
      '--handler', 'index.handler', '--zip-file', `fileb://${zipFile}`, '--environment', 'Variables={COLOR=red,KEEP=me}'));
    assert.equal(created.State, 'Pending');
    await waitFor(sb.lambda(), 'cli-fn', 'State', 'Active'); // polls faster than `aws lambda wait`
    const [fn, cfg, list, stale, missing] = await Promise.all([
      aws('get-function', '--function-name', 'cli-fn'),
      aws('get-function-configuration', '--function-name', 'cli-fn', '--qualifier', '$LATEST'),
      aws('list-functions', '--max-items', '50'),
      aws('update-function-configuration', '--function-name', 'cli-fn', '--environment', 'Variables={COLOR=blue}', '--revision-id', 'stale-revision'),
      aws('get-function', '--function-name', 'cli-no-such-fn'),
    ]);
    assert.equal(ok(fn).Configuration.State, 'Active');
    assert.deepEqual(ok(cfg).Environment.Variables, { COLOR: 'red', KEEP: 'me' });
    assert.ok(ok(list).Functions.some((f) => f.FunctionName === 'cli-fn'));
    fails(stale, 'PreconditionFailedException');
    fails(missing, 'ResourceNotFoundException');

    const updated = ok(await aws('update-function-configuration', '--function-name', 'cli-fn', '--environment', 'Variables={COLOR=blue}',
      '--revision-id', ok(fn).Configuration.RevisionId));
    assert.equal(updated.LastUpdateStatus, 'InProgress');
    assert.deepEqual(updated.Environment.Variables, { COLOR: 'blue' });
    const settled = await waitFor(sb.lambda(), 'cli-fn', 'LastUpdateStatus', 'Successful');

    // An update from awscli while another is in progress. awscli takes a second or more to start,
    // longer than the update delay, so a proxy in front of the sandbox makes the competing update
    // (SDK) just before it forwards awscli's request, unchanged and still validly signed.
    let competing = null;
    const proxy = await startProxy(sb.endpoint, async () => {
      competing = competing || sb.lambda().send(new L.UpdateFunctionConfigurationCommand({
        FunctionName: 'cli-fn', Description: 'competing', RevisionId: settled.RevisionId,
      }));
      await competing;
    });
    try {
      const r = await run(AWS_CLI, ['lambda', 'update-function-configuration', '--function-name', 'cli-fn', '--description', 'late',
        '--endpoint-url', proxy.url, '--output', 'json'], { env: sb.childEnv() });
      fails(r, 'ResourceConflictException');
      assert.match(r.stderr, /An update is in progress for resource: arn:aws:lambda:us-east-1:000000000000:function:cli-fn/);
    } finally {
      await proxy.close();
    }
    assert.equal((await competing).LastUpdateStatus, 'InProgress');
    await waitFor(sb.lambda(), 'cli-fn', 'LastUpdateStatus', 'Successful');

    assert.equal(ok(await aws('publish-version', '--function-name', 'cli-fn')).Version, '1');
    const alias = ok(await aws('create-alias', '--function-name', 'cli-fn', '--name', 'live', '--function-version', '1'));
    const out1 = path.join(dir, 'out1.json');
    const out2 = path.join(dir, 'out2.json');
    const [versions, aliases, got, staleAlias, esm, viaAlias, failed] = await Promise.all([
      aws('list-versions-by-function', '--function-name', 'cli-fn'),
      aws('list-aliases', '--function-name', 'cli-fn'),
      aws('get-alias', '--function-name', 'cli-fn', '--name', 'live'),
      aws('update-alias', '--function-name', 'cli-fn', '--name', 'live', '--function-version', '$LATEST', '--revision-id', 'stale'),
      aws('list-event-source-mappings', '--function-name', 'cli-fn'),
      aws('invoke', '--function-name', 'cli-fn', '--qualifier', 'live', '--cli-binary-format', 'raw-in-base64-out', '--payload', '{"x":1}', out1),
      aws('invoke', '--function-name', 'cli-fn', '--cli-binary-format', 'raw-in-base64-out', '--payload', '{"fail":"cli"}', out2),
    ]);
    assert.deepEqual(ok(versions).Versions.map((v) => v.Version), ['$LATEST', '1']);
    assert.deepEqual(ok(aliases).Aliases.map((a) => a.Name), ['live']);
    assert.equal(ok(got).RevisionId, alias.RevisionId);
    fails(staleAlias, 'PreconditionFailedException');
    assert.deepEqual(ok(esm).EventSourceMappings, []);
    assert.equal(ok(viaAlias).ExecutedVersion, '1');
    assert.equal(JSON.parse(fs.readFileSync(out1, 'utf8')).color, 'blue');
    assert.equal(ok(failed).FunctionError, 'Unhandled');
    assert.equal(JSON.parse(fs.readFileSync(out2, 'utf8')).errorMessage, 'deliberate failure: cli');

    const [movedAlias, deleted] = await Promise.all([
      aws('update-alias', '--function-name', 'cli-fn', '--name', 'live', '--function-version', '$LATEST', '--revision-id', alias.RevisionId),
      aws('delete-alias', '--function-name', 'cli-fn', '--name', 'other-alias'),
    ]);
    assert.equal(ok(movedAlias).FunctionVersion, '$LATEST');
    fails(deleted, 'ResourceNotFoundException');
    ok(await aws('delete-alias', '--function-name', 'cli-fn', '--name', 'live'));
    ok(await aws('delete-function', '--function-name', 'cli-fn'));
    await expectError(sb.lambda().send(new L.GetFunctionCommand({ FunctionName: 'cli-fn' })), 'ResourceNotFoundException', 404);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
