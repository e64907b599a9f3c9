'use strict';
// CloudFormation ownership as a scenario declares it: the tags CloudFormation itself puts on a
// stack's resources (aws:cloudformation:stack-name, logical-id, stack-id), and the rule that a
// user may not set or remove `aws:` tag keys (case-insensitive) on AWS.

const crypto = require('node:crypto');

const SYSTEM_PREFIX = /^aws:/i;

/** A stack's ARN, with a stable id per (region, account, stack name), as CloudFormation shows it. */
function stackArn(region, accountId, stackName) {
  const h = crypto.createHash('sha256').update(`${region}/${accountId}/${stackName}`).digest('hex');
  const id = `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
  return `arn:aws:cloudformation:${region}:${accountId}:stack/${stackName}/${id}`;
}

/** The three tags of a resource with `stack` = { name, logicalId } (or a string: the stack name, and `logicalId`). */
function stackTags({ region, accountId }, stack, logicalId) {
  const s = typeof stack === 'string' ? { name: stack, logicalId } : stack;
  if (!s || !s.name || !s.logicalId) throw new Error('"stack" needs a stack name and a logical id ({"name": ..., "logicalId": ...})');
  return [
    { Key: 'aws:cloudformation:stack-name', Value: s.name },
    { Key: 'aws:cloudformation:logical-id', Value: s.logicalId },
    { Key: 'aws:cloudformation:stack-id', Value: stackArn(region, accountId, s.name) },
  ];
}

/** The system (`aws:`) keys among `keys`. */
function systemKeys(keys) { return (keys || []).filter((k) => SYSTEM_PREFIX.test(String(k))); }

module.exports = { stackArn, stackTags, systemKeys };
