#pragma once
// Misuse protection: more than `ratings` ratings from one kiosk for one target within `seconds` are flagged for the
// bureau's review (table rating_flags), never dropped; the console lists the bursts and marks them reviewed.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "sync/common/sqlite_db.h"
#include "sync/hq/hq_store.h"
#include "sync/hq/principal.h"

namespace hq {

// The rule (kept in meta; 5 in 60 s until the bureau sets another).
struct MisuseRule {
  int ratings = 5;   // more than this many …
  int seconds = 60;  // … within this many seconds
};
MisuseRule misuse_rule(sync_db::Db& db);

// Checks each rating as it is stored, in the caller's transaction.
class MisuseCheck {
 public:
  MisuseCheck(sync_db::Db& db, std::int64_t now);
  // A rating just stored (its created_at in unix seconds): flags it and the ones before it within the rule's
  // seconds when there are more than the rule's number of them. Returns whether it was flagged.
  bool rated(const std::string& uuid, const std::string& device_id, const std::string& target_kind,
             const std::string& target_id, std::int64_t created_at);

 private:
  MisuseRule rule_;
  std::int64_t now_;
  sync_db::Stmt count_, flagged_before_, flag_window_, flag_one_;
};

// The flagged bursts the principal sees (grouped by kiosk, target and day), newest first, with the rule.
nlohmann::json flagged_bursts(HqStore& store, const Principal& who, const std::string& assets_dir, bool reviewed);
// Marks a burst reviewed (admin only; audited): every flagged rating of that kiosk, target and day.
void review_burst(HqStore& store, const Principal& who, const std::string& device_id, const std::string& target_kind,
                  const std::string& target_id, const std::string& hall_date, const std::string& note);
// Sets the rule (admin only; audited; 2..100 ratings, 10..3600 seconds).
void set_misuse_rule(HqStore& store, const Principal& who, const MisuseRule& rule);

}  // namespace hq
