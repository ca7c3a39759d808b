#pragma once
// Officials' PINs: HQ keeps only an argon2id hash in the official's row, which the kiosks pull.
#include <string>

#include "sync/hq/hq_store.h"

namespace hq {

// Hashes a 6–8 digit PIN (argon2id, opslimit 2, memlimit 8 MiB) into the official's row, and resets the official's
// lock (pin_lockouts.h); wipes `pin`.
void set_pin(HqStore& store, const std::string& official_id, std::string& pin);

}  // namespace hq
