'use strict';
// ai-nexus-dev-stripe-list-invoices: a tenant's invoices from TABLE_INVOICES, newest first; by
// subscription through the subscription-index GSI when subscription_id is given.

const { DynamoDBClient, QueryCommand } = require('@aws-sdk/client-dynamodb');

const TABLE_INVOICES = process.env.TABLE_INVOICES;
const ddb = new DynamoDBClient({});

const plain = (item) => Object.fromEntries(Object.entries(item).map(([k, v]) => [k, v.S ?? (v.N !== undefined ? Number(v.N) : v.BOOL ?? null)]));

exports.handler = async (event) => {
  if (!TABLE_INVOICES) throw new Error('TABLE_INVOICES must be set');
  if (!/^sk_test_/.test(process.env.STRIPE_SECRET_KEY || '')) throw new Error('STRIPE_SECRET_KEY is missing or not a test-mode key');
  const { tenant_id: tenantId, subscription_id: subscriptionId, limit = 25 } = event;
  if (!tenantId) throw new Error('event needs tenant_id');
  const query = subscriptionId
    ? {
      TableName: TABLE_INVOICES, IndexName: 'subscription-index', ScanIndexForward: false,
      KeyConditionExpression: 'subscription_id = :s', FilterExpression: 'tenant_id = :t',
      ExpressionAttributeValues: { ':s': { S: subscriptionId }, ':t': { S: tenantId } },
    }
    : {
      TableName: TABLE_INVOICES, KeyConditionExpression: 'tenant_id = :t',
      ExpressionAttributeValues: { ':t': { S: tenantId } },
    };
  const invoices = [];
  let ExclusiveStartKey;
  do {
    const page = await ddb.send(new QueryCommand({ ...query, ExclusiveStartKey }));
    invoices.push(...page.Items.map(plain));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey && invoices.length < limit);
  invoices.sort((a, b) => (b.created || 0) - (a.created || 0));
  return { tenant_id: tenantId, count: Math.min(invoices.length, limit), invoices: invoices.slice(0, limit), tables: { invoices: TABLE_INVOICES } };
};
