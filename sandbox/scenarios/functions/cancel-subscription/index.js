'use strict';
// ai-nexus-dev-stripe-cancel-subscription: cancels a subscription in TABLE_SUBSCRIPTIONS, at
// the period end by default or at once. Cancelling a cancelled subscription changes nothing.

const { DynamoDBClient, UpdateItemCommand } = require('@aws-sdk/client-dynamodb');

const TABLE_SUBSCRIPTIONS = process.env.TABLE_SUBSCRIPTIONS;
const ddb = new DynamoDBClient({});

exports.handler = async (event) => {
  if (!TABLE_SUBSCRIPTIONS) throw new Error('TABLE_SUBSCRIPTIONS must be set');
  if (!/^sk_test_/.test(process.env.STRIPE_SECRET_KEY || '')) throw new Error('STRIPE_SECRET_KEY is missing or not a test-mode key');
  const { tenant_id: tenantId, subscription_id: subscriptionId, at_period_end: atPeriodEnd = true } = event;
  if (!tenantId || !subscriptionId) throw new Error('event needs tenant_id and subscription_id');
  const tables = { subscriptions: TABLE_SUBSCRIPTIONS };
  const now = Math.floor(Date.now() / 1000);
  const update = atPeriodEnd
    ? { UpdateExpression: 'SET cancel_at_period_end = :y, updated_at = :t', ExpressionAttributeValues: { ':y': { BOOL: true }, ':t': { N: String(now) } } }
    : {
      UpdateExpression: 'SET #s = :c, cancel_at_period_end = :n, canceled_at = if_not_exists(canceled_at, :t), updated_at = :t',
      ExpressionAttributeNames: { '#s': 'status' },
      ExpressionAttributeValues: { ':c': { S: 'canceled' }, ':n': { BOOL: false }, ':t': { N: String(now) } },
    };
  const { Attributes } = await ddb.send(new UpdateItemCommand({
    TableName: TABLE_SUBSCRIPTIONS,
    Key: { tenant_id: { S: tenantId }, subscription_id: { S: subscriptionId } },
    ConditionExpression: 'attribute_exists(subscription_id)',
    ...update,
    ReturnValues: 'ALL_NEW',
  })).catch((e) => {
    if (e.name === 'ConditionalCheckFailedException') return { Attributes: null };
    throw e;
  });
  if (!Attributes) return { canceled: false, reason: `subscription ${subscriptionId} not found`, tables };
  return {
    canceled: true, subscription_id: subscriptionId, status: Attributes.status.S,
    cancel_at_period_end: Attributes.cancel_at_period_end ? Attributes.cancel_at_period_end.BOOL : false,
    tablesWritten: [TABLE_SUBSCRIPTIONS], tables,
  };
};
