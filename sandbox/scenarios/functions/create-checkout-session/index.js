'use strict';
// ai-nexus-dev-stripe-create-checkout-session: starts a Stripe Checkout session for a user and
// records a pending (incomplete) subscription for it in TABLE_SUBSCRIPTIONS, creating the
// user's customer record in TABLE_CUSTOMERS if it is missing. The session id is derived from the
// request, so repeating a request rewrites the same items.

const crypto = require('node:crypto');
const { DynamoDBClient, GetItemCommand, PutItemCommand } = require('@aws-sdk/client-dynamodb');

const TABLE_CUSTOMERS = process.env.TABLE_CUSTOMERS;
const TABLE_SUBSCRIPTIONS = process.env.TABLE_SUBSCRIPTIONS;
const ddb = new DynamoDBClient({});

exports.handler = async (event) => {
  if (!TABLE_CUSTOMERS || !TABLE_SUBSCRIPTIONS) throw new Error('TABLE_CUSTOMERS and TABLE_SUBSCRIPTIONS must be set');
  if (!/^sk_test_/.test(process.env.STRIPE_SECRET_KEY || '')) throw new Error('STRIPE_SECRET_KEY is missing or not a test-mode key');
  const { tenant_id: tenantId, user_id: userId, price_id: priceId, email } = event;
  if (!tenantId || !userId || !priceId) throw new Error('event needs tenant_id, user_id and price_id');
  const tables = { customers: TABLE_CUSTOMERS, subscriptions: TABLE_SUBSCRIPTIONS };
  const now = Math.floor(Date.now() / 1000);
  const digest = crypto.createHash('sha256').update(`${tenantId}/${userId}/${priceId}`).digest('hex').slice(0, 24);

  const { Item: customer } = await ddb.send(new GetItemCommand({
    TableName: TABLE_CUSTOMERS, Key: { tenant_id: { S: tenantId }, user_id: { S: userId } }, ConsistentRead: true,
  }));
  let customerId = customer && customer.customer_id ? customer.customer_id.S : null;
  const written = [];
  if (!customerId) {
    customerId = `cus_${digest.slice(0, 14)}`;
    await ddb.send(new PutItemCommand({
      TableName: TABLE_CUSTOMERS,
      Item: {
        tenant_id: { S: tenantId }, user_id: { S: userId }, customer_id: { S: customerId },
        email: { S: email || `${userId}@${tenantId}.test` }, created_at: { N: String(now) },
      },
      ConditionExpression: 'attribute_not_exists(user_id)',
    })).catch((e) => { if (e.name !== 'ConditionalCheckFailedException') throw e; });
    written.push(TABLE_CUSTOMERS);
  }
  const sessionId = `cs_test_${digest}`;
  const subscriptionId = `sub_pending_${digest.slice(0, 16)}`;
  await ddb.send(new PutItemCommand({
    TableName: TABLE_SUBSCRIPTIONS,
    Item: {
      tenant_id: { S: tenantId }, subscription_id: { S: subscriptionId }, customer_id: { S: customerId },
      user_id: { S: userId }, status: { S: 'incomplete' }, price_id: { S: priceId },
      checkout_session_id: { S: sessionId }, updated_at: { N: String(now) },
    },
  }));
  written.push(TABLE_SUBSCRIPTIONS);
  return {
    sessionId, subscription_id: subscriptionId, customer_id: customerId,
    url: `https://checkout.stripe.com/c/pay/${sessionId}`,
    success_url: process.env.CHECKOUT_SUCCESS_URL, tablesWritten: written, tables,
  };
};
