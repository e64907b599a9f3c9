'use strict';
// The sandbox server process (started detached by sandbox/start): starts DynamoDB Local, the
// Lambda service and the front door, loads the scenario, then writes the ready file.

const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');
const { parseArgs, PRINCIPALS, SANDBOX_ROOT } = require('./config');
const { startDynamoDbLocal } = require('./dynamodb/local-process');
const { createLocalClient } = require('./dynamodb/local-client');
const { createVerifier } = require('./sigv4');
const { createFaults } = require('./faults');
const { createStats } = require('./stats');
const { createArnMapper } = require('./dynamodb/arn');
const { createState } = require('./dynamodb/state');
const { createDynamoDb } = require('./dynamodb');
const { createStreamsClient } = require('./dynamodb/streams-client');
const { createAdmin } = require('./admin');
const { createAutoScaling } = require('./autoscaling');
const { createCloudWatch } = require('./cloudwatch');
const { createFrontDoor } = require('./server');
const { createLambdaService } = require('./lambda');
const { loadScenario, resetAccount } = require('./scenario');
const { createIam } = require('./iam');
const resourcePolicies = require('./dynamodb/resource-policies');

function log(msg) { process.stderr.write(`${new Date().toISOString()} ${msg}\n`); }

async function main() {
  const cfg = parseArgs(process.argv.slice(2));
  let ddbLocal = null;
  let lambda = null;
  let server = null;
  let state = null;
  let ownServices = [];
  let stopping = false;

  async function shutdown(code) {
    if (stopping) return;
    stopping = true;
    log('stopping');
    try { if (server) server.close(); } catch { /* ignore */ }
    try { if (lambda) await Promise.race([lambda.close(), new Promise((r) => setTimeout(r, 2000))]); } catch (e) { log(`lambda close: ${e.message}`); }
    try { if (state) state.flush(); } catch (e) { log(`saving state: ${e.message}`); }
    try { for (const s of ownServices) s.flush(); } catch (e) { log(`saving state: ${e.message}`); }
    if (ddbLocal) ddbLocal.stop();
    process.exit(code);
  }
  process.on('SIGTERM', () => shutdown(0));
  process.on('SIGINT', () => shutdown(0));
  process.on('SIGHUP', () => shutdown(0));
  process.on('exit', () => { if (ddbLocal) ddbLocal.stop(); });
  process.on('uncaughtException', (e) => { log(`uncaught: ${e.stack || e}`); shutdown(1); });

  if (cfg.dataDir) fs.mkdirSync(cfg.dataDir, { recursive: true });
  const ddbStarting = startDynamoDbLocal({ dbPath: cfg.dataDir ? path.join(cfg.dataDir, 'dynamodb') : null, log });

  const faults = createFaults({
    throttleRate: cfg.throttleRate, errorRate: cfg.errorRate, unprocessedRate: cfg.unprocessedRate,
    latencyMs: cfg.latencyMs, operations: cfg.faultOps,
  }, cfg.faultSeed);
  const stats = createStats();
  const arns = createArnMapper(cfg.region, cfg.accountId);
  state = createState(cfg.dataDir ? path.join(cfg.dataDir, 'frontdoor') : null);

  // Listen first so the port is known; requests wait for DynamoDB Local through `ready`.
  let port = cfg.port;
  let handlerReady;
  const ready = new Promise((r) => { handlerReady = r; });
  const pending = createPendingServer(ready);
  server = pending.server;
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  port = server.address().port;
  const endpointUrl = `http://127.0.0.1:${port}`;

  ddbLocal = await ddbStarting;
  log(`DynamoDB Local on port ${ddbLocal.port}`);
  const local = createLocalClient(ddbLocal.port);
  const ctx = { local, state, arns, region: cfg.region, accountId: cfg.accountId, random: () => faults.random() };
  const iam = createIam({
    accountId: cfg.accountId, region: cfg.region, dataDir: cfg.dataDir ? path.join(cfg.dataDir, 'iam') : null,
    fixedPrincipals: PRINCIPALS, ddb: { local, policyFor: (arn) => resourcePolicies.policyFor(ctx, arn) },
  });
  ctx.iam = iam;

  lambda = createLambdaService({
    region: cfg.region, accountId: cfg.accountId, endpointUrl,
    // Each container gets temporary credentials of its function's execution role, as on AWS.
    credentials: (rec, name) => iam.lambdaRoles.credentialsFor(rec.Role, name),
    dataDir: cfg.dataDir ? path.join(cfg.dataDir, 'lambda') : null,
    updateDelayMs: cfg.lambdaUpdateDelayMs,
    sandboxRoot: SANDBOX_ROOT,
    streams: createStreamsClient(ctx), log,
    // Mappings read streams as their function's execution role, as on AWS.
    // (ListStreams is account-wide: IAM authorizes it on resource `*`.)
    authorizeStreamRead: (roleArn, action, streamArn) =>
      iam.authorizeRole(roleArn, action, action === 'dynamodb:ListStreams' ? '*' : streamArn),
  });

  const dynamodb = createDynamoDb(ctx);
  const own = { dataDir: cfg.dataDir ? path.join(cfg.dataDir, 'frontdoor') : null, region: cfg.region, accountId: cfg.accountId, local };
  const cloudwatch = createCloudWatch(own);
  const services = { CloudWatch: cloudwatch, ApplicationAutoScaling: createAutoScaling(own, cloudwatch.alarms) };
  ctx.services = ownServices = Object.values(services);
  ctx.own = services;
  const admin = createAdmin({
    faults, stats, log,
    reset: async (scenario) => {
      const reset = await resetAccount(ctx, lambda);
      return { ...reset, loaded: await loadScenario(ctx, lambda, scenario) };
    },
    load: async (scenario) => ({ loaded: await loadScenario(ctx, lambda, scenario) }),
    routes: { 'GET /_sandbox/event-source-mappings': async () => ({ mappings: lambda.mappingFacts() }) },
  });
  const frontDoor = createFrontDoor({
    verifier: createVerifier(PRINCIPALS, { lookupSession: iam.lookupSession }), faults, stats, dynamodb, lambda, iam, admin, log, services,
  });
  handlerReady(frontDoor);

  if (cfg.scenario) {
    const t0 = Date.now();
    const summary = await loadScenario(ctx, lambda, cfg.scenario);
    log(`scenario ${cfg.scenario} loaded in ${Date.now() - t0} ms: ${summary.tables.length} tables, ${summary.items} items, ${summary.functions} functions`);
  }
  log(`front door on ${endpointUrl} (region ${cfg.region}, account ${cfg.accountId})`);
  if (cfg.readyFile) {
    const tmp = `${cfg.readyFile}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify({ port, pid: process.pid, region: cfg.region, accountId: cfg.accountId }));
    fs.renameSync(tmp, cfg.readyFile);
  }
}

/** An http.Server that listens at once and passes requests on once the front door exists. */
function createPendingServer(ready) {
  let listener = null;
  ready.then((onRequest) => { listener = onRequest; });
  const server = http.createServer({ keepAliveTimeout: 65000 }, (req, res) => {
    if (listener) return listener(req, res);
    return ready.then((onRequest) => onRequest(req, res));
  });
  server.headersTimeout = 70000;
  return { server };
}

main().catch((e) => {
  log(`sandbox failed to start: ${e.stack || e}`);
  process.exit(1);
});
