#include "util/redact.h"

#include <gtest/gtest.h>

namespace ddbmv {
namespace {

TEST(Redact, MasksAnyValueWithoutRevealingItsLength) {
  EXPECT_EQ(redact("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"), "****");
  EXPECT_EQ(redact("x"), "****");
}

TEST(Redact, EnvironmentShowsOnlyAllowedNames) {
  const std::map<std::string, std::string> environment = {
      {"CUSTOMERS_TABLE", "ai-nexus-dev-stripe-customers"},
      {"STRIPE_SECRET_KEY", "sk_live_abc"},
      {"EVENT_BUS", "bus"}};
  const auto masked = redact_environment(environment, {"CUSTOMERS_TABLE"});
  EXPECT_EQ(masked.at("CUSTOMERS_TABLE"), "ai-nexus-dev-stripe-customers");
  EXPECT_EQ(masked.at("STRIPE_SECRET_KEY"), "****");
  EXPECT_EQ(masked.at("EVENT_BUS"), "****");
  EXPECT_EQ(masked.size(), 3u);
}

TEST(Redact, ReplacesEveryOccurrenceOfEachSecret) {
  EXPECT_EQ(redact_occurrences("key=AKID secret=SECRET again SECRET", {"SECRET", "", "AKID"}),
            "key=**** secret=**** again ****");
}

}  // namespace
}  // namespace ddbmv
