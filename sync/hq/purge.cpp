#include "sync/hq/purge.h"

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "sync/common/civil_time.h"
#include "sync/protocol/record_bodies.h"

namespace hq {

using sync_db::Db;
using sync_db::Stmt;
using sync_db::Transaction;

std::size_t purge_personal(HqStore& store, int days) {
  const std::string cutoff =
      protocol::format_timestamp_utc(store.hall_clock().now() - std::int64_t{days} * 86400);
  return store.locked([&](Db& db) {
    Transaction t(db);
    // The matters closed long enough ago; which of their fields are personal is the body type's business.
    Stmt s(db,
           "SELECT uuid, kind, body FROM records WHERE (kind='rating' AND uuid IN (SELECT rating_uuid FROM follow_ups "
           "WHERE first_at < ?1)) OR (kind='report' AND receipt IN (SELECT receipt FROM report_status WHERE done_at < ?1))");
    s.bind(1, cutoff);
    std::vector<std::pair<std::string, std::string>> kept;  // uuid, body without its personal fields
    while (s.step()) {
      const std::string body = s.text(2);
      std::string without = protocol::without_personal(*protocol::from_string<protocol::RecordKind>(s.text(1)), body);
      if (without != body) kept.emplace_back(s.text(0), std::move(without));
    }
    Stmt set(db, "UPDATE records SET body=? WHERE uuid=?");
    for (const auto& [uuid, body] : kept) set.bind(1, body).bind(2, uuid).run();
    t.commit();
    return kept.size();
  });
}

}  // namespace hq
