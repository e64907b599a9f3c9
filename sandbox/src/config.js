'use strict';
// Command-line flags of sandbox/start and the server, parsed into one immutable configuration.

const path = require('node:path');

const SANDBOX_ROOT = path.resolve(__dirname, '..');

const PRINCIPALS = Object.freeze([
  Object.freeze({ name: 'primary', accessKeyId: 'AKIASANDBOXPRIMARY01', secretAccessKey: 'sandbox/primary/secret/key/000000000000001' }),
  Object.freeze({ name: 'second', accessKeyId: 'AKIASANDBOXSECOND002', secretAccessKey: 'sandbox/second/secret/key/0000000000000002' }),
]);

// flag -> [config key, kind]
const FLAGS = {
  '--scenario': ['scenario', 'path'],
  '--port': ['port', 'int'],
  '--data': ['dataDir', 'path'],
  '--pid-file': ['pidFile', 'path'],
  '--env': ['env', 'bool'],
  '--region': ['region', 'string'],
  '--account': ['accountId', 'string'],
  '--lambda-update-delay-ms': ['lambdaUpdateDelayMs', 'int'],
  '--throttle-rate': ['throttleRate', 'rate'],
  '--error-rate': ['errorRate', 'rate'],
  '--unprocessed-rate': ['unprocessedRate', 'rate'],
  '--latency-ms': ['latencyMs', 'int'],
  '--fault-ops': ['faultOps', 'list'],
  '--fault-seed': ['faultSeed', 'int'],
  '--ready-file': ['readyFile', 'path'],
  '--log-requests': ['logRequests', 'bool'],
};

const DEFAULTS = {
  scenario: null, port: 4566, dataDir: null, pidFile: path.join(SANDBOX_ROOT, '.run', 'sandbox.pid'),
  env: false, region: 'us-east-1', accountId: '000000000000', lambdaUpdateDelayMs: null, // null: the Lambda service's default
  throttleRate: 0, errorRate: 0, unprocessedRate: 0, latencyMs: 0, faultOps: null, faultSeed: null,
  readyFile: null, logRequests: false,
};

/** Parses argv (without node and script); throws an Error naming the bad flag. */
function parseArgs(argv) {
  const cfg = { ...DEFAULTS };
  for (let i = 0; i < argv.length; i++) {
    let arg = argv[i];
    let value;
    const eq = arg.indexOf('=');
    if (arg.startsWith('--') && eq > 0) { value = arg.slice(eq + 1); arg = arg.slice(0, eq); }
    if (arg === '--help' || arg === '-h') { cfg.help = true; continue; }
    const spec = FLAGS[arg];
    if (!spec) throw new Error(`unknown flag ${arg} (see sandbox/README.md)`);
    const [key, kind] = spec;
    if (kind === 'bool') { cfg[key] = true; continue; }
    if (value === undefined) {
      if (i + 1 >= argv.length) throw new Error(`flag ${arg} needs a value`);
      value = argv[++i];
    }
    cfg[key] = convert(arg, kind, value);
  }
  if (!/^\d{12}$/.test(cfg.accountId)) throw new Error(`--account must be 12 digits, got ${cfg.accountId}`);
  return Object.freeze(cfg);
}

function convert(flag, kind, value) {
  switch (kind) {
    case 'path': return path.resolve(value);
    case 'string': return value;
    case 'int': {
      const n = Number(value);
      if (!Number.isInteger(n) || n < 0) throw new Error(`flag ${flag} needs a non-negative integer, got ${value}`);
      return n;
    }
    case 'rate': {
      const n = Number(value);
      if (!(n >= 0 && n <= 1)) throw new Error(`flag ${flag} needs a rate between 0 and 1, got ${value}`);
      return n;
    }
    case 'list': return value.split(',').map((s) => s.trim()).filter(Boolean);
    default: throw new Error(`internal: unknown flag kind ${kind}`);
  }
}

/** The flags that start passes through to the server (everything but start's own). */
function serverArgs(argv) {
  const out = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i].split('=')[0];
    const spec = FLAGS[arg];
    const takesValue = spec && spec[1] !== 'bool' && !argv[i].includes('=');
    if (arg === '--env' || arg === '--pid-file' || arg === '--ready-file') {
      if (takesValue) i++;
      continue;
    }
    out.push(argv[i]);
    if (takesValue && i + 1 < argv.length) out.push(argv[++i]);
  }
  return out;
}

module.exports = { parseArgs, serverArgs, PRINCIPALS, SANDBOX_ROOT, DEFAULTS };
