#include "sync/hq/pins.h"

#include <sodium.h>

#include <array>

#include "sync/hq/admin_error.h"
#include "sync/protocol/reference_json.h"

namespace hq {

using sync_db::Db;
using sync_db::Stmt;
using sync_db::Transaction;

void set_pin(HqStore& store, const std::string& official_id, std::string& pin) {
  const bool digits = pin.size() >= 4 && pin.size() <= 8 && pin.find_first_not_of("0123456789") == std::string::npos;
  if (!digits) {
    sodium_memzero(pin.data(), pin.size());
    throw AdminError("a PIN is 4 to 8 digits");
  }
  std::array<char, crypto_pwhash_STRBYTES> hash{};
  const int rc = crypto_pwhash_str(hash.data(), pin.data(), pin.size(), 2, 8u * 1024u * 1024u);
  sodium_memzero(pin.data(), pin.size());
  if (rc != 0) throw AdminError("out of memory while hashing the PIN");
  store.locked([&](Db& db) {
    Transaction t(db);
    Stmt q(db, "SELECT body FROM reference WHERE tbl='officials' AND id=? AND body IS NOT NULL");
    q.bind(1, official_id);
    if (!q.step()) throw NotFound("no official with id \"" + official_id + "\"");
    protocol::Official official = protocol::decode_official(q.text(0));
    official.pin_hash = std::string(hash.data());
    const std::int64_t seq = store.bump_seq();
    Stmt(db, "UPDATE reference SET body=?, seq=? WHERE tbl='officials' AND id=?")
        .bind(1, protocol::encode_official(official)).bind(2, seq).bind(3, official_id).run();
    t.commit();
  });
}

}  // namespace hq
