'use strict';
// Counts signed requests per "Service.Operation" since start or the last reset.

function createStats() {
  let counts = new Map();
  return {
    count(service, operation) {
      const key = `${service}.${operation}`;
      counts.set(key, (counts.get(key) || 0) + 1);
    },
    snapshot() { return { requests: Object.fromEntries([...counts.entries()].sort()) }; },
    reset() { counts = new Map(); },
  };
}

module.exports = { createStats };
