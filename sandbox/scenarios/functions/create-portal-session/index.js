'use strict';
// ai-nexus-dev-stripe-create-portal-session: opens a Stripe billing-portal session for a user's
// customer (read from TABLE_CUSTOMERS) and records when it was opened.

const crypto = require('node:crypto');
const { DynamoDBClient, GetItemCommand, UpdateItemCommand } = require('@aws-sdk/client-dynamodb');

const TABLE_CUSTOMERS = process.env.TABLE_CUSTOMERS;
const ddb = new DynamoDBClient({});

exports.handler = async (event) => {
  if (!TABLE_CUSTOMERS) throw new Error('TABLE_CUSTOMERS must be set');
  if (!/^sk_test_/.test(process.env.STRIPE_SECRET_KEY || '')) throw new Error('STRIPE_SECRET_KEY is missing or not a test-mode key');
  const { tenant_id: tenantId, user_id: userId } = event;
  if (!tenantId || !userId) throw new Error('event needs tenant_id and user_id');
  const tables = { customers: TABLE_CUSTOMERS };
  const key = { tenant_id: { S: tenantId }, user_id: { S: userId } };
  const { Item } = await ddb.send(new GetItemCommand({ TableName: TABLE_CUSTOMERS, Key: key, ConsistentRead: true }));
  if (!Item || !Item.customer_id) return { created: false, reason: 'no Stripe customer for this user', tables };
  const sessionId = `bps_${crypto.randomBytes(12).toString('hex')}`;
  await ddb.send(new UpdateItemCommand({
    TableName: TABLE_CUSTOMERS, Key: key,
    UpdateExpression: 'SET portal_session_at = :t',
    ExpressionAttributeValues: { ':t': { N: String(Math.floor(Date.now() / 1000)) } },
  }));
  return {
    created: true, customer_id: Item.customer_id.S,
    url: `https://billing.stripe.com/p/session/test_${sessionId}`,
    return_url: event.return_url || process.env.PORTAL_RETURN_URL,
    tablesWritten: [TABLE_CUSTOMERS], tables,
  };
};
