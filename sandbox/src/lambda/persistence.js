'use strict';
// The Lambda state file (state.json under the data dir): functions with their versions and
// aliases, and event source mappings. Written whole, atomically, on every change.

const fs = require('node:fs');
const path = require('node:path');

/** statePath: the JSON file, or null (nothing persists). */
function createPersistence(statePath) {
  return {
    /** { functions: [...], eventSourceMappings: [...] } as last saved, or empty lists. */
    load() {
      if (!statePath || !fs.existsSync(statePath)) return { functions: [], eventSourceMappings: [] };
      const state = JSON.parse(fs.readFileSync(statePath, 'utf8'));
      return { functions: state.functions || [], eventSourceMappings: state.eventSourceMappings || [] };
    },
    save(state) {
      if (!statePath) return;
      const tmp = `${statePath}.${process.pid}.tmp`;
      fs.mkdirSync(path.dirname(statePath), { recursive: true });
      fs.writeFileSync(tmp, JSON.stringify(state));
      fs.renameSync(tmp, statePath);
    },
  };
}

module.exports = { createPersistence };
