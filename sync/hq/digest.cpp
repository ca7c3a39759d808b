#include "sync/hq/digest.h"

#include <sodium.h>

#include <array>

namespace hq {

std::string hex_hash(const std::string& data, std::size_t bytes) {
  std::array<unsigned char, crypto_generichash_BYTES> h{};
  crypto_generichash(h.data(), bytes, reinterpret_cast<const unsigned char*>(data.data()), data.size(), nullptr, 0);
  std::array<char, crypto_generichash_BYTES * 2 + 1> hex{};
  sodium_bin2hex(hex.data(), hex.size(), h.data(), bytes);
  return hex.data();
}

}  // namespace hq
