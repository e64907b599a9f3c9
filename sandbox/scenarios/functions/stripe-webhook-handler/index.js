'use strict';
// ai-nexus-dev-stripe-stripe-webhook-handler: receives Stripe webhook events (directly or as an
// API Gateway proxy event with a Stripe-Signature header), records each event id once in the
// idempotency table (a repeated event is a no-op) and writes customers, subscriptions and
// invoices as the event type says. Returns the tables it wrote, by the names in its environment.

const crypto = require('node:crypto');
const {
  DynamoDBClient, PutItemCommand, UpdateItemCommand, ConditionalCheckFailedException,
} = require('@aws-sdk/client-dynamodb');

// Read at cold start, as real handlers do: a changed variable takes effect in a new container.
const TABLES = {
  customers: process.env.TABLE_CUSTOMERS,
  subscriptions: process.env.TABLE_SUBSCRIPTIONS,
  invoices: process.env.TABLE_INVOICES,
  idempotency: process.env.TABLE_IDEMPOTENCY,
};
const BUS = process.env.EVENTBRIDGE_BUS_NAME;
const ddb = new DynamoDBClient({});

const S = (v) => ({ S: String(v) });
const N = (v) => ({ N: String(v) });

function checkConfig() {
  for (const [k, v] of Object.entries(TABLES)) if (!v) throw new Error(`TABLE_${k.toUpperCase()} is not set`);
  if (!BUS) throw new Error('EVENTBRIDGE_BUS_NAME is not set');
  if (!/^sk_test_/.test(process.env.STRIPE_SECRET_KEY || '')) throw new Error('STRIPE_SECRET_KEY is missing or not a test-mode key');
  if (!/^whsec_/.test(process.env.STRIPE_WEBHOOK_SECRET || '')) throw new Error('STRIPE_WEBHOOK_SECRET is missing');
}

/** The Stripe event: the payload itself, or an API Gateway event whose body is signed. */
function readEvent(event) {
  if (typeof event.body !== 'string') return event;
  const headers = Object.fromEntries(Object.entries(event.headers || {}).map(([k, v]) => [k.toLowerCase(), v]));
  const sig = headers['stripe-signature'];
  if (sig) {
    const parts = Object.fromEntries(sig.split(',').map((p) => p.split('=')));
    const expected = crypto.createHmac('sha256', process.env.STRIPE_WEBHOOK_SECRET).update(`${parts.t}.${event.body}`).digest('hex');
    if (parts.v1 !== expected) throw new Error('Stripe signature verification failed');
  }
  return JSON.parse(event.body);
}

function tenantOf(obj) {
  const tenant = (obj.metadata && obj.metadata.tenant_id) || obj.tenant_id;
  if (!tenant) throw new Error(`event object ${obj.id} has no metadata.tenant_id`);
  return tenant;
}

exports.handler = async (event) => {
  checkConfig();
  const evt = readEvent(event);
  if (!evt || !evt.id || !evt.type || !evt.data || !evt.data.object) throw new Error('not a Stripe event: needs id, type and data.object');
  const obj = evt.data.object;
  const tenant = tenantOf(obj);
  const now = Math.floor(Date.now() / 1000);

  try {
    await ddb.send(new PutItemCommand({
      TableName: TABLES.idempotency,
      Item: { event_id: S(evt.id), event_type: S(evt.type), tenant_id: S(tenant), processed_at: N(now), expires_at: N(now + 30 * 86400) },
      ConditionExpression: 'attribute_not_exists(event_id)',
    }));
  } catch (e) {
    if (e instanceof ConditionalCheckFailedException || e.name === 'ConditionalCheckFailedException') {
      console.log(`event ${evt.id} already processed; skipping`);
      return { received: true, duplicate: true, eventId: evt.id, type: evt.type, tablesRead: [TABLES.idempotency], tablesWritten: [] };
    }
    throw e;
  }
  const written = [TABLES.idempotency];
  const userId = obj.metadata && obj.metadata.user_id;

  switch (evt.type) {
    case 'customer.created':
    case 'customer.updated': {
      if (!userId) throw new Error(`customer ${obj.id} has no metadata.user_id`);
      await ddb.send(new UpdateItemCommand({
        TableName: TABLES.customers,
        Key: { tenant_id: S(tenant), user_id: S(userId) },
        UpdateExpression: 'SET customer_id = :c, email = :e, #n = :n, updated_at = :t',
        ExpressionAttributeNames: { '#n': 'name' },
        ExpressionAttributeValues: { ':c': S(obj.id), ':e': S(obj.email || `${userId}@unknown.test`), ':n': S(obj.name || userId), ':t': N(now) },
      }));
      written.push(TABLES.customers);
      break;
    }
    case 'customer.subscription.created':
    case 'customer.subscription.updated': {
      const price = obj.items && obj.items.data && obj.items.data[0] && obj.items.data[0].price ? obj.items.data[0].price.id : obj.price_id;
      await ddb.send(new PutItemCommand({
        TableName: TABLES.subscriptions,
        Item: {
          tenant_id: S(tenant), subscription_id: S(obj.id), customer_id: S(obj.customer), status: S(obj.status || 'active'),
          price_id: S(price || 'price_unknown'), current_period_end: N(obj.current_period_end || now + 30 * 86400),
          cancel_at_period_end: { BOOL: Boolean(obj.cancel_at_period_end) }, updated_at: N(now),
          ...(userId ? { user_id: S(userId) } : {}),
        },
      }));
      written.push(TABLES.subscriptions);
      if (userId) {
        await ddb.send(new UpdateItemCommand({
          TableName: TABLES.customers,
          Key: { tenant_id: S(tenant), user_id: S(userId) },
          UpdateExpression: 'SET subscription_id = :s, subscription_status = :st, customer_id = :c, updated_at = :t',
          ExpressionAttributeValues: { ':s': S(obj.id), ':st': S(obj.status || 'active'), ':c': S(obj.customer), ':t': N(now) },
        }));
        written.push(TABLES.customers);
      }
      break;
    }
    case 'customer.subscription.deleted': {
      await ddb.send(new UpdateItemCommand({
        TableName: TABLES.subscriptions,
        Key: { tenant_id: S(tenant), subscription_id: S(obj.id) },
        UpdateExpression: 'SET #s = :s, canceled_at = :t, updated_at = :t',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':s': S('canceled'), ':t': N(now) },
      }));
      written.push(TABLES.subscriptions);
      break;
    }
    case 'invoice.created':
    case 'invoice.paid':
    case 'invoice.payment_succeeded':
    case 'invoice.payment_failed': {
      const status = evt.type === 'invoice.payment_failed' ? 'open' : (obj.status || 'paid');
      await ddb.send(new PutItemCommand({
        TableName: TABLES.invoices,
        Item: {
          tenant_id: S(tenant), invoice_id: S(obj.id), subscription_id: S(obj.subscription || 'none'), customer_id: S(obj.customer),
          amount_paid: N(obj.amount_paid || 0), currency: S(obj.currency || 'usd'), status: S(status), created: N(obj.created || now),
        },
      }));
      written.push(TABLES.invoices);
      if (obj.subscription && evt.type !== 'invoice.created') {
        await ddb.send(new UpdateItemCommand({
          TableName: TABLES.subscriptions,
          Key: { tenant_id: S(tenant), subscription_id: S(obj.subscription) },
          UpdateExpression: 'SET latest_invoice_id = :i, #s = :s, updated_at = :t',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: { ':i': S(obj.id), ':s': S(evt.type === 'invoice.payment_failed' ? 'past_due' : 'active'), ':t': N(now) },
        }));
        written.push(TABLES.subscriptions);
      }
      break;
    }
    default:
      console.log(`event type ${evt.type} recorded, nothing else to do`);
  }
  console.log(`event ${evt.id} (${evt.type}) for ${tenant}: wrote ${[...new Set(written)].join(', ')}; would publish to ${BUS}`);
  return { received: true, duplicate: false, eventId: evt.id, type: evt.type, tablesWritten: [...new Set(written)], eventBus: BUS };
};
