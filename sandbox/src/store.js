'use strict';
// A small JSON document kept by one emulated service (Application Auto Scaling, CloudWatch):
// in memory, and written to DIR/<name>.json under --data (atomically, coalesced).

const fs = require('node:fs');
const path = require('node:path');

/** dir: where the file lives, or null (memory only). `initial()` builds an empty document. */
function createStore(dir, name, initial) {
  const file = dir ? path.join(dir, `${name}.json`) : null;
  let data = file && fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : initial();
  let timer = null;
  function flush() {
    if (timer) { clearTimeout(timer); timer = null; }
    if (!file) return;
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(`${file}.tmp`, JSON.stringify(data));
    fs.renameSync(`${file}.tmp`, file);
  }
  return {
    get data() { return data; },
    /** Marks the document changed (written within 50 ms, and at flush()). */
    save() { if (file && !timer) { timer = setTimeout(flush, 50); timer.unref(); } },
    reset() { data = initial(); this.save(); },
    flush,
  };
}

module.exports = { createStore };
