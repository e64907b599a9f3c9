'use strict';
// ai-nexus-dev-stripe-update-subscription: moves a user's subscription to another price. Finds
// the subscription through the user's customer record (TABLE_CUSTOMERS) and updates it in
// TABLE_SUBSCRIPTIONS. Setting the same price again is harmless.

const { DynamoDBClient, GetItemCommand, UpdateItemCommand } = require('@aws-sdk/client-dynamodb');

const TABLE_CUSTOMERS = process.env.TABLE_CUSTOMERS;
const TABLE_SUBSCRIPTIONS = process.env.TABLE_SUBSCRIPTIONS;
const ddb = new DynamoDBClient({});

exports.handler = async (event) => {
  if (!TABLE_CUSTOMERS || !TABLE_SUBSCRIPTIONS) throw new Error('TABLE_CUSTOMERS and TABLE_SUBSCRIPTIONS must be set');
  if (!/^sk_test_/.test(process.env.STRIPE_SECRET_KEY || '')) throw new Error('STRIPE_SECRET_KEY is missing or not a test-mode key');
  const { tenant_id: tenantId, user_id: userId, price_id: priceId } = event;
  if (!tenantId || !userId || !priceId) throw new Error('event needs tenant_id, user_id and price_id');
  const tables = { customers: TABLE_CUSTOMERS, subscriptions: TABLE_SUBSCRIPTIONS };

  const { Item: customer } = await ddb.send(new GetItemCommand({
    TableName: TABLE_CUSTOMERS, Key: { tenant_id: { S: tenantId }, user_id: { S: userId } }, ConsistentRead: true,
  }));
  if (!customer || !customer.subscription_id) {
    return { updated: false, reason: customer ? 'user has no subscription' : 'no such customer', tables };
  }
  const subscriptionId = customer.subscription_id.S;
  const { Attributes } = await ddb.send(new UpdateItemCommand({
    TableName: TABLE_SUBSCRIPTIONS,
    Key: { tenant_id: { S: tenantId }, subscription_id: { S: subscriptionId } },
    UpdateExpression: 'SET price_id = :p, updated_at = :t',
    ConditionExpression: 'attribute_exists(subscription_id)',
    ExpressionAttributeValues: { ':p': { S: priceId }, ':t': { N: String(Math.floor(Date.now() / 1000)) } },
    ReturnValues: 'ALL_NEW',
  })).catch((e) => {
    if (e.name === 'ConditionalCheckFailedException') return { Attributes: null };
    throw e;
  });
  if (!Attributes) return { updated: false, reason: `subscription ${subscriptionId} not found`, tables };
  return { updated: true, subscription_id: subscriptionId, price_id: priceId, status: Attributes.status ? Attributes.status.S : null, tables };
};
