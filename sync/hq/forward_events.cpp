#include "sync/hq/forward_events.h"

#include <sodium.h>

#include <cstdio>

namespace hq {

std::string forward_event_id(const std::string& kind, const std::string& subject) {
  const std::string name = "hall-forward-event:" + kind + ":" + subject;
  unsigned char h[16];
  crypto_generichash(h, sizeof h, reinterpret_cast<const unsigned char*>(name.data()), name.size(), nullptr, 0);
  h[6] = static_cast<unsigned char>((h[6] & 0x0f) | 0x80);  // version 8: a name-derived UUID of our own
  h[8] = static_cast<unsigned char>((h[8] & 0x3f) | 0x80);  // RFC 4122 variant
  char out[37];
  std::snprintf(out, sizeof out, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", h[0], h[1],
                h[2], h[3], h[4], h[5], h[6], h[7], h[8], h[9], h[10], h[11], h[12], h[13], h[14], h[15]);
  return out;
}

void queue_forward_event(sync_db::Db& db, const std::string& kind, const std::string& subject, const std::string& note,
                         const std::string& happened_at, std::int64_t now_ms) {
  sync_db::Stmt(db,
                "INSERT OR IGNORE INTO forward_events(id, kind, subject, note, happened_at, state, next_attempt_at, "
                "created_at) VALUES(?,?,?,?,?,'pending',?,?)")
      .bind(1, forward_event_id(kind, subject)).bind(2, kind).bind(3, subject).bind(4, note).bind(5, happened_at)
      .bind(6, now_ms).bind(7, now_ms).run();
}

}  // namespace hq
