#include "sync/hq/published_document.h"

#include <sodium.h>

#include "sync/hq/digest.h"

namespace hq {

using sync_db::Db;
using sync_db::Stmt;

std::optional<std::string> current_document(HqStore& store, const char* tbl) {
  return store.locked([&](Db& db) -> std::optional<std::string> {
    Stmt q(db, "SELECT body FROM reference WHERE tbl=? AND id='current' AND body IS NOT NULL");
    q.bind(1, tbl);
    if (!q.step()) return std::nullopt;
    return q.text(0);
  });
}

std::string new_version(const std::string& now_iso, const std::string& content) {
  std::string stamp = now_iso.substr(0, 19);
  for (char& c : stamp)
    if (c == ':' || c == 'T') c = c == 'T' ? '.' : '-';
  return "hq-" + stamp + "-" + hex_hash(content, crypto_generichash_BYTES_MIN).substr(0, 6);
}

}  // namespace hq
