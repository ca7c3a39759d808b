#include "sync/hq/pins.h"

#include <sodium.h>

#include <array>

#include "sync/hq/admin_error.h"
#include "sync/hq/pin_lockouts.h"
#include "sync/protocol/pin_lockout.h"
#include "sync/protocol/reference_json.h"

namespace hq {

using sync_db::Db;
using sync_db::Stmt;
using sync_db::Transaction;

void set_pin(HqStore& store, const std::string& official_id, std::string& pin) {
  if (!protocol::valid_pin(pin)) {
    sodium_memzero(pin.data(), pin.size());
    throw AdminError("a PIN is " + std::to_string(protocol::kMinPinDigits) + " to " +
                     std::to_string(protocol::kMaxPinDigits) + " digits");
  }
  std::array<char, crypto_pwhash_STRBYTES> hash{};
  const int rc = crypto_pwhash_str(hash.data(), pin.data(), pin.size(), 2, 8u * 1024u * 1024u);
  sodium_memzero(pin.data(), pin.size());
  if (rc != 0) throw AdminError("out of memory while hashing the PIN");
  const std::int64_t now = store.hall_clock().now();
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
    reset_pin_lock(db, official_id, now, seq);  // a new PIN starts with a clean count
    t.commit();
  });
}

}  // namespace hq
