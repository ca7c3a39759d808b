#pragma once
// 好评率 as HQ counts it everywhere it shows one (the 工作台, the results published to the kiosks): 好评 = 非常满意,
// 满意 and 基本满意 over every rating, from the per-day counts the triggers keep (rating_day_counts), a 差评 voided on
// 申诉 counted nowhere.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>

#include "sync/hq/export_lookup.h"

namespace hq {

// The good and the bad ratings of something.
struct Tally {
  std::int64_t good = 0, bad = 0;
  void add(protocol::Level level, std::int64_t n) { (protocol::is_bad(level) ? bad : good) += n; }
  Tally& operator+=(const Tally& t) {
    good += t.good;
    bad += t.bad;
    return *this;
  }
  std::int64_t total() const { return good + bad; }
};
// good ÷ total, none without ratings.
inline std::optional<double> good_rate(const Tally& t) {
  if (!t.total()) return std::nullopt;
  return static_cast<double>(t.good) / static_cast<double>(t.total());
}

// Ratings tallied by (period, department id): the period is the first `chars` characters of the day (10: the day,
// 7: its month).
using Tallies = std::map<std::pair<std::string, std::string>, Tally>;

// The ratings of `from`..`to` as the triggers counted them, by period and department (within store.locked).
Tallies counted(sync_db::Db& db, const Lookup& l, const std::string& from, const std::string& to, int chars);
// Takes the 差评 voided on 申诉 in `from`..`to` out of tallies by month (chars 7) and department.
void subtract_voided(sync_db::Db& db, const Lookup& l, const std::string& from, const std::string& to,
                     Tallies& by_month_dept);

// A month YYYY-MM moved by n months, and its last day.
std::string month_add(const std::string& month, int n);
std::string month_end(const std::string& month);

}  // namespace hq
