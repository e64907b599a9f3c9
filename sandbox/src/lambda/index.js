'use strict';
// Lambda in the sandbox: the control plane of API version 2015-03-31 (registry.js, api.js) and
// Invoke running each function's real Node.js handler in warm child processes (invoker.js).
// The server calls handle() for every signed request under /2015-03-31/.

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const AdmZip = require('adm-zip');

const api = require('./api');
const { Registry } = require('./registry');
const { Invoker } = require('./invoker');
const { LambdaError, validation } = require('./errors');

const MAX_SYNC_PAYLOAD = 6291456;

/**
 * @param {object} o
 * @param {string} o.region @param {string} o.accountId
 * @param {string} o.endpointUrl  what handlers' AWS SDK calls (AWS_ENDPOINT_URL)
 * @param {{accessKeyId:string, secretAccessKey:string}} o.credentials  given to handlers
 * @param {string|null} o.dataDir  persist functions there (state.json, code/, logs/); null: a temporary folder
 * @param {number} [o.updateDelayMs=300]  how long LastUpdateStatus stays InProgress
 * @param {string} o.sandboxRoot  absolute path of sandbox/ (handlers get its node_modules)
 * @param {string} [o.logDir]  where <FunctionName>.log files go (default: <work dir>/logs;
 *   the env var SANDBOX_LAMBDA_LOG_DIR also sets it)
 * @param {number} [o.poolCap=8]  warm containers per function revision
 * @param {{call(op:string, input:object):Promise<object>}} [o.streams]  DynamoDB Streams, for running
 *   event source mappings (without it they are stored and never run)
 * @param {(roleArn:string, action:string, streamArn:string)=>Promise<boolean>} [o.authorizeStreamRead]
 *   whether a function's execution role may perform a stream read (default: allowed)
 * @param {(msg:string)=>void} [o.log]
 */
function createLambdaService(o) {
  const { region, accountId, endpointUrl, credentials, dataDir = null, sandboxRoot } = o;
  const updateDelayMs = o.updateDelayMs === undefined || o.updateDelayMs === null ? 300 : o.updateDelayMs;
  const temporary = !dataDir;
  const workDir = dataDir || fs.mkdtempSync(path.join(os.tmpdir(), 'ddbmv-sandbox-lambda-'));
  fs.mkdirSync(workDir, { recursive: true });
  const logDir = o.logDir || process.env.SANDBOX_LAMBDA_LOG_DIR || path.join(workDir, 'logs');

  const invoker = new Invoker({
    region, endpointUrl, credentials, sandboxRoot, logDir, workDir, poolCap: o.poolCap || 8,
  });
  const registry = new Registry({
    region, accountId, updateDelayMs, workDir,
    mappingRun: {
      streams: o.streams, authorize: o.authorizeStreamRead || (async () => true), region,
      transitionMs: updateDelayMs, log: o.log || (() => {}), invoke: (arn, text) => invokeDirect(arn, text),
    },
    statePath: dataDir ? path.join(workDir, 'state.json') : null,
    onChange: (name) => {
      const fn = registry.functions.get(name);
      if (!fn) { invoker.killFunction(name); return; }
      invoker.refresh(name, (version, revision) => {
        const rec = version === '$LATEST' ? fn.active : fn.versions[version];
        return Boolean(rec) && rec.RevisionId === revision;
      });
    },
  });

  /** A synchronous invocation by the sandbox itself (event source mappings): { payload } or { error }. */
  async function invokeDirect(functionArn, eventText) {
    const target = registry.resolveForInvoke(functionArn);
    target.codeDir = registry.codeDir(target.fn.name, target.rec);
    return { ...(await invoker.invoke(target, eventText, {})), version: target.version };
  }

  async function invoke(req, res, rawName, q, rawBody) {
    const type = req.headers['x-amz-invocation-type'] || 'RequestResponse';
    if (!['RequestResponse', 'Event', 'DryRun'].includes(type)) {
      throw validation(type, 'invocationType', 'Member must satisfy enum value set: [Event, RequestResponse, DryRun]');
    }
    const target = registry.resolveForInvoke(rawName, q.Qualifier);
    target.codeDir = registry.codeDir(target.fn.name, target.rec);
    const text = rawBody && rawBody.length ? rawBody.toString('utf8') : '{}';
    if (type === 'RequestResponse' && rawBody && rawBody.length > MAX_SYNC_PAYLOAD) {
      throw new LambdaError('RequestTooLargeException', `Request must be smaller than ${MAX_SYNC_PAYLOAD} bytes for the InvokeFunction operation`);
    }
    try {
      JSON.parse(text);
    } catch (e) {
      throw new LambdaError('InvalidRequestContentException', `Could not parse request body into json: Could not parse payload into json: ${e.message}`);
    }
    if (type === 'DryRun') return api.send(res, 204);
    let clientContext;
    if (req.headers['x-amz-client-context']) {
      try { clientContext = JSON.parse(Buffer.from(req.headers['x-amz-client-context'], 'base64').toString('utf8')); } catch { /* ignored, as AWS does */ }
    }
    if (type === 'Event') {
      invoker.invoke(target, text, { clientContext }).catch(() => {});
      res.writeHead(202, { 'Content-Length': 0, 'x-amzn-RequestId': require('node:crypto').randomUUID() });
      res.end();
      return undefined;
    }
    const tail = req.headers['x-amz-log-type'] === 'Tail';
    const r = await invoker.invoke(target, text, { clientContext, tail });
    const body = r.error ? JSON.stringify(r.error) : r.payload;
    const headers = {
      'Content-Type': 'application/json',
      'Content-Length': Buffer.byteLength(body),
      'x-amzn-RequestId': r.requestId,
      'X-Amz-Executed-Version': target.version,
    };
    if (r.error) headers['X-Amz-Function-Error'] = 'Unhandled';
    if (r.logTail) headers['X-Amz-Log-Result'] = r.logTail;
    res.writeHead(200, headers);
    res.end(body);
    return undefined;
  }

  return {
    handle: (req, res, rawBody, url) => api.handle({ registry, invoke }, req, res, rawBody, url),

    /** The Lambda operation a request names (e.g. "ListFunctions"), or null. */
    operationName: (method, url) => api.operationName(method, typeof url === 'string' ? url : url.pathname),

    /**
     * Creates the scenario's functions (Active at once), replacing any of the same name. Each spec
     * is CreateFunction input plus `source` (folder, or list of folders merged, relative to
     * scenarioDir), `files` ({ "index.js": "..." }) or `zipFile` (base64), `publishVersions` and `aliases`.
     */
    async loadFunctions(functionSpecs, scenarioDir) {
      for (const spec of functionSpecs || []) {
        const { source, files, zipFile, publishVersions = 0, aliases = [], ...input } = spec;
        try {
          const zip = zipFile ? Buffer.from(zipFile, 'base64') : zipSources(source, files, scenarioDir || process.cwd());
          if (registry.functions.has(input.FunctionName)) registry.deleteFunction(input.FunctionName);
          registry.createFunction({ ...input, Code: { ZipFile: zip.toString('base64') } }, { immediate: true });
          for (let i = 0; i < publishVersions; i++) registry.publishVersion(input.FunctionName, {}, { force: true });
          for (const alias of aliases) registry.createAlias(input.FunctionName, alias);
        } catch (e) {
          const why = e instanceof LambdaError ? `${e.code}: ${e.message}` : e.message;
          throw new Error(`scenario function ${spec.FunctionName || '(no FunctionName)'}: ${why}`);
        }
      }
    },

    /** Creates the scenario's event source mappings (CreateEventSourceMapping input each). */
    async loadMappings(specs) {
      for (const spec of specs || []) {
        try {
          await registry.mappings.create(spec);
        } catch (e) {
          const why = e instanceof LambdaError ? `${e.code}: ${e.message}` : e.message;
          throw new Error(`scenario event source mapping ${spec.FunctionName} ← ${spec.EventSourceArn}: ${why}`);
        }
      }
    },

    /** Deletes every function and event source mapping, killing their containers. */
    async reset() { registry.reset(); },

    /** Kills every container; with no dataDir, removes the temporary code and log folder. */
    async close() {
      await registry.close();
      invoker.close();
      if (temporary) fs.rmSync(workDir, { recursive: true, force: true });
    },

    /** Per-mapping delivery facts (the admin endpoint's GET /_sandbox/event-source-mappings). */
    mappingFacts: () => registry.mappings.facts(),

    logDir,
  };
}

function zipSources(source, files, scenarioDir) {
  if (!source && !files) throw new Error('needs "source" (a folder), "files" or "zipFile"');
  const zip = new AdmZip();
  for (const dir of [].concat(source || [])) {
    const abs = path.resolve(scenarioDir, dir);
    if (!fs.existsSync(abs) || !fs.statSync(abs).isDirectory()) throw new Error(`source folder ${abs} does not exist`);
    zip.addLocalFolder(abs);
  }
  for (const [name, text] of Object.entries(files || {})) zip.addFile(name, Buffer.from(text));
  return zip.toBuffer();
}

module.exports = { createLambdaService };
