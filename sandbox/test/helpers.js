'use strict';
// Shared test helpers: start a private sandbox on a free port, talk to it through real clients,
// stop it by PID. Usage in a test file:
//
//   const { useSandbox } = require('./helpers');
//   const sb = useSandbox({ args: ['--scenario', file] });   // registers before/after hooks
//   test('...', async () => { const ddb = sb.dynamodb(); ... });
//
// or, without hooks: `const sb = await startSandbox(opts); ...; await sb.stop();`

const { execFile } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const SANDBOX_DIR = path.resolve(__dirname, '..');
const START = path.join(SANDBOX_DIR, 'start');
const STOP = path.join(SANDBOX_DIR, 'stop');
/** Debian's awscli v2; a pip-installed v1 may shadow `aws` on PATH. */
const AWS_CLI = '/usr/bin/aws';

const PRIMARY = { accessKeyId: 'AKIASANDBOXPRIMARY01', secretAccessKey: 'sandbox/primary/secret/key/000000000000001' };
const SECOND = { accessKeyId: 'AKIASANDBOXSECOND002', secretAccessKey: 'sandbox/second/secret/key/0000000000000002' };

function run(file, args, options = {}) {
  return new Promise((resolve) => {
    execFile(file, args, { maxBuffer: 64 * 1024 * 1024, ...options }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
    });
  });
}

/** Parses the `export NAME=value` lines that `sandbox/start --env` prints. */
function parseExports(text) {
  const env = {};
  for (const line of text.split('\n')) {
    const m = /^export ([A-Z_]+)=(.*)$/.exec(line.trim());
    if (m) env[m[1]] = m[2];
  }
  return env;
}

/**
 * Starts a sandbox on a free port with its own pid file. Resolves to a handle with the printed
 * environment and client factories; rejects with start's output if it fails.
 */
async function startSandbox({ args = [] } = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ddbmv-sandbox-test-'));
  const pidFile = path.join(dir, 'sandbox.pid');
  const started = await run(START, ['--env', '--port', '0', '--pid-file', pidFile, ...args]);
  if (started.code !== 0) {
    throw new Error(`sandbox/start failed (${started.code}):\n${started.stdout}\n${started.stderr}`);
  }
  const env = parseExports(started.stdout);
  const sb = {
    dir, pidFile, env,
    pid: Number(env.SANDBOX_PID),
    endpoint: env.AWS_ENDPOINT_URL,
    adminUrl: env.SANDBOX_ADMIN_URL,
    region: env.AWS_REGION,
    credentials: { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY },
    startOutput: started.stdout,

    /** Stops the sandbox by its PID (sandbox/stop with this sandbox's pid file). */
    async stop() {
      const r = await run(STOP, ['--pid-file', pidFile]);
      fs.rmSync(dir, { recursive: true, force: true });
      return r;
    },

    /** Calls the admin endpoint; resolves to { status, body } with body parsed as JSON when possible. */
    async admin(method, urlPath, body) {
      const res = await fetch(sb.adminUrl + urlPath, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      let parsed = text;
      try { parsed = JSON.parse(text); } catch { /* keep text */ }
      return { status: res.status, body: parsed };
    },

    async stats() { return (await sb.admin('GET', '/stats')).body.requests; },
    async resetStats() { return sb.admin('POST', '/stats/reset', {}); },
    async setFaults(faults) { return sb.admin('POST', '/faults', faults); },

    clientConfig(overrides = {}) {
      return { endpoint: sb.endpoint, region: sb.region, credentials: sb.credentials, ...overrides };
    },
    dynamodb(overrides) {
      const { DynamoDBClient } = require('@aws-sdk/client-dynamodb');
      return new DynamoDBClient(sb.clientConfig(overrides));
    },
    streams(overrides) {
      const { DynamoDBStreamsClient } = require('@aws-sdk/client-dynamodb-streams');
      return new DynamoDBStreamsClient(sb.clientConfig(overrides));
    },
    lambda(overrides) {
      const { LambdaClient } = require('@aws-sdk/client-lambda');
      return new LambdaClient(sb.clientConfig(overrides));
    },

    /** Environment for a child process (awscli, handlers) isolated from the user's AWS config. */
    childEnv(credentials = sb.credentials) {
      return {
        PATH: process.env.PATH,
        HOME: dir,
        AWS_CONFIG_FILE: path.join(dir, 'no-config'),
        AWS_SHARED_CREDENTIALS_FILE: path.join(dir, 'no-credentials'),
        AWS_ACCESS_KEY_ID: credentials.accessKeyId,
        AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
        AWS_REGION: sb.region,
        AWS_DEFAULT_REGION: sb.region,
        AWS_ENDPOINT_URL: sb.endpoint,
        AWS_PAGER: '',
      };
    },

    /**
     * Runs Debian's awscli v2 against the sandbox (`--endpoint-url` is added: awscli 2.9 predates
     * AWS_ENDPOINT_URL). Resolves to { code, stdout, stderr, json }.
     */
    async aws(args, { credentials } = {}) {
      const r = await run(AWS_CLI, [...args, '--endpoint-url', sb.endpoint, '--output', 'json'],
        { env: sb.childEnv(credentials) });
      try { r.json = r.stdout.trim() ? JSON.parse(r.stdout) : null; } catch { r.json = undefined; }
      return r;
    },
  };
  return sb;
}

/**
 * Registers node:test before/after hooks that start a sandbox and stop it by PID. Returns an
 * object whose fields are filled in once `before` has run. Put per-file setup in
 * `opts.setup(sb)` (runs inside the same hook; a second root `before` may run concurrently).
 */
function useSandbox(opts = {}) {
  const { before, after } = require('node:test');
  const holder = {};
  before(async () => {
    const sb = await startSandbox(opts);
    Object.assign(holder, sb);
    if (opts.setup) await opts.setup(holder);
  }, { timeout: 90000 });
  after(async () => {
    if (holder.stop) await holder.stop();
  });
  return holder;
}

/** Creates a role Lambda may assume, allowed everything (for tests about something else). */
async function createExecutionRole(sb, RoleName) {
  const I = require('@aws-sdk/client-iam');
  const iam = new I.IAMClient(sb.clientConfig());
  await iam.send(new I.CreateRoleCommand({
    RoleName,
    AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] }),
  }));
  await iam.send(new I.PutRolePolicyCommand({
    RoleName, PolicyName: 'everything', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }),
  }));
  return `arn:aws:iam::000000000000:role/${RoleName}`;
}

module.exports = { createExecutionRole, startSandbox, useSandbox, parseExports, run, PRIMARY, SECOND, AWS_CLI, SANDBOX_DIR };
