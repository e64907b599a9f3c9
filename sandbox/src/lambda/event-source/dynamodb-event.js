'use strict';
// The event Lambda hands a function for a batch of DynamoDB stream records
// ({"Records":[...]}), and the record an on-failure destination receives for a discarded batch.

/** A GetRecords record → the record of AWS's DynamoDB event. */
function eventRecord(rec, { region, streamArn }) {
  const d = rec.dynamodb || {};
  const dynamodb = {};
  for (const k of ['ApproximateCreationDateTime', 'Keys', 'NewImage', 'OldImage', 'SequenceNumber', 'SizeBytes', 'StreamViewType']) {
    if (d[k] !== undefined) dynamodb[k] = d[k];
  }
  const out = {
    eventID: rec.eventID,
    eventName: rec.eventName,
    eventVersion: rec.eventVersion || '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: region,
    dynamodb,
    eventSourceARN: streamArn,
  };
  if (rec.userIdentity) out.userIdentity = rec.userIdentity;
  return out;
}

/** What Lambda sends an OnFailure destination for a discarded stream batch. */
function failureRecord({ batch, shardId, streamArn, functionArn, condition, invokeCount, lastError }) {
  const first = batch[0].dynamodb;
  const last = batch[batch.length - 1].dynamodb;
  const iso = (s) => new Date(Number(s) * 1000).toISOString();
  return {
    requestContext: { requestId: require('node:crypto').randomUUID(), functionArn, condition, approximateInvokeCount: invokeCount },
    responseContext: lastError
      ? { statusCode: 200, executedVersion: lastError.version, functionError: 'Unhandled' }
      : { statusCode: 0, executedVersion: '', functionError: '' },
    version: '1.0',
    timestamp: new Date().toISOString(),
    DDBStreamBatchInfo: {
      shardId,
      startSequenceNumber: first.SequenceNumber,
      endSequenceNumber: last.SequenceNumber,
      approximateArrivalOfFirstRecord: iso(first.ApproximateCreationDateTime),
      approximateArrivalOfLastRecord: iso(last.ApproximateCreationDateTime),
      batchSize: batch.length,
      streamArn,
    },
  };
}

module.exports = { eventRecord, failureRecord };
