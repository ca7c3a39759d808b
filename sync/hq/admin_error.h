#pragma once
// The errors of the bureau's admin operations (CLI and admin HTTP alike).
#include <stdexcept>

namespace hq {

// Raised for an admin request that cannot be done (unknown official, bad PIN, unknown receipt, …).
struct AdminError : std::runtime_error {
  using std::runtime_error::runtime_error;
};
// An admin request naming something HQ does not have (a department, official, receipt, rating): 404 over HTTP.
struct NotFound : AdminError {
  using AdminError::AdminError;
};

}  // namespace hq
