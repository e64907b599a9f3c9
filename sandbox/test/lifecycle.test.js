'use strict';
// sandbox/start and sandbox/stop: output, pid file, process group (Java included) stopped by
// PID, refusal to start twice on one pid file, and --data persistence across restarts.

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const D = require('@aws-sdk/client-dynamodb');
const { startSandbox, run, SANDBOX_DIR } = require('./helpers');

const START = path.join(SANDBOX_DIR, 'start');
const STOP = path.join(SANDBOX_DIR, 'stop');

function groupAlive(pid) {
  try { process.kill(-pid, 0); return true; } catch (e) { return e.code === 'EPERM'; }
}

test('start prints endpoint, region and credentials; stop ends the whole process group', { timeout: 120000 }, async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ddbmv-lifecycle-'));
  const pidFile = path.join(dir, 'sandbox.pid');
  const started = await run(START, ['--port', '0', '--pid-file', pidFile]);
  try {
    assert.equal(started.code, 0, started.stderr);
    assert.match(started.stdout, /endpoint: +http:\/\/127\.0\.0\.1:\d+/);
    assert.match(started.stdout, /region: +us-east-1/);
    assert.match(started.stdout, /AKIASANDBOXPRIMARY01/);
    assert.match(started.stdout, /AKIASANDBOXSECOND002/);
    const pid = Number(fs.readFileSync(pidFile, 'utf8'));
    assert.ok(groupAlive(pid));

    const twice = await run(START, ['--port', '0', '--pid-file', pidFile]);
    assert.notEqual(twice.code, 0);
    assert.match(twice.stderr, /already running/);

    const stopped = await run(STOP, ['--pid-file', pidFile]);
    assert.equal(stopped.code, 0, stopped.stderr);
    assert.equal(groupAlive(pid), false, 'server and DynamoDB Local are gone');
    assert.equal(fs.existsSync(pidFile), false);
  } finally {
    await run(STOP, ['--pid-file', pidFile]);
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('--env prints exactly the contract\'s exports', { timeout: 120000 }, async () => {
  const sb = await startSandbox({ args: ['--region', 'eu-west-1', '--account', '123456789012'] });
  try {
    const lines = sb.startOutput.trim().split('\n');
    assert.deepEqual(lines.map((l) => l.split('=')[0]), [
      'export AWS_ENDPOINT_URL', 'export AWS_ACCESS_KEY_ID', 'export AWS_SECRET_ACCESS_KEY', 'export AWS_REGION',
      'export AWS_DEFAULT_REGION', 'export SANDBOX_ADMIN_URL', 'export SANDBOX_PID',
    ]);
    assert.equal(sb.env.AWS_REGION, 'eu-west-1');
    assert.equal(sb.env.SANDBOX_ADMIN_URL, `${sb.endpoint}/_sandbox`);
    const ddb = sb.dynamodb();
    const out = await ddb.send(new D.CreateTableCommand({
      TableName: 'region-table', BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
    }));
    assert.equal(out.TableDescription.TableArn, 'arn:aws:dynamodb:eu-west-1:123456789012:table/region-table');
    // An ARN in the sandbox's region and account works as a resource name.
    const tags = await ddb.send(new D.ListTagsOfResourceCommand({ ResourceArn: out.TableDescription.TableArn }));
    assert.deepEqual(tags.Tags, []);
  } finally {
    await sb.stop();
  }
  assert.equal(groupAlive(sb.pid), false);
});

test('--data keeps tables, items, tags, SSE, PITR and backups across a restart', { timeout: 180000 }, async () => {
  const data = fs.mkdtempSync(path.join(os.tmpdir(), 'ddbmv-data-'));
  try {
    const first = await startSandbox({ args: ['--data', data] });
    let backupArn;
    try {
      const ddb = first.dynamodb();
      await ddb.send(new D.CreateTableCommand({
        TableName: 'kept-table', BillingMode: 'PAY_PER_REQUEST', Tags: [{ Key: 'keep', Value: 'me' }],
        SSESpecification: { Enabled: true }, TableClass: 'STANDARD_INFREQUENT_ACCESS', DeletionProtectionEnabled: true,
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      }));
      await ddb.send(new D.PutItemCommand({ TableName: 'kept-table', Item: { pk: { S: 'a' }, v: { N: '1' } } }));
      await ddb.send(new D.UpdateContinuousBackupsCommand({ TableName: 'kept-table', PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } }));
      backupArn = (await ddb.send(new D.CreateBackupCommand({ TableName: 'kept-table', BackupName: 'kept' }))).BackupDetails.BackupArn;
    } finally {
      await first.stop();
    }
    const second = await startSandbox({ args: ['--data', data] });
    try {
      const ddb = second.dynamodb();
      const { Table } = await ddb.send(new D.DescribeTableCommand({ TableName: 'kept-table' }));
      assert.equal(Table.SSEDescription.Status, 'ENABLED');
      assert.equal(Table.TableClassSummary.TableClass, 'STANDARD_INFREQUENT_ACCESS');
      assert.equal(Table.DeletionProtectionEnabled, true);
      const item = await ddb.send(new D.GetItemCommand({ TableName: 'kept-table', Key: { pk: { S: 'a' } } }));
      assert.equal(item.Item.v.N, '1');
      const tags = await ddb.send(new D.ListTagsOfResourceCommand({ ResourceArn: Table.TableArn }));
      assert.deepEqual(tags.Tags, [{ Key: 'keep', Value: 'me' }]);
      const pitr = await ddb.send(new D.DescribeContinuousBackupsCommand({ TableName: 'kept-table' }));
      assert.equal(pitr.ContinuousBackupsDescription.PointInTimeRecoveryDescription.PointInTimeRecoveryStatus, 'ENABLED');
      await ddb.send(new D.RestoreTableFromBackupCommand({ TargetTableName: 'kept-restored', BackupArn: backupArn }));
      const restored = await ddb.send(new D.GetItemCommand({ TableName: 'kept-restored', Key: { pk: { S: 'a' } } }));
      assert.equal(restored.Item.v.N, '1');
    } finally {
      await second.stop();
    }
  } finally {
    fs.rmSync(data, { recursive: true, force: true });
  }
});

test('start refuses unknown flags and bad rates', async () => {
  const a = await run(START, ['--bogus']);
  assert.notEqual(a.code, 0);
  assert.match(a.stderr, /unknown flag --bogus/);
  const b = await run(START, ['--throttle-rate', '3']);
  assert.notEqual(b.code, 0);
  assert.match(b.stderr, /--throttle-rate needs a rate between 0 and 1/);
});
