'use strict';
// AWS's query protocol as IAM and STS speak it: form-encoded request parameters (lists as
// `Name.member.N`, maps as `Name.entry.N.key/value`) and XML answers and errors.

const crypto = require('node:crypto');

/** Form body → { Action, Version, ...params } with `x.member.N` folded into arrays. */
function parseForm(body) {
  const flat = new URLSearchParams(body ? body.toString('utf8') : '');
  const out = {};
  for (const [key, value] of flat) {
    const parts = key.split('.');
    let node = out;
    for (let i = 0; i < parts.length; i++) {
      const last = i === parts.length - 1;
      let k = parts[i];
      if (k === 'member' && i + 1 < parts.length) {
        // node is the array holder: parts[i+1] is the 1-based index.
        continue;
      }
      if (i > 0 && parts[i - 1] === 'member') k = Number(k) - 1;
      if (last) { node[k] = value; break; }
      if (parts[i + 1] === 'member') {
        if (!Array.isArray(node[k])) node[k] = [];
      } else if (node[k] === undefined || typeof node[k] !== 'object') {
        node[k] = {};
      }
      node = node[k];
    }
  }
  return compact(out);
}

function compact(v) {
  if (Array.isArray(v)) return v.filter((x) => x !== undefined).map(compact);
  if (v && typeof v === 'object') {
    for (const k of Object.keys(v)) v[k] = compact(v[k]);
  }
  return v;
}

function escapeXml(s) {
  return String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' }[c]));
}

/** Serializes a value: arrays as <member> lists, objects as elements, scalars as text. */
function toXml(value) {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return value.map((v) => `<member>${toXml(v)}</member>`).join('');
  if (typeof value === 'object' && value.__map) {
    return Object.entries(value.__map).map(([k, v]) => `<entry><key>${escapeXml(k)}</key><value>${toXml(v)}</value></entry>`).join('');
  }
  if (typeof value === 'object') {
    return Object.entries(value).filter(([, v]) => v !== undefined && v !== null).map(([k, v]) => `<${k}>${toXml(v)}</${k}>`).join('');
  }
  return escapeXml(value);
}

/** Sends `<{Action}Response><{Action}Result>…</…><ResponseMetadata>…` (no Result when `result` is null). */
function sendResult(res, xmlns, action, result) {
  const id = crypto.randomUUID();
  const inner = result === null ? '' : `<${action}Result>${toXml(result)}</${action}Result>`;
  const body = `<${action}Response xmlns="${xmlns}">${inner}<ResponseMetadata><RequestId>${id}</RequestId></ResponseMetadata></${action}Response>`;
  res.writeHead(200, { 'content-type': 'text/xml', 'content-length': Buffer.byteLength(body), 'x-amzn-requestid': id });
  res.end(body);
}

/** Sends the query protocol's error XML. `e`: { code, message, status, type }. */
function sendError(res, xmlns, e) {
  const id = crypto.randomUUID();
  const body = `<ErrorResponse xmlns="${xmlns}"><Error><Type>${e.type || 'Sender'}</Type><Code>${escapeXml(e.code)}</Code>` +
    `<Message>${escapeXml(e.message)}</Message></Error><RequestId>${id}</RequestId></ErrorResponse>`;
  res.writeHead(e.status || 400, { 'content-type': 'text/xml', 'content-length': Buffer.byteLength(body), 'x-amzn-requestid': id });
  res.end(body);
}

module.exports = { parseForm, toXml, sendResult, sendError, escapeXml };
