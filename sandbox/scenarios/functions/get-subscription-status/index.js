'use strict';
// ai-nexus-dev-stripe-get-subscription-status: a user's subscription status. Reads the user's
// customer record (TABLE_CUSTOMERS), then the subscription it names (TABLE_SUBSCRIPTIONS) or,
// when it names none, the customer's subscriptions through the customer-index GSI.

const { DynamoDBClient, GetItemCommand, QueryCommand } = require('@aws-sdk/client-dynamodb');

const TABLE_CUSTOMERS = process.env.TABLE_CUSTOMERS;
const TABLE_SUBSCRIPTIONS = process.env.TABLE_SUBSCRIPTIONS;
const ddb = new DynamoDBClient({});

const plain = (item) => item && Object.fromEntries(Object.entries(item).map(([k, v]) => [k, v.S ?? (v.N !== undefined ? Number(v.N) : v.BOOL ?? null)]));

exports.handler = async (event) => {
  if (!TABLE_CUSTOMERS || !TABLE_SUBSCRIPTIONS) throw new Error('TABLE_CUSTOMERS and TABLE_SUBSCRIPTIONS must be set');
  if (!/^sk_test_/.test(process.env.STRIPE_SECRET_KEY || '')) throw new Error('STRIPE_SECRET_KEY is missing or not a test-mode key');
  const { tenant_id: tenantId, user_id: userId } = event;
  if (!tenantId || !userId) throw new Error('event needs tenant_id and user_id');
  const tables = { customers: TABLE_CUSTOMERS, subscriptions: TABLE_SUBSCRIPTIONS };

  const { Item: customer } = await ddb.send(new GetItemCommand({
    TableName: TABLE_CUSTOMERS, Key: { tenant_id: { S: tenantId }, user_id: { S: userId } }, ConsistentRead: true,
  }));
  if (!customer) return { tenant_id: tenantId, user_id: userId, found: false, status: 'none', tables };

  let subscription = null;
  if (customer.subscription_id) {
    const { Item } = await ddb.send(new GetItemCommand({
      TableName: TABLE_SUBSCRIPTIONS, Key: { tenant_id: { S: tenantId }, subscription_id: customer.subscription_id }, ConsistentRead: true,
    }));
    subscription = plain(Item);
  } else if (customer.customer_id) {
    const { Items } = await ddb.send(new QueryCommand({
      TableName: TABLE_SUBSCRIPTIONS, IndexName: 'customer-index',
      KeyConditionExpression: 'customer_id = :c', ExpressionAttributeValues: { ':c': customer.customer_id },
    }));
    subscription = plain((Items || []).find((i) => i.tenant_id.S === tenantId));
  }
  return {
    tenant_id: tenantId, user_id: userId, found: true,
    customer_id: customer.customer_id ? customer.customer_id.S : null,
    status: subscription ? subscription.status : 'none',
    subscription, tables,
  };
};
