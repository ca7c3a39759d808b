#pragma once
// The errors of the bureau's admin operations (CLI and admin HTTP alike), said in the asker's language.
#include "sync/hq/hq_words.h"

namespace hq {

// Raised for an admin request that cannot be done (unknown official, bad PIN, unknown receipt, …).
struct AdminError : SaidError {
  using SaidError::SaidError;
};
// An admin request naming something HQ does not have (a department, official, receipt, rating): 404 over HTTP.
struct NotFound : AdminError {
  using AdminError::AdminError;
};

}  // namespace hq
