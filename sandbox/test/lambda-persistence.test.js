'use strict';
// With --data DIR, functions (configuration, versions, aliases, code) survive a restart.

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const AdmZip = require('adm-zip');
const L = require('@aws-sdk/client-lambda');
const { startSandbox, createExecutionRole } = require('./helpers');

test('functions, versions and aliases survive a restart with --data', { timeout: 90000 }, async () => {
  const data = fs.mkdtempSync(path.join(os.tmpdir(), 'ddbmv-lambda-data-'));
  const z = new AdmZip();
  z.addFile('index.js', Buffer.from('exports.handler = async () => ({ color: process.env.COLOR });'));
  let sb = await startSandbox({ args: ['--data', data, '--lambda-update-delay-ms', '100'] });
  try {
    const lambda = sb.lambda();
    await createExecutionRole(sb, 'r'); // IAM is kept under --data too
    await lambda.send(new L.CreateFunctionCommand({
      FunctionName: 'kept', Runtime: 'nodejs20.x', Role: 'arn:aws:iam::000000000000:role/r', Handler: 'index.handler',
      Code: { ZipFile: z.toBuffer() }, Environment: { Variables: { COLOR: 'red' } }, Publish: true,
    }));
    await lambda.send(new L.CreateAliasCommand({ FunctionName: 'kept', Name: 'live', FunctionVersion: '1' }));
    for (let i = 0; i < 50; i++) {
      const c = await lambda.send(new L.GetFunctionConfigurationCommand({ FunctionName: 'kept' }));
      if (c.State === 'Active' && c.LastUpdateStatus === 'Successful') break;
      await new Promise((r) => setTimeout(r, 50));
    }
    await lambda.send(new L.UpdateFunctionConfigurationCommand({ FunctionName: 'kept', Environment: { Variables: { COLOR: 'blue' } } }));
    await sb.stop();

    sb = await startSandbox({ args: ['--data', data] });
    const again = sb.lambda();
    const cfg = await again.send(new L.GetFunctionConfigurationCommand({ FunctionName: 'kept' }));
    assert.deepEqual(cfg.Environment.Variables, { COLOR: 'blue' });
    assert.equal(cfg.LastUpdateStatus, 'Successful', 'an update in progress at shutdown is complete after it');
    const viaAlias = await again.send(new L.InvokeCommand({ FunctionName: 'kept', Qualifier: 'live' }));
    assert.equal(viaAlias.ExecutedVersion, '1');
    assert.deepEqual(JSON.parse(Buffer.from(viaAlias.Payload).toString()), { color: 'red' });
    const latest = await again.send(new L.InvokeCommand({ FunctionName: 'kept' }));
    assert.deepEqual(JSON.parse(Buffer.from(latest.Payload).toString()), { color: 'blue' });
  } finally {
    await sb.stop();
    fs.rmSync(data, { recursive: true, force: true });
  }
});
