#pragma once
// Hex digests (BLAKE2b through libsodium) for ids, versions and token hashes.
#include <cstddef>
#include <string>

namespace hq {

// The first `bytes` bytes (16 to 64) of the BLAKE2b digest of `data`, as lower-case hex.
std::string hex_hash(const std::string& data, std::size_t bytes);

}  // namespace hq
