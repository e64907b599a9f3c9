'use strict';
// Runs invocations in warm containers: Node.js child processes (runtime.js), pooled per
// (function, version, configuration revision). A pool grows on demand up to `poolCap`
// containers (and all pools together up to `totalCap`); beyond that invocations queue. When a
// function's configuration changes, its old pool turns stale: new invocations go to a new pool
// (a cold start with the new environment) and the old containers are killed once idle.

const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { fork } = require('node:child_process');
const { LambdaError } = require('./errors');

const RUNTIME = path.join(__dirname, 'runtime.js');
const INIT_TIMEOUT_MS = 10000;
const LOG_TAIL_BYTES = 4096;

class Invoker {
  /**
   * @param {object} o
   * @param {string} o.region @param {string} o.endpointUrl
   * @param {{accessKeyId,secretAccessKey,sessionToken?}|function(rec, name)} o.credentials  a container's
   *   AWS credentials, or a function giving them per container (the execution role's session)
   * @param {string} o.sandboxRoot @param {string} o.logDir @param {string} o.workDir
   * @param {(name:string, version:string)=>string} o.codeDirOf  code folder of a record
   */
  constructor({ region, endpointUrl, credentials, sandboxRoot, logDir, workDir, poolCap = 8, totalCap = 48, idleMs = 60000, queueMax = 2000 }) {
    Object.assign(this, { region, endpointUrl, credentials, sandboxRoot, logDir, workDir, poolCap, totalCap, idleMs, queueMax });
    this.pools = new Map();
    this.total = 0;
    this.logFds = new Map();
    this.reaper = setInterval(() => this.reap(), Math.min(5000, idleMs));
    this.reaper.unref();
  }

  // ---- public ------------------------------------------------------------------------------

  /**
   * Runs one invocation of `target` ({ fn, rec, version, invokedArn, codeDir }). Resolves to
   * { payload } or { error } (the function's error payload), plus `logTail` when asked.
   */
  invoke(target, eventText, { clientContext, tail = false } = {}) {
    const pool = this.pool(target);
    if (pool.queue.length >= this.queueMax) {
      throw new LambdaError('TooManyRequestsException', 'Rate Exceeded.', { Reason: 'ReservedFunctionConcurrentInvocationLimitExceeded' });
    }
    return new Promise((resolve) => {
      pool.queue.push({ id: crypto.randomUUID(), eventText, clientContext, tail, resolve, done: false });
      this.pump(pool);
    });
  }

  /** Called when a function changed or vanished: pools that no longer match `isCurrent` go stale. */
  refresh(name, isCurrent) {
    for (const pool of this.pools.values()) {
      if (pool.name !== name || pool.stale || isCurrent(pool.version, pool.revision)) continue;
      pool.stale = true;
      for (const w of [...pool.idle]) this.retire(w);
      this.dropIfEmpty(pool);
    }
  }

  /** Kills every container of `name` (the function was deleted); queued invocations fail. */
  killFunction(name) {
    for (const pool of [...this.pools.values()]) {
      if (pool.name !== name) continue;
      pool.stale = true;
      for (const job of pool.queue.splice(0)) {
        this.complete(pool, job, { error: runtimeError('ResourceNotFoundException', `Function not found: ${name}`) }, null);
      }
      for (const w of [...pool.workers]) this.retire(w);
      this.pools.delete(pool.key);
    }
    const fd = this.logFds.get(name);
    if (fd !== undefined) { fs.closeSync(fd); this.logFds.delete(name); }
  }

  close() {
    clearInterval(this.reaper);
    for (const name of new Set([...this.pools.values()].map((p) => p.name))) this.killFunction(name);
    for (const fd of this.logFds.values()) fs.closeSync(fd);
    this.logFds.clear();
  }

  logPath(name) { return path.join(this.logDir, `${name}.log`); }

  // ---- pools -------------------------------------------------------------------------------

  pool(target) {
    const key = `${target.fn.name}\u0000${target.version}\u0000${target.rec.RevisionId}`;
    let pool = this.pools.get(key);
    if (!pool) {
      pool = {
        key, name: target.fn.name, version: target.version, revision: target.rec.RevisionId,
        rec: structuredClone(target.rec), codeDir: target.codeDir, invokedArn: target.invokedArn,
        workers: new Set(), idle: [], starting: 0, queue: [], stale: false,
      };
      this.pools.set(key, pool);
    }
    return pool;
  }

  pump(pool) {
    while (pool.queue.length && pool.idle.length) this.dispatch(pool.idle.pop(), pool.queue.shift());
    let need = pool.queue.length - pool.starting;
    while (need > 0 && pool.workers.size < this.poolCap) {
      if (this.total >= this.totalCap && !this.evictIdle(pool)) break;
      this.spawn(pool);
      need--;
    }
  }

  pumpAll() { for (const pool of [...this.pools.values()]) if (pool.queue.length) this.pump(pool); }

  evictIdle(except) {
    let oldest = null;
    for (const pool of this.pools.values()) {
      if (pool === except) continue;
      for (const w of pool.idle) if (!oldest || w.lastUsed < oldest.lastUsed) oldest = w;
    }
    if (!oldest) return false;
    this.retire(oldest);
    return true;
  }

  dropIfEmpty(pool) {
    if (pool.stale && pool.workers.size === 0 && pool.queue.length === 0) this.pools.delete(pool.key);
  }

  reap() {
    const now = Date.now();
    for (const pool of [...this.pools.values()]) {
      for (const w of [...pool.idle]) if (pool.stale || now - w.lastUsed > this.idleMs) this.retire(w);
      if (pool.workers.size === 0 && pool.queue.length === 0) this.pools.delete(pool.key);
    }
  }

  // ---- containers --------------------------------------------------------------------------

  env(pool) {
    const { rec, name, version } = pool;
    const creds = typeof this.credentials === 'function' ? this.credentials(rec, name) : this.credentials;
    const day = new Date().toISOString().slice(0, 10).replace(/-/g, '/');
    return {
      PATH: process.env.PATH || '/usr/local/bin:/usr/bin:/bin',
      LANG: 'en_US.UTF-8',
      TZ: ':UTC',
      NODE_PATH: path.join(this.sandboxRoot, 'node_modules'),
      LAMBDA_TASK_ROOT: pool.codeDir,
      LAMBDA_RUNTIME_DIR: __dirname,
      AWS_CONFIG_FILE: path.join(this.workDir, 'no-aws-config'),
      AWS_SHARED_CREDENTIALS_FILE: path.join(this.workDir, 'no-aws-credentials'),
      AWS_NODEJS_CONNECTION_REUSE_ENABLED: '1',
      ...rec.Variables,
      _HANDLER: rec.Handler,
      AWS_EXECUTION_ENV: `AWS_Lambda_${rec.Runtime}`,
      AWS_LAMBDA_FUNCTION_NAME: name,
      AWS_LAMBDA_FUNCTION_VERSION: version,
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(rec.MemorySize),
      AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${name}`,
      AWS_LAMBDA_LOG_STREAM_NAME: `${day}/[${version}]${crypto.randomBytes(16).toString('hex')}`,
      AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
      AWS_REGION: this.region,
      AWS_DEFAULT_REGION: this.region,
      AWS_ACCESS_KEY_ID: creds.accessKeyId,
      AWS_SECRET_ACCESS_KEY: creds.secretAccessKey,
      ...(creds.sessionToken ? { AWS_SESSION_TOKEN: creds.sessionToken } : {}),
      AWS_ENDPOINT_URL: this.endpointUrl,
    };
  }

  logFd(name) {
    let fd = this.logFds.get(name);
    if (fd === undefined) {
      fs.mkdirSync(this.logDir, { recursive: true });
      fd = fs.openSync(this.logPath(name), 'a');
      this.logFds.set(name, fd);
    }
    return fd;
  }

  log(name, text) {
    try { fs.writeSync(this.logFd(name), text); } catch { /* logging never fails an invocation */ }
  }

  spawn(pool) {
    const started = Date.now();
    const proc = fork(RUNTIME, [], {
      cwd: pool.codeDir, env: this.env(pool), execArgv: [],
      stdio: ['ignore', this.logFd(pool.name), this.logFd(pool.name), 'ipc'], serialization: 'json',
    });
    const w = { proc, pool, state: 'starting', job: null, timer: null, lastUsed: started, initMs: null, retired: false };
    pool.workers.add(w);
    pool.starting++;
    this.total++;
    // AWS gives init 10 s, then retries it within the invocation's timeout.
    const initLimitMs = INIT_TIMEOUT_MS + pool.rec.Timeout * 1000;
    w.timer = setTimeout(() => {
      this.failHead(pool, runtimeError('Runtime.InitTimeout', `INIT_REPORT Init Duration: ${initLimitMs}.00 ms Phase: init Status: timeout`));
      this.retire(w);
    }, initLimitMs);
    proc.on('message', (msg) => this.onMessage(w, msg, started));
    proc.on('error', () => { /* exit follows */ });
    proc.on('exit', (code, signal) => this.onExit(w, code, signal));
  }

  onMessage(w, msg, started) {
    const pool = w.pool;
    if (msg.t === 'ready' && w.state === 'starting') {
      clearTimeout(w.timer);
      w.initMs = Date.now() - started;
      w.state = 'idle';
      pool.starting--;
      w.lastUsed = Date.now();
      if (pool.stale && pool.queue.length === 0) { this.retire(w); return; }
      this.idle(w);
    } else if (msg.t === 'initError' && w.state === 'starting') {
      clearTimeout(w.timer);
      this.failHead(pool, msg.error);
      this.retire(w);
    } else if (msg.t === 'result' && w.state === 'busy' && w.job && w.job.id === msg.id) {
      clearTimeout(w.timer);
      const job = w.job;
      w.job = null;
      this.complete(pool, job, msg.error ? { error: msg.error } : { payload: msg.payload }, w, msg.logs);
      if (msg.fatal) { this.retire(w); return; }
      w.state = 'idle';
      w.lastUsed = Date.now();
      if (pool.stale && pool.queue.length === 0) { this.retire(w); this.dropIfEmpty(pool); return; }
      this.idle(w);
    }
  }

  /** A container is free: its pool's queue first; at the global cap, pools waiting for room next. */
  idle(w) {
    w.pool.idle.push(w);
    this.pump(w.pool);
    if (this.total >= this.totalCap && w.pool.idle.includes(w)) this.pumpAll();
  }

  onExit(w, code, signal) {
    clearTimeout(w.timer);
    const pool = w.pool;
    const reason = signal ? `signal: ${signal}` : `exit status ${code}`;
    if (w.job && !w.job.done) {
      this.complete(pool, w.job, { error: runtimeError('Runtime.ExitError', `RequestId: ${w.job.id} Error: Runtime exited with error: ${reason}`) }, w);
      w.job = null;
    }
    if (!w.retired && w.state === 'starting') {
      this.failHead(pool, runtimeError('Runtime.ExitError', `Error: Runtime exited with error: ${reason}`));
    }
    this.forget(w);
    this.pump(pool);
    this.pumpAll();
    this.dropIfEmpty(pool);
  }

  /** Takes a container out of service and kills it. */
  retire(w) {
    if (w.retired) return;
    this.forget(w);
    w.retired = true;
    clearTimeout(w.timer);
    try { w.proc.kill('SIGKILL'); } catch { /* already gone */ }
  }

  forget(w) {
    const pool = w.pool;
    if (!pool.workers.has(w)) return;
    pool.workers.delete(w);
    const i = pool.idle.indexOf(w);
    if (i >= 0) pool.idle.splice(i, 1);
    if (w.state === 'starting') pool.starting--;
    w.state = 'dead';
    this.total--;
  }

  /** The invocation that triggered a cold start gets the init failure (as on AWS). */
  failHead(pool, error) {
    const job = pool.queue.shift();
    if (job) this.complete(pool, job, { error }, null);
  }

  dispatch(w, job) {
    const pool = w.pool;
    w.state = 'busy';
    w.job = job;
    job.started = Date.now();
    job.initMs = w.initMs;
    w.initMs = null;
    const timeoutMs = pool.rec.Timeout * 1000;
    const deadline = job.started + timeoutMs;
    this.log(pool.name, `START RequestId: ${job.id} Version: ${pool.version}\n`);
    w.timer = setTimeout(() => {
      const seconds = pool.rec.Timeout.toFixed(2);
      this.log(pool.name, `${new Date().toISOString()} ${job.id} Task timed out after ${seconds} seconds\n`);
      this.complete(pool, job, { error: { errorType: 'Sandbox.Timedout', errorMessage: `RequestId: ${job.id} Error: Task timed out after ${seconds} seconds` } }, w);
      w.job = null;
      this.retire(w);
      this.pump(pool);
    }, timeoutMs);
    w.proc.send({ t: 'invoke', id: job.id, event: job.eventText, deadline, invokedArn: pool.invokedArn, clientContext: job.clientContext });
  }

  complete(pool, job, result, w, logs = '') {
    if (job.done) return;
    job.done = true;
    const ms = job.started ? Date.now() - job.started : 0;
    const report = `END RequestId: ${job.id}\nREPORT RequestId: ${job.id}\tDuration: ${ms.toFixed(2)} ms\tBilled Duration: ${Math.max(1, Math.ceil(ms))} ms\tMemory Size: ${pool.rec.MemorySize} MB${job.initMs != null ? `\tInit Duration: ${job.initMs.toFixed(2)} ms` : ''}\n`;
    if (job.started) this.log(pool.name, report);
    let logTail;
    if (job.tail) {
      const text = Buffer.from(`START RequestId: ${job.id} Version: ${pool.version}\n${logs}${report}`);
      logTail = text.subarray(Math.max(0, text.length - LOG_TAIL_BYTES)).toString('base64');
    }
    job.resolve({ ...result, logTail, requestId: job.id });
  }
}

function runtimeError(type, message) {
  return { errorType: type, errorMessage: message };
}

module.exports = { Invoker };
