#pragma once
/// A provider of fixed credentials: keys from the environment or a profile, or a test's.

#include "aws/credentials.h"

namespace ddbmv::aws {

class StaticCredentialsProvider final : public CredentialsProvider {
 public:
  explicit StaticCredentialsProvider(Credentials credentials) : m_credentials(std::move(credentials)) {}
  /// Always the same credentials; thread-safe (immutable).
  Result<Credentials> credentials() override { return m_credentials; }

 private:
  const Credentials m_credentials;
};

}  // namespace ddbmv::aws
