#pragma once
/// Where a table's copy stands according to the journal: the resume state handed to the copy engine.

#include <string_view>

#include "migrate/copy/copy_checkpoint.h"
#include "migrate/journal/journal.h"

namespace ddbmv::migrate {

/// The copy of `source` as the journal recorded it: the last checkpoint of each segment
/// (copy.segment/<source>/<n>) and the segment count fixed by copy.table/<source>'s intent. A copy
/// never started gives an empty state (total_segments 0). Fails when a checkpoint is malformed or
/// disagrees on the segment count.
Result<CopyResumeState> copy_resume_state(const JournalState& state, std::string_view source);

}  // namespace ddbmv::migrate
