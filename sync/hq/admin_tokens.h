#pragma once
// Tokens for hqd's admin HTTP API: printed once when made, only their hash kept.
#include <string>

#include "sync/hq/hq_store.h"

namespace hq {

// A new admin token (printed once; only its hash is kept) and the check of one.
std::string new_admin_token(HqStore& store);
bool admin_token_ok(HqStore& store, const std::string& token);

}  // namespace hq
