#include "sync/hq/admin_tokens.h"

#include <sodium.h>

#include <array>

#include "sync/hq/digest.h"

namespace hq {

using sync_db::Db;
using sync_db::Stmt;

std::string new_admin_token(HqStore& store) {
  std::array<unsigned char, 32> raw{};
  randombytes_buf(raw.data(), raw.size());
  std::array<char, 65> token{};
  sodium_bin2hex(token.data(), token.size(), raw.data(), raw.size());
  store.locked([&](Db& db) {
    Stmt(db, "INSERT INTO admin_tokens(token_hash, created_at) VALUES(?,?)")
        .bind(1, hex_hash(token.data(), crypto_generichash_BYTES))
        .bind(2, store.hall_clock().now()).run();
  });
  return token.data();
}

bool admin_token_ok(HqStore& store, const std::string& token) {
  if (token.size() != 64) return false;
  const std::string h = hex_hash(token, crypto_generichash_BYTES);
  return store.locked([&](Db& db) {
    Stmt q(db, "SELECT 1 FROM admin_tokens WHERE token_hash=?");
    q.bind(1, h);
    return q.step();
  });
}

}  // namespace hq
