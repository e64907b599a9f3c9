'use strict';
// DynamoDB Local names everything arn:aws:dynamodb:ddblocal:000000000000:...; the sandbox
// shows its own region and account, and maps them back on the way in.

const LOCAL_PREFIX = 'arn:aws:dynamodb:ddblocal:000000000000:';
const LOCAL_REGION = 'ddblocal';

function createArnMapper(region, accountId) {
  const publicPrefix = `arn:aws:dynamodb:${region}:${accountId}:`;
  const toPublicRe = new RegExp(escapeRe(LOCAL_PREFIX), 'g');
  const toLocalRe = new RegExp(escapeRe(publicPrefix), 'g');
  return {
    publicPrefix,
    /** Local ARNs in a string (a JSON body) → the sandbox's region and account. */
    toPublic(text) { return text.includes(LOCAL_PREFIX) ? text.replace(toPublicRe, publicPrefix) : text; },
    /** The sandbox's ARNs in a string → DynamoDB Local's. */
    toLocal(text) { return text.includes(publicPrefix) ? text.replace(toLocalRe, LOCAL_PREFIX) : text; },
    tableArn(table) { return `${publicPrefix}table/${table}`; },
    /** Table name from a table (or index/stream) ARN in either form, or null. */
    tableFromArn(arn) {
      const m = /^arn:aws:dynamodb:[^:]*:\d{12}:table\/([^/]+)/.exec(arn || '');
      return m ? m[1] : null;
    },
  };
}

function escapeRe(s) { return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'); }

module.exports = { createArnMapper, LOCAL_PREFIX, LOCAL_REGION };
