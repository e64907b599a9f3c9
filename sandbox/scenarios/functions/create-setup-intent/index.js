'use strict';
// ai-nexus-dev-stripe-create-setup-intent: creates a SetupIntent so a user can save a payment
// method, and records its id on the user's customer record in TABLE_CUSTOMERS.

const crypto = require('node:crypto');
const { DynamoDBClient, UpdateItemCommand } = require('@aws-sdk/client-dynamodb');

const TABLE_CUSTOMERS = process.env.TABLE_CUSTOMERS;
const ddb = new DynamoDBClient({});

exports.handler = async (event) => {
  if (!TABLE_CUSTOMERS) throw new Error('TABLE_CUSTOMERS must be set');
  if (!/^sk_test_/.test(process.env.STRIPE_SECRET_KEY || '')) throw new Error('STRIPE_SECRET_KEY is missing or not a test-mode key');
  const { tenant_id: tenantId, user_id: userId } = event;
  if (!tenantId || !userId) throw new Error('event needs tenant_id and user_id');
  const setupIntentId = `seti_${crypto.createHash('sha256').update(`${tenantId}/${userId}`).digest('hex').slice(0, 24)}`;
  const { Attributes } = await ddb.send(new UpdateItemCommand({
    TableName: TABLE_CUSTOMERS,
    Key: { tenant_id: { S: tenantId }, user_id: { S: userId } },
    UpdateExpression: 'SET setup_intent_id = :s, updated_at = :t',
    ConditionExpression: 'attribute_exists(user_id)',
    ExpressionAttributeValues: { ':s': { S: setupIntentId }, ':t': { N: String(Math.floor(Date.now() / 1000)) } },
    ReturnValues: 'ALL_NEW',
  })).catch((e) => {
    if (e.name === 'ConditionalCheckFailedException') return { Attributes: null };
    throw e;
  });
  if (!Attributes) return { created: false, reason: 'no such customer', tables: { customers: TABLE_CUSTOMERS } };
  return {
    created: true, setupIntentId, clientSecret: `${setupIntentId}_secret_sandbox`,
    customer_id: Attributes.customer_id ? Attributes.customer_id.S : null,
    tablesWritten: [TABLE_CUSTOMERS], tables: { customers: TABLE_CUSTOMERS },
  };
};
