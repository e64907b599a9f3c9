#pragma once
/// The one error type that crosses module boundaries, and the Result alias every fallible call returns.

#include <expected>
#include <string>

namespace ddbmv {

/// A failure a user can act on: what went wrong (naming the thing and the reason) and what to do next.
/// Never holds a secret.
struct Error {
  std::string code;     ///< Stable machine-readable code: an AWS error code or a local one ("InvalidRule").
  std::string message;  ///< What failed and why, naming the resource: "table X does not exist".
  std::string hint;     ///< The next step for the user; may be empty.
};

template <class T>
using Result = std::expected<T, Error>;

/// Shorthand for returning a failure: `return fail("InvalidRule", "...", "...");`.
inline std::unexpected<Error> fail(std::string code, std::string message, std::string hint = {}) {
  return std::unexpected(Error{std::move(code), std::move(message), std::move(hint)});
}

}  // namespace ddbmv
