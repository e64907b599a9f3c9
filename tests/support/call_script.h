#pragma once
/// What the fakes of the control plane share: the log of the calls made to them, in order, and the
/// failures a test queued for the next calls of an operation. Not thread-safe by itself: each fake
/// holds its own mutex around it.
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "aws/error.h"

namespace ddbmv::testing {

class CallScript {
 public:
  explicit CallScript(std::string service) : m_service(std::move(service)) {}

  /// The error the fake answers `operation` with: `code`, a client error.
  aws::AwsError error(const std::string& operation, const std::string& code) const {
    return aws::AwsError{m_service, operation, code, code + " (from the fake)", 400, "", false};
  }
  /// The next call of `operation` fails with `code`.
  void fail_next(const std::string& operation, const std::string& code) {
    m_failures[operation].push_back(code);
  }
  /// Records the call "operation name".
  void note(const std::string& operation, const std::string& name) {
    m_calls.push_back(operation + " " + name);
  }
  /// Records the call and returns the failure queued for it, if any.
  std::optional<aws::AwsError> failure(const std::string& operation, const std::string& name) {
    note(operation, name);
    auto& queued = m_failures[operation];
    if (queued.empty())
      return std::nullopt;
    const std::string code = queued.front();
    queued.pop_front();
    return error(operation, code);
  }
  /// The calls made, in order ("DeleteTable t", ...).
  const std::vector<std::string>& calls() const { return m_calls; }

 private:
  std::string m_service;
  std::map<std::string, std::deque<std::string>> m_failures;
  std::vector<std::string> m_calls;
};

}  // namespace ddbmv::testing
