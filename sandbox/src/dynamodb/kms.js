'use strict';
// KMS key ARNs for SSEDescription: a given key id, alias or ARN, or the account's aws/dynamodb key.

const crypto = require('node:crypto');

/** A stable, UUID-shaped key id derived from a name. */
function keyIdFor(name) {
  const h = crypto.createHash('sha1').update(name).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** The key ARN DescribeTable shows for KMSMasterKeyId `given` (or the AWS managed key). */
function kmsKeyArn(given, region, accountId) {
  const prefix = `arn:aws:kms:${region}:${accountId}:`;
  if (!given) return `${prefix}key/${keyIdFor(`aws/dynamodb:${region}:${accountId}`)}`;
  if (given.startsWith('arn:aws:kms:')) {
    const m = /^(arn:aws:kms:[^:]*:\d{12}:)alias\/(.+)$/.exec(given);
    return m ? `${m[1]}key/${keyIdFor(`${m[2]}:${region}:${accountId}`)}` : given;
  }
  if (given.startsWith('alias/')) {
    const alias = given.slice(6);
    return `${prefix}key/${keyIdFor(alias === 'aws/dynamodb' ? `aws/dynamodb:${region}:${accountId}` : `${alias}:${region}:${accountId}`)}`;
  }
  return `${prefix}key/${given}`;
}

module.exports = { kmsKeyArn };
