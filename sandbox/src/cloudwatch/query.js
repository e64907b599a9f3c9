'use strict';
// AWS's query protocol as CloudWatch speaks it (what Debian's awscli 2.9 sends): a form-encoded
// body (Action=...&Version=2010-08-01&AlarmNames.member.1=...), answered in XML in the
// service's namespace, errors as <ErrorResponse><Error><Type/><Code/><Message/></Error>.

const crypto = require('node:crypto');

const XMLNS = 'http://monitoring.amazonaws.com/doc/2010-08-01/';
const NUMBERS = new Set(['EvaluationPeriods', 'DatapointsToAlarm', 'Period', 'Threshold', 'MaxRecords']);
const BOOLEANS = new Set(['ActionsEnabled', 'ReturnData']);

/** Form body → { action, input }: `a.member.N` become lists, `a.b` nested members, numbers and booleans typed. */
function parseQuery(body) {
  const params = new URLSearchParams(body ? body.toString('utf8') : '');
  const input = {};
  let action = null;
  for (const [k, v] of params) {
    if (k === 'Action') { action = v; continue; }
    if (k === 'Version') continue;
    set(input, k.split('.'), v);
  }
  return { action, input: finish(input) };
}

function set(obj, path, value) {
  let cur = obj;
  for (let i = 0; i < path.length - 1; i++) {
    const seg = path[i];
    if (!cur[seg] || typeof cur[seg] !== 'object') cur[seg] = {};
    cur = cur[seg];
  }
  cur[path[path.length - 1]] = value;
}

/** Turns { member: { 1: x, 2: y } } into [x, y] and types the leaves. */
function finish(v, name) {
  if (v === null || typeof v !== 'object') {
    if (NUMBERS.has(name)) return Number(v);
    if (BOOLEANS.has(name)) return v === 'true';
    return v;
  }
  const keys = Object.keys(v);
  if (keys.length === 1 && keys[0] === 'member') {
    const m = v.member;
    return Object.keys(m).map(Number).sort((a, b) => a - b).map((i) => finish(m[i], undefined));
  }
  const out = {};
  for (const k of keys) out[k] = finish(v[k], k);
  return out;
}

function escapeXml(s) {
  return String(s).replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' }[c]));
}

function toXml(name, v) {
  if (v === undefined || v === null) return '';
  if (Array.isArray(v)) return `<${name}>${v.map((x) => toXml('member', x)).join('')}</${name}>`;
  if (v instanceof Date) return `<${name}>${v.toISOString()}</${name}>`;
  if (typeof v === 'object') return `<${name}>${Object.entries(v).map(([k, x]) => toXml(k, x)).join('')}</${name}>`;
  return `<${name}>${escapeXml(v)}</${name}>`;
}

function sendXml(res, status, xml) {
  const text = `<?xml version="1.0" encoding="UTF-8"?>\n${xml}`;
  res.writeHead(status, { 'content-type': 'text/xml', 'content-length': Buffer.byteLength(text), 'x-amzn-requestid': crypto.randomUUID() });
  res.end(text);
}

/** <ActionResponse><ActionResult>...</ActionResult><ResponseMetadata/></ActionResponse> (no Result when empty). */
function sendQueryAnswer(res, action, output) {
  const id = crypto.randomUUID();
  const result = output && Object.keys(output).length ? toXml(`${action}Result`, output) : '';
  sendXml(res, 200, `<${action}Response xmlns="${XMLNS}">${result}<ResponseMetadata><RequestId>${id}</RequestId></ResponseMetadata></${action}Response>`);
}

function sendQueryError(res, status, code, message, senderFault = true) {
  sendXml(res, status, `<ErrorResponse xmlns="${XMLNS}"><Error><Type>${senderFault ? 'Sender' : 'Receiver'}</Type><Code>${escapeXml(code)}</Code><Message>${escapeXml(message)}</Message></Error><RequestId>${crypto.randomUUID()}</RequestId></ErrorResponse>`);
}

module.exports = { parseQuery, sendQueryAnswer, sendQueryError };
