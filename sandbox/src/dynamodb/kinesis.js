'use strict';
// Kinesis Data Streams destinations of a table (state only: nothing is sent to Kinesis, and the
// sandbox has no Kinesis streams, so any well-formed stream ARN is accepted). Enable answers
// ENABLING, which turns ACTIVE after the transition delay; Disable answers DISABLING → DISABLED.

const { DynamoError } = require('../errors');
const { requireTable } = require('./tables');

const TRANSITION_MS = 300;
const STREAM_ARN = /^arn:aws[a-zA-Z-]*:kinesis:[a-z0-9-]+:\d{12}:stream\/[a-zA-Z0-9_.-]{1,128}$/;
const PRECISIONS = ['MILLISECOND', 'MICROSECOND'];

const notFound = (name) => new DynamoError('ResourceNotFoundException', `Requested resource not found: Table: ${name} not found`);

/** The status a destination shows now (the transitional status settles after TRANSITION_MS). */
function status(d) {
  if (Date.now() - d.since < TRANSITION_MS) return d.status;
  return { ENABLING: 'ACTIVE', DISABLING: 'DISABLED' }[d.status] || d.status;
}

function render(d) {
  const out = { StreamArn: d.StreamArn, DestinationStatus: status(d) };
  if (d.precision) out.ApproximateCreationDateTimePrecision = d.precision;
  return out;
}

function checkArn(arn) {
  if (typeof arn !== 'string' || !STREAM_ARN.test(arn)) {
    throw new DynamoError('ValidationException', `1 validation error detected: Value '${arn}' at 'streamArn' failed to satisfy constraint: Member must satisfy the Kinesis stream ARN pattern`);
  }
}

function checkPrecision(p) {
  if (p !== undefined && !PRECISIONS.includes(p)) {
    throw new DynamoError('ValidationException', `1 validation error detected: Value '${p}' at 'approximateCreationDateTimePrecision' failed to satisfy constraint: Member must satisfy enum value set: [${PRECISIONS.join(', ')}]`);
  }
}

async function enableKinesisStreamingDestination(ctx, { TableName, StreamArn, EnableKinesisStreamingConfiguration }) {
  const table = await requireTable(ctx, TableName, notFound);
  checkArn(StreamArn);
  const precision = EnableKinesisStreamingConfiguration && EnableKinesisStreamingConfiguration.ApproximateCreationDateTimePrecision;
  checkPrecision(precision);
  const name = table.TableName;
  const list = ctx.state.table(name).kinesis || [];
  const same = list.find((d) => d.StreamArn === StreamArn);
  if (same && ['ENABLING', 'ACTIVE', 'DISABLING'].includes(status(same))) {
    throw new DynamoError('ResourceInUseException', `Table ${name} is already streaming to the destination ${StreamArn} (${status(same)})`);
  }
  const d = { StreamArn, status: 'ENABLING', since: Date.now(), precision: precision || 'MILLISECOND' };
  ctx.state.updateTable(name, (t) => { t.kinesis = [...(t.kinesis || []).filter((x) => x.StreamArn !== StreamArn), d]; });
  return { TableName: name, StreamArn, DestinationStatus: 'ENABLING', EnableKinesisStreamingConfiguration: { ApproximateCreationDateTimePrecision: d.precision } };
}

async function disableKinesisStreamingDestination(ctx, { TableName, StreamArn }) {
  const table = await requireTable(ctx, TableName, notFound);
  checkArn(StreamArn);
  const name = table.TableName;
  const d = (ctx.state.table(name).kinesis || []).find((x) => x.StreamArn === StreamArn);
  if (!d || status(d) === 'DISABLED') {
    throw new DynamoError('ValidationException', `Table ${name} is not streaming to the destination ${StreamArn}`);
  }
  if (status(d) !== 'ACTIVE') throw new DynamoError('ResourceInUseException', `The destination ${StreamArn} of table ${name} is ${status(d)}`);
  ctx.state.updateTable(name, () => { Object.assign(d, { status: 'DISABLING', since: Date.now() }); });
  return { TableName: name, StreamArn, DestinationStatus: 'DISABLING' };
}

async function updateKinesisStreamingDestination(ctx, { TableName, StreamArn, UpdateKinesisStreamingConfiguration }) {
  const table = await requireTable(ctx, TableName, notFound);
  checkArn(StreamArn);
  const precision = UpdateKinesisStreamingConfiguration && UpdateKinesisStreamingConfiguration.ApproximateCreationDateTimePrecision;
  checkPrecision(precision);
  const name = table.TableName;
  const d = (ctx.state.table(name).kinesis || []).find((x) => x.StreamArn === StreamArn);
  if (!d || status(d) !== 'ACTIVE') {
    throw new DynamoError('ValidationException', `Table ${name} has no ACTIVE streaming destination ${StreamArn}`);
  }
  if (!precision || precision === d.precision) {
    throw new DynamoError('ValidationException', 'Invalid Request: ApproximateCreationDateTimePrecision is already set to the requested value');
  }
  ctx.state.updateTable(name, () => { Object.assign(d, { precision, status: 'ENABLING', since: Date.now() }); });
  return { TableName: name, StreamArn, DestinationStatus: 'UPDATING', UpdateKinesisStreamingConfiguration: { ApproximateCreationDateTimePrecision: precision } };
}

async function describeKinesisStreamingDestination(ctx, { TableName }) {
  const table = await requireTable(ctx, TableName, notFound);
  return { TableName: table.TableName, KinesisDataStreamDestinations: (ctx.state.table(table.TableName).kinesis || []).map(render) };
}

module.exports = {
  enableKinesisStreamingDestination, disableKinesisStreamingDestination, updateKinesisStreamingDestination, describeKinesisStreamingDestination,
};
