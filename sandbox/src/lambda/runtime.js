'use strict';
// The Node.js runtime of one warm container: forked with the function's environment, its code
// folder as cwd, stdout/stderr going to the function's log file and an IPC channel to the sandbox.
// Loads the handler (init), then answers one invocation at a time, as a Lambda container does.
//
//   parent -> child  { t: 'invoke', id, event: <JSON text>, deadline: <epoch ms>, invokedArn, clientContext }
//   child -> parent  { t: 'ready' } | { t: 'initError', error } | { t: 'result', id, payload | error, logs }

const path = require('node:path');
const fs = require('node:fs');
const util = require('node:util');
const { pathToFileURL } = require('node:url');

const TASK_ROOT = process.env.LAMBDA_TASK_ROOT;
const HANDLER = process.env._HANDLER;
const LOG_TAIL_BYTES = 4096;

let current = null; // { id, logs: string[] }

// ---- console: AWS's text format, to the log file and to the current invocation's tail --------

function logLine(level, args) {
  const id = current ? current.id : 'undefined';
  const text = `${new Date().toISOString()}\t${id}\t${level}\t${util.format(...args)}\n`;
  process.stdout.write(text);
  if (current) {
    current.logs.push(text);
    current.logBytes += text.length;
    while (current.logBytes > LOG_TAIL_BYTES * 2 && current.logs.length > 1) current.logBytes -= current.logs.shift().length;
  }
}
console.log = (...a) => logLine('INFO', a);
console.info = (...a) => logLine('INFO', a);
console.warn = (...a) => logLine('WARN', a);
console.error = (...a) => logLine('ERROR', a);
console.debug = (...a) => logLine('DEBUG', a);
console.trace = (...a) => logLine('TRACE', a);

// ---- errors in AWS's payload shape --------------------------------------------------------------

function errorPayload(err, fallbackType = 'Error') {
  if (err instanceof Error) {
    return {
      errorType: err.name && err.name !== 'Error' ? err.name : (err.constructor && err.constructor.name) || fallbackType,
      errorMessage: err.message,
      trace: String(err.stack || '').split('\n'),
    };
  }
  return { errorType: typeof err, errorMessage: String(err), trace: [] };
}

function runtimeError(type, message) {
  const err = new Error(message);
  err.name = type;
  return errorPayload(err);
}

// ---- init ---------------------------------------------------------------------------------------

async function loadHandler() {
  const slash = HANDLER.lastIndexOf('/');
  const dir = HANDLER.slice(0, slash + 1);
  const rest = HANDLER.slice(slash + 1);
  const dot = rest.indexOf('.');
  if (dot < 0) throw Object.assign(new Error(`Bad handler ${HANDLER}: should be module.function`), { name: 'Runtime.MalformedHandlerName' });
  const moduleBase = path.join(TASK_ROOT, dir + rest.slice(0, dot));
  const fnPath = rest.slice(dot + 1).split('.');
  const file = ['.js', '.mjs', '.cjs'].map((ext) => moduleBase + ext).find((f) => fs.existsSync(f));
  if (!file) {
    throw Object.assign(new Error(`Cannot find module '${dir + rest.slice(0, dot)}'`), { name: 'Runtime.ImportModuleError' });
  }
  let mod;
  try {
    if (file.endsWith('.mjs')) mod = await import(pathToFileURL(file).href);
    else {
      try {
        mod = require(file);
      } catch (e) {
        if (e && e.code === 'ERR_REQUIRE_ESM') mod = await import(pathToFileURL(file).href);
        else throw e;
      }
    }
  } catch (e) {
    if (e instanceof SyntaxError) throw Object.assign(e, { name: 'Runtime.UserCodeSyntaxError' });
    if (e && e.code === 'MODULE_NOT_FOUND') throw Object.assign(e, { name: 'Runtime.ImportModuleError' });
    throw e;
  }
  let handler = mod;
  for (const key of fnPath) handler = handler == null ? undefined : handler[key];
  if (typeof handler !== 'function') {
    throw Object.assign(new Error(`${HANDLER} is undefined or not exported`), { name: 'Runtime.HandlerNotFound' });
  }
  return handler;
}

// ---- invocations --------------------------------------------------------------------------------

function makeContext(msg) {
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
    functionVersion: process.env.AWS_LAMBDA_FUNCTION_VERSION,
    invokedFunctionArn: msg.invokedArn,
    memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
    awsRequestId: msg.id,
    logGroupName: process.env.AWS_LAMBDA_LOG_GROUP_NAME,
    logStreamName: process.env.AWS_LAMBDA_LOG_STREAM_NAME,
    clientContext: msg.clientContext,
    identity: undefined,
    getRemainingTimeInMillis: () => Math.max(0, msg.deadline - Date.now()),
  };
}

function call(handler, event, context) {
  return new Promise((resolve, reject) => {
    let settled = false;
    const done = (err, value) => {
      if (settled) return;
      settled = true;
      if (err !== null && err !== undefined) reject(err); else resolve(value);
    };
    context.done = done;
    context.succeed = (v) => done(null, v);
    context.fail = (e) => done(e || new Error('handled'));
    try {
      const r = handler(event, context, done);
      if (r && typeof r.then === 'function') r.then((v) => done(null, v), (e) => done(e === undefined ? new Error('undefined') : e));
      else if (handler.length < 3) done(null, r);
    } catch (e) {
      done(e);
    }
  });
}

function finish(reply) {
  const logs = current ? current.logs.join('') : '';
  current = null;
  process.send({ t: 'result', ...reply, logs });
}

async function main() {
  let handler;
  try {
    handler = await loadHandler();
  } catch (e) {
    const payload = errorPayload(e);
    logLine('ERROR', [`Uncaught Exception \t${JSON.stringify(payload)}`]);
    process.send({ t: 'initError', error: payload }, () => process.exit(129));
    return;
  }
  process.on('message', async (msg) => {
    if (msg.t !== 'invoke') return;
    current = { id: msg.id, logs: [], logBytes: 0 };
    let event;
    try {
      event = JSON.parse(msg.event);
    } catch {
      finish({ id: msg.id, error: runtimeError('Runtime.InvalidPayload', 'Could not parse the event as JSON') });
      return;
    }
    try {
      const value = await call(handler, event, makeContext(msg));
      let payload;
      try {
        payload = value === undefined ? 'null' : JSON.stringify(value);
      } catch (e) {
        finish({ id: msg.id, error: runtimeError('Runtime.MalformedResponse', `Unable to stringify response body: ${e.message}`) });
        return;
      }
      finish({ id: msg.id, payload });
    } catch (e) {
      const payload = errorPayload(e);
      logLine('ERROR', [`Invoke Error \t${JSON.stringify(payload)}`]);
      finish({ id: msg.id, error: payload });
    }
  });
  process.send({ t: 'ready' });
}

function crash(type, err) {
  const payload = err instanceof Error ? { ...errorPayload(err), errorType: type === 'Runtime.UnhandledPromiseRejection' ? type : errorPayload(err).errorType } : runtimeError(type, String(err));
  logLine('ERROR', [`${type === 'Runtime.UnhandledPromiseRejection' ? 'Unhandled Promise Rejection' : 'Uncaught Exception'} \t${JSON.stringify(payload)}`]);
  if (current) {
    const id = current.id;
    finish({ id, error: payload, fatal: true });
  }
  process.exitCode = 128;
  setImmediate(() => process.exit(128));
}
process.on('uncaughtException', (e) => crash('Runtime.UncaughtException', e));
process.on('unhandledRejection', (e) => crash('Runtime.UnhandledPromiseRejection', e));
process.on('disconnect', () => process.exit(0));

main();
