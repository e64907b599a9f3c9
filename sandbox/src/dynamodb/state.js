'use strict';
// What the front door keeps about tables beyond DynamoDB Local (tags, SSE, table class, PITR,
// table ids, restore summaries) and the on-demand backups. Saved as JSON under --data DIR.

const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

function createState(dataDir) {
  const file = dataDir ? path.join(dataDir, 'frontdoor.json') : null;
  const backupDir = dataDir ? path.join(dataDir, 'backups') : null;
  let tables = {};   // name -> { tableId, tags:[], sse, tableClass, pitr, restoreSummary }
  let backups = {};  // arn -> { details, source, features, spec, itemCount } (items in memory or on disk)
  const backupItems = new Map(); // arn -> items (memory mode, or cache)

  if (file && fs.existsSync(file)) {
    const saved = JSON.parse(fs.readFileSync(file, 'utf8'));
    tables = saved.tables || {};
    backups = saved.backups || {};
  }

  let saveTimer = null;
  function save() {
    if (!file) return;
    if (saveTimer) return;
    saveTimer = setTimeout(flush, 50);
  }
  function flush() {
    if (saveTimer) { clearTimeout(saveTimer); saveTimer = null; }
    if (!file) return;
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const tmp = `${file}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify({ tables, backups }));
    fs.renameSync(tmp, file);
  }
  function backupFile(arn) { return path.join(backupDir, `${crypto.createHash('sha1').update(arn).digest('hex')}.json`); }

  return {
    /** The record for a table, created on first use. */
    table(name) {
      let t = tables[name];
      if (!t) { t = tables[name] = { tableId: crypto.randomUUID(), tags: [] }; save(); }
      return t;
    },
    peekTable(name) { return tables[name] || null; },
    updateTable(name, fn) { fn(this.table(name)); save(); },
    dropTable(name) { if (tables[name]) { delete tables[name]; save(); } },
    tableNames() { return Object.keys(tables); },

    putBackup(arn, record, items) {
      backups[arn] = record;
      if (backupDir) {
        fs.mkdirSync(backupDir, { recursive: true });
        fs.writeFileSync(backupFile(arn), JSON.stringify(items));
      } else {
        backupItems.set(arn, items);
      }
      save();
    },
    backup(arn) { return backups[arn] || null; },
    backupItems(arn) {
      if (backupItems.has(arn)) return backupItems.get(arn);
      if (backupDir && fs.existsSync(backupFile(arn))) return JSON.parse(fs.readFileSync(backupFile(arn), 'utf8'));
      return [];
    },
    listBackups() { return Object.entries(backups).map(([arn, b]) => ({ arn, ...b })); },
    deleteBackup(arn) {
      delete backups[arn];
      backupItems.delete(arn);
      if (backupDir) fs.rmSync(backupFile(arn), { force: true });
      save();
    },
    /** Forgets every table and backup. */
    clear() {
      for (const arn of Object.keys(backups)) this.deleteBackup(arn);
      tables = {};
      save();
    },
    flush,
  };
}

module.exports = { createState };
