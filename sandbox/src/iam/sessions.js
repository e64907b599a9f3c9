'use strict';
// Temporary credentials that STS issues (AssumeRole, and Lambda for execution roles): an ASIA…
// access key id, a secret, a session token and an expiration. The front door's verifier looks
// them up by key id. Saved under --data DIR (sts.json) so sessions outlive a restart as on AWS.

const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const KEY_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

function randomKeyId() {
  let out = 'ASIA';
  for (const b of crypto.randomBytes(16)) out += KEY_ALPHABET[b % KEY_ALPHABET.length];
  return out;
}

function createSessions({ dataDir = null, now = () => Date.now() } = {}) {
  const file = dataDir ? path.join(dataDir, 'sts.json') : null;
  let byKey = new Map();
  if (file && fs.existsSync(file)) byKey = new Map(Object.entries(JSON.parse(fs.readFileSync(file, 'utf8'))));
  function save() {
    if (!file) return;
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(`${file}.tmp`, JSON.stringify(Object.fromEntries(byKey)), { mode: 0o600 });
    fs.renameSync(`${file}.tmp`, file);
  }
  function prune() {
    const t = now();
    for (const [k, s] of byKey) if (s.expiresAt < t - 3600 * 1000) byKey.delete(k);
  }

  return {
    /**
     * Issues credentials for a session of `role` (a store record). Returns the session:
     * { accessKeyId, secretAccessKey, sessionToken, expiresAt, roleArn, roleName, roleId, sessionName, issuedAt,
     * sourceArn (the Lambda function, for its execution role), sessionPolicy, sourceIdentity }.
     */
    issue(role, sessionName, durationSeconds, { sourceArn = null, sessionPolicy = null, sourceIdentity = null } = {}) {
      prune();
      const issuedAt = now();
      const s = {
        accessKeyId: randomKeyId(),
        secretAccessKey: crypto.randomBytes(30).toString('base64'),
        sessionToken: `IQoJb3JpZ2luX2VjE${crypto.randomBytes(96).toString('base64')}`,
        issuedAt, expiresAt: issuedAt + durationSeconds * 1000,
        roleArn: role.Arn, roleName: role.RoleName, roleId: role.RoleId, sessionName, sourceArn, sessionPolicy, sourceIdentity,
      };
      byKey.set(s.accessKeyId, s);
      save();
      return s;
    },
    /** The session with this access key id, or null. */
    lookup(accessKeyId) { return byKey.get(accessKeyId) || null; },
    clear() { byKey.clear(); save(); },
  };
}

/** The assumed-role ARN of a session, as STS names it. */
function assumedRoleArn(accountId, s) { return `arn:aws:sts::${accountId}:assumed-role/${s.roleName}/${s.sessionName}`; }

module.exports = { createSessions, assumedRoleArn };
