'use strict';
// A function configuration: validating CreateFunction/UpdateFunctionConfiguration input, merging
// an update into a stored record, and rendering the FunctionConfiguration shape AWS returns.
// Stored records use AWS's member names; members starting with `_` are the sandbox's own.

const crypto = require('node:crypto');
const { invalid, validation } = require('./errors');

const RESERVED_ENV = [
  '_HANDLER', '_X_AMZN_TRACE_ID', 'AWS_DEFAULT_REGION', 'AWS_REGION', 'AWS_EXECUTION_ENV',
  'AWS_LAMBDA_FUNCTION_NAME', 'AWS_LAMBDA_FUNCTION_MEMORY_SIZE', 'AWS_LAMBDA_FUNCTION_VERSION',
  'AWS_LAMBDA_INITIALIZATION_TYPE', 'AWS_LAMBDA_LOG_GROUP_NAME', 'AWS_LAMBDA_LOG_STREAM_NAME',
  'AWS_ACCESS_KEY', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN',
  'AWS_LAMBDA_RUNTIME_API', 'LAMBDA_TASK_ROOT', 'LAMBDA_RUNTIME_DIR',
];
const ENV_NAME = /^[a-zA-Z]([a-zA-Z0-9_])+$/;
const ROLE = /^arn:(aws[a-zA-Z-]*)?:iam::\d{12}:role\/?[a-zA-Z_0-9+=,.@\-_/]+$/;

/** Members an UpdateFunctionConfiguration may change (besides Environment, handled apart). */
const UPDATABLE = ['Role', 'Handler', 'Description', 'Timeout', 'MemorySize', 'Runtime', 'KMSKeyArn',
  'VpcConfig', 'DeadLetterConfig', 'TracingConfig', 'Layers', 'FileSystemConfigs', 'ImageConfig',
  'EphemeralStorage', 'SnapStart', 'LoggingConfig'];

function check(input) {
  if (input.Role !== undefined && !ROLE.test(input.Role)) {
    throw validation(input.Role, 'role', 'Member must satisfy regular expression pattern: arn:(aws[a-zA-Z-]*)?:iam::\\d{12}:role/?[a-zA-Z_0-9+=,.@\\-_/]+');
  }
  if (input.Timeout !== undefined && !(Number.isInteger(input.Timeout) && input.Timeout >= 1 && input.Timeout <= 900)) {
    if (Number.isInteger(input.Timeout) && input.Timeout > 900) {
      throw invalid(`${input.Timeout} is not a valid timeout. The maximum allowed timeout is 900 seconds.`);
    }
    throw validation(input.Timeout, 'timeout', 'Member must have value greater than or equal to 1');
  }
  if (input.MemorySize !== undefined && !(Number.isInteger(input.MemorySize) && input.MemorySize >= 128 && input.MemorySize <= 10240)) {
    throw validation(input.MemorySize, 'memorySize', 'Member must have value between 128 and 10240');
  }
  if (input.Runtime !== undefined && !/^nodejs\d+\.x$/.test(input.Runtime)) {
    throw invalid(`The runtime parameter of ${input.Runtime} is not supported by this sandbox: only Node.js (nodejsNN.x) runtimes run here.`);
  }
  if (input.Handler !== undefined && !/^[^\s]{1,128}$/.test(input.Handler)) {
    throw validation(input.Handler, 'handler', 'Member must satisfy regular expression pattern: [^\\s]+');
  }
  if (input.Environment !== undefined) checkEnvironment(input.Environment);
}

function checkEnvironment(environment) {
  const vars = (environment && environment.Variables) || {};
  if (typeof vars !== 'object' || Array.isArray(vars)) throw invalid('Environment.Variables must be a map of strings.');
  for (const [key, value] of Object.entries(vars)) {
    if (!ENV_NAME.test(key)) {
      throw validation('[sensitive]', 'environment.variables', 'Map keys must satisfy constraint: [Member must satisfy regular expression pattern: [a-zA-Z]([a-zA-Z0-9_])+]');
    }
    if (typeof value !== 'string') throw invalid(`Environment variable ${key} must be a string.`);
  }
  const reserved = Object.keys(vars).filter((k) => RESERVED_ENV.includes(k));
  if (reserved.length) {
    throw invalid('Lambda was unable to configure your environment variables because the environment variables you have provided contains reserved keys that are currently not supported for modification. Reserved keys used in this request: ' + reserved.join(', '));
  }
  if (Buffer.byteLength(JSON.stringify(vars)) > 4096) {
    throw invalid('Lambda was unable to configure your environment variables because the environment variables you have provided exceeded the 4KB limit. String measured: ' + JSON.stringify(vars));
  }
}

/** A new $LATEST record from a CreateFunction input (without code members). */
function fromCreateInput(input) {
  check(input);
  if (!input.Runtime) throw invalid('Runtime is required for .zip deployment packages.');
  if (!input.Handler) throw invalid('Handler is required for .zip deployment packages.');
  if (input.PackageType && input.PackageType !== 'Zip') throw invalid('This sandbox runs only .zip deployment packages (PackageType Zip).');
  const rec = {
    Runtime: input.Runtime, Role: input.Role, Handler: input.Handler,
    Description: input.Description || '', Timeout: input.Timeout || 3, MemorySize: input.MemorySize || 128,
    Variables: { ...((input.Environment && input.Environment.Variables) || {}) },
    TracingConfig: { Mode: (input.TracingConfig && input.TracingConfig.Mode) || 'PassThrough' },
    PackageType: 'Zip',
    Architectures: input.Architectures && input.Architectures.length ? [...input.Architectures] : ['x86_64'],
    EphemeralStorage: { Size: (input.EphemeralStorage && input.EphemeralStorage.Size) || 512 },
    SnapStart: { ApplyOn: (input.SnapStart && input.SnapStart.ApplyOn) || 'None', OptimizationStatus: 'Off' },
  };
  setOptional(rec, input);
  return rec;
}

/** Members that are absent unless set; an empty value removes them. */
function setOptional(rec, input) {
  if (input.KMSKeyArn !== undefined) {
    if (input.KMSKeyArn) rec.KMSKeyArn = input.KMSKeyArn; else delete rec.KMSKeyArn;
  }
  if (input.VpcConfig !== undefined) {
    const v = input.VpcConfig || {};
    if (v.SubnetIds && v.SubnetIds.length) {
      rec.VpcConfig = {
        SubnetIds: [...v.SubnetIds], SecurityGroupIds: [...(v.SecurityGroupIds || [])],
        VpcId: 'vpc-' + crypto.createHash('sha256').update(v.SubnetIds.join(',')).digest('hex').slice(0, 17),
        Ipv6AllowedForDualStack: Boolean(v.Ipv6AllowedForDualStack),
      };
    } else delete rec.VpcConfig;
  }
  if (input.DeadLetterConfig !== undefined) {
    if (input.DeadLetterConfig && input.DeadLetterConfig.TargetArn) rec.DeadLetterConfig = { TargetArn: input.DeadLetterConfig.TargetArn };
    else delete rec.DeadLetterConfig;
  }
  if (input.Layers !== undefined) {
    if (input.Layers && input.Layers.length) rec.Layers = input.Layers.map((arn) => ({ Arn: arn, CodeSize: 1024 }));
    else delete rec.Layers;
  }
  if (input.FileSystemConfigs !== undefined) {
    if (input.FileSystemConfigs && input.FileSystemConfigs.length) rec.FileSystemConfigs = input.FileSystemConfigs.map((f) => ({ ...f }));
    else delete rec.FileSystemConfigs;
  }
  if (input.LoggingConfig !== undefined && input.LoggingConfig) rec.LoggingConfig = { ...input.LoggingConfig };
}

/** A copy of `rec` with an UpdateFunctionConfiguration input applied. */
function applyUpdate(rec, input) {
  check(input);
  const next = structuredClone(rec);
  for (const key of ['Role', 'Handler', 'Description', 'Timeout', 'MemorySize', 'Runtime']) {
    if (input[key] !== undefined) next[key] = input[key];
  }
  if (input.Environment !== undefined) {
    // As on AWS, Environment replaces the whole variable map.
    next.Variables = { ...((input.Environment && input.Environment.Variables) || {}) };
  }
  if (input.TracingConfig && input.TracingConfig.Mode) next.TracingConfig = { Mode: input.TracingConfig.Mode };
  if (input.EphemeralStorage && input.EphemeralStorage.Size) next.EphemeralStorage = { Size: input.EphemeralStorage.Size };
  if (input.SnapStart && input.SnapStart.ApplyOn) next.SnapStart = { ApplyOn: input.SnapStart.ApplyOn, OptimizationStatus: 'Off' };
  setOptional(next, input);
  return next;
}

/** What makes two configurations the same for PublishVersion (no new version when unchanged). */
function digest(rec) {
  const { RevisionId, LastModified, Version, State, StateReason, StateReasonCode, LastUpdateStatus,
    LastUpdateStatusReason, LastUpdateStatusReasonCode, _digest, ...rest } = rec;
  return crypto.createHash('sha256').update(JSON.stringify(sortKeys(rest))).digest('hex');
}

function sortKeys(value) {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.keys(value).sort().map((k) => [k, sortKeys(value[k])]));
  }
  return value;
}

/** The FunctionConfiguration shape, members in the order AWS writes them. */
function render(rec, { name, arn, region }) {
  const out = {
    FunctionName: name, FunctionArn: arn, Runtime: rec.Runtime, Role: rec.Role, Handler: rec.Handler,
    CodeSize: rec.CodeSize, Description: rec.Description, Timeout: rec.Timeout, MemorySize: rec.MemorySize,
    LastModified: rec.LastModified, CodeSha256: rec.CodeSha256, Version: rec.Version,
  };
  if (rec.VpcConfig) out.VpcConfig = structuredClone(rec.VpcConfig);
  if (rec.DeadLetterConfig) out.DeadLetterConfig = { ...rec.DeadLetterConfig };
  if (rec.Variables && Object.keys(rec.Variables).length) out.Environment = { Variables: { ...rec.Variables } };
  if (rec.KMSKeyArn) out.KMSKeyArn = rec.KMSKeyArn;
  out.TracingConfig = { ...rec.TracingConfig };
  out.RevisionId = rec.RevisionId;
  if (rec.Layers) out.Layers = rec.Layers.map((l) => ({ ...l }));
  out.State = rec.State;
  if (rec.StateReason) { out.StateReason = rec.StateReason; out.StateReasonCode = rec.StateReasonCode; }
  if (rec.LastUpdateStatus) out.LastUpdateStatus = rec.LastUpdateStatus;
  if (rec.LastUpdateStatusReason) {
    out.LastUpdateStatusReason = rec.LastUpdateStatusReason;
    out.LastUpdateStatusReasonCode = rec.LastUpdateStatusReasonCode;
  }
  if (rec.FileSystemConfigs) out.FileSystemConfigs = rec.FileSystemConfigs.map((f) => ({ ...f }));
  out.PackageType = rec.PackageType;
  out.Architectures = [...rec.Architectures];
  out.EphemeralStorage = { ...rec.EphemeralStorage };
  out.SnapStart = { ...rec.SnapStart };
  out.RuntimeVersionConfig = {
    RuntimeVersionArn: `arn:aws:lambda:${region}::runtime:` + crypto.createHash('sha256').update(rec.Runtime).digest('hex'),
  };
  out.LoggingConfig = rec.LoggingConfig ? { ...rec.LoggingConfig } : { LogFormat: 'Text', LogGroup: `/aws/lambda/${name}` };
  return out;
}

module.exports = { fromCreateInput, applyUpdate, checkEnvironment, digest, render, RESERVED_ENV, UPDATABLE };
