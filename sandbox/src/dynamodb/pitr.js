'use strict';
// Point-in-time recovery settings (Describe/UpdateContinuousBackups). Recorded, not enforced:
// the sandbox does not restore to a point in time.

const { DynamoError } = require('../errors');
const { requireTable } = require('./tables');

function notFound(name) { return new DynamoError('TableNotFoundException', `Table not found: ${name}`); }

function description(ctx, name) {
  const p = ctx.state.table(name).pitr;
  const d = { ContinuousBackupsStatus: 'ENABLED', PointInTimeRecoveryDescription: { PointInTimeRecoveryStatus: 'DISABLED' } };
  if (p && p.enabled) {
    const now = Date.now() / 1000;
    const earliest = Math.max(p.enabledAt, now - p.days * 86400);
    d.PointInTimeRecoveryDescription = {
      PointInTimeRecoveryStatus: 'ENABLED',
      RecoveryPeriodInDays: p.days,
      EarliestRestorableDateTime: Math.floor(earliest),
      LatestRestorableDateTime: Math.floor(now - 5 * 60 > earliest ? now - 5 * 60 : earliest),
    };
  }
  return d;
}

async function describeContinuousBackups(ctx, { TableName }) {
  const table = await requireTable(ctx, TableName, notFound);
  return { ContinuousBackupsDescription: description(ctx, table.TableName) };
}

async function updateContinuousBackups(ctx, { TableName, PointInTimeRecoverySpecification }) {
  const spec = PointInTimeRecoverySpecification;
  if (!spec || typeof spec.PointInTimeRecoveryEnabled !== 'boolean') {
    throw new DynamoError('ValidationException', "1 validation error detected: Value null at 'pointInTimeRecoverySpecification.pointInTimeRecoveryEnabled' failed to satisfy constraint: Member must not be null");
  }
  const days = spec.RecoveryPeriodInDays === undefined ? 35 : spec.RecoveryPeriodInDays;
  if (!(Number.isInteger(days) && days >= 1 && days <= 35)) {
    throw new DynamoError('ValidationException', 'RecoveryPeriodInDays must be between 1 and 35');
  }
  const table = await requireTable(ctx, TableName, notFound);
  ctx.state.updateTable(table.TableName, (t) => {
    if (!spec.PointInTimeRecoveryEnabled) t.pitr = null;
    else if (!t.pitr) t.pitr = { enabled: true, enabledAt: Date.now() / 1000, days };
    else t.pitr.days = days;
  });
  return { ContinuousBackupsDescription: description(ctx, table.TableName) };
}

module.exports = { describeContinuousBackups, updateContinuousBackups };
