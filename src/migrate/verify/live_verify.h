#pragma once
/// The verify that follows live writes (#7). After the drain nothing writes to the old table any
/// more, but the switched functions go on writing to the new one, so the two can only be compared
/// where the new side has not written: every item of the old table must be in the new one, identical,
/// and the new one must hold nothing else, except under keys the new side wrote since the cutover
/// began (new_side_keys.h). Those keys are asked for only after both Scans have ended, so a function's
/// write that lands while the new table is scanned is known by then.
///
/// Memory: one key and one item hash per item of the old table (as rollback's scan diff holds), plus
/// the new table's items that do not match.

#include <functional>
#include <set>
#include <string>

#include "migrate/copy/table_data_plane.h"
#include "migrate/verify/verify.h"
#include "util/error.h"

namespace ddbmv::migrate {

struct LiveVerifyReport {
  /// Count and digest of each side over the keys the new side did not write; `equal` when nothing
  /// else differs (samples name up to VerifyOptions::max_samples keys that do).
  VerifyReport compared;
  TableFingerprint source_all;     ///< the whole old table, as it stays (cutover.fingerprint)
  std::int64_t new_side_keys = 0;  ///< keys left out: written on the new side since the cutover began
};

/// `new_side_keys`: canonical primary keys (dynamodb::canonical_item) the new side wrote, called
/// once both Scans are done.
Result<LiveVerifyReport> verify_after_live_writes(
    const TableDataPlane& plane, const std::string& source, const std::string& target,
    const VerifyOptions& options, const std::function<Result<std::set<std::string>>()>& new_side_keys);

}  // namespace ddbmv::migrate
