#pragma once
// The down-sync feed's parts (GET /v1/reference, sync/PROTOCOL.md): its cursor, the rows a message after it
// carries, and the report answers for one kiosk. HqStore::reference_feed puts them together holding its lock.
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "sync/common/sqlite_db.h"
#include "sync/protocol/model.h"

namespace hq {

// The reference tables of rows (the others hold one document each: reason_list, calendar, published_results).
inline constexpr std::array<const char*, 5> kRowTables = {"departments", "windows", "officials", "schedule",
                                                          "service_items"};

constexpr int kFeedDaysBack = 14;    // a full snapshot's sittings and schedule reach this many days back
constexpr int kFeedDaysAhead = 60;   // and its schedule this many days ahead: the kiosk's horizon
constexpr int kFeedReportDays = 60;  // and its report answers

// Where a kiosk stands: "SEQ.HORIZON" (HORIZON YYYYMMDD: the last schedule day it holds rows for), a bare SEQ from
// before the feed was bounded (it was sent every row then), or anything else: a full snapshot.
struct FeedCursor {
  bool full = true;
  std::int64_t after = 0;  // the last change sequence number it has
  std::string horizon;     // YYYY-MM-DD; "" for a bare SEQ
};
// `text` read against HQ's newest sequence number `current` (a cursor from HQ's future gets a full snapshot).
FeedCursor parse_feed_cursor(const std::string& text, std::int64_t current);

// Every row of the message after `c` but the report answers (the part the same for every kiosk), read within the
// store's lock and transaction; `today` is the hall's. The cursor it sets is `current` at today's horizon.
protocol::ReferenceData feed_rows(sync_db::Db& db, const FeedCursor& c, std::int64_t current, const std::string& today);
// The bureau's answers to the 办不成事 reports `device_id` took ("": every kiosk's) after `c`.
std::vector<protocol::ReportUpdate> feed_report_updates(sync_db::Db& db, const FeedCursor& c, const std::string& today,
                                                        const std::string& device_id);

}  // namespace hq
