#include "migrate/streams/captured_stream.h"

#include "migrate/streams/cutover_capture.h"

namespace ddbmv::migrate {

std::optional<CapturedStream> captured_stream(const nlohmann::json& recorded) {
  if (!recorded.is_object()) {
    return std::nullopt;
  }
  if (recorded.contains("stream")) {
    auto capture = target_capture_from_json(recorded);
    return capture ? std::optional<CapturedStream>(
                         CapturedStream{std::move(capture->stream), std::move(capture->from)})
                   : std::nullopt;
  }
  auto start = stream_start_from_json(recorded);
  return start ? std::optional<CapturedStream>(CapturedStream{std::move(*start), {}}) : std::nullopt;
}

}  // namespace ddbmv::migrate
