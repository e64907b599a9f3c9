#include "util/jitter.h"

#include <gtest/gtest.h>

#include "aws/retry.h"
#include "migrate/copy/batch_writer.h"

namespace ddbmv {
namespace {

using std::chrono::milliseconds;

TEST(FullJitter, IsRandomTimesTheDoubledBaseUpToTheCap) {
  const auto half = [] { return 0.5; };
  EXPECT_EQ(full_jitter(milliseconds{100}, milliseconds{1'000}, 0, half), milliseconds{50});
  EXPECT_EQ(full_jitter(milliseconds{100}, milliseconds{1'000}, 2, half), milliseconds{200});
  EXPECT_EQ(full_jitter(milliseconds{100}, milliseconds{1'000}, 60, half), milliseconds{500});
  EXPECT_EQ(full_jitter(milliseconds{100}, milliseconds{1'000}, 3, [] { return 7.0; }), milliseconds{800});
}

TEST(FullJitter, TheAwsClientAndTheBatchWriterBackOffAlike) {
  aws::RetryPolicy client;
  client.base_delay = milliseconds{50};
  client.max_delay = milliseconds{5'000};
  client.random = [] { return 0.75; };
  migrate::BackoffPolicy writer;
  writer.random = client.random;
  for (int attempt = 0; attempt < 12; ++attempt)
    EXPECT_EQ(writer.delay(attempt), client.backoff(attempt + 1)) << attempt;
}

}  // namespace
}  // namespace ddbmv
