'use strict';
// The timers that move a function's State and LastUpdateStatus along (Pending → Active,
// InProgress → Successful) after the update delay; one per function.

class UpdateTimers {
  constructor() { this.timers = new Map(); }

  /** Runs `fn` after `ms` for `name`, replacing a timer already set for it. */
  schedule(name, ms, fn) {
    this.cancel(name);
    const timer = setTimeout(fn, ms);
    timer.unref();
    this.timers.set(name, timer);
  }

  cancel(name) {
    clearTimeout(this.timers.get(name));
    this.timers.delete(name);
  }

  clear() {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }
}

/** Marks a record Active/Successful; true if anything changed. */
function settle(rec) {
  const changed = rec.State !== 'Active' || rec.LastUpdateStatus !== 'Successful';
  rec.State = 'Active';
  rec.LastUpdateStatus = 'Successful';
  for (const k of ['StateReason', 'StateReasonCode', 'LastUpdateStatusReason', 'LastUpdateStatusReasonCode']) delete rec[k];
  return changed;
}

module.exports = { UpdateTimers, settle };
