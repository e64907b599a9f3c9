#pragma once
/// Rollback's data step (rollback.data): after cutover the new tables take the writes, so before the
/// functions move back the old tables must catch up. A scan diff, behind a small interface; what is
/// written to the new tables while it runs and until the functions are back is carried over by the
/// new table's stream (rollback_replay.h), captured before it starts.

#include <cstdint>
#include <string>

#include "migrate/copy/table_data_plane.h"
#include "util/clock.h"
#include "util/error.h"

namespace ddbmv::migrate {

struct SyncReport {
  std::int64_t new_items = 0;  ///< items read from the new table
  std::int64_t old_items = 0;  ///< items read from the old table
  std::int64_t put = 0;        ///< items written to the old table (absent there or different)
  std::int64_t deleted = 0;    ///< keys deleted from the old table (absent from the new one)
};

/// How the old table is brought in line.
enum class SyncMode {
  kMirror,  ///< the old table ends with exactly the new table's items (deletes carried over)
  kMerge,   ///< items absent from the old table or different there are put; nothing is deleted (for
            ///< a table other functions still write: a key only the old table has is one of theirs)
};

class RollbackDataSync {
 public:
  virtual ~RollbackDataSync() = default;
  /// Makes `old_table` hold the items of `new_table` (same key schema) as `mode` says. Idempotent: run
  /// again on tables already in step it writes nothing. Fails naming the table on a failed call.
  virtual Result<SyncReport> sync(const std::string& new_table, const std::string& old_table,
                                  SyncMode mode) = 0;
};

/// The scan-based diff: reads the old table's keys and item hashes (dynamodb/item_digest.h) into
/// memory, then scans the new table and puts every item that is absent from the old table or differs,
/// and (kMirror) deletes the old table's keys that the new table lacks. Consistent reads; writes through
/// BatchWriter (retries UnprocessedItems and throttling). Memory: one key and one hash per old item.
class ScanDiffSync final : public RollbackDataSync {
 public:
  /// `plane` and `clock` must outlive the sync.
  ScanDiffSync(const TableDataPlane& plane, const Clock& clock) : m_plane(plane), m_clock(clock) {}

  Result<SyncReport> sync(const std::string& new_table, const std::string& old_table, SyncMode mode) override;

 private:
  const TableDataPlane& m_plane;
  const Clock& m_clock;
};

}  // namespace ddbmv::migrate
