#pragma once
// Civil dates (YYYY-MM-DD) and the working-day calendar, shared by the kiosk and hqd: weekends are rest
// days, except the 调休 make-up working days; public holidays are rest days. The default table ships in
// assets/calendar/; HQ's replaces it on sync.
#include <cstdint>
#include <optional>
#include <set>
#include <string>

#include "sync/common/civil_time.h"

namespace protocol {

// Date arithmetic is sync/common's (strict YYYY-MM-DD).
using common::add_days;
using common::valid_date;
using common::weekday_of;

class WorkCalendar {
 public:
  // Reads {"version": …, "holidays": [dates], "workdays": [dates]}; throws std::runtime_error naming the file.
  void load(const std::string& path);
  // The same shape as text (as HQ sends it); throws DecodeError.
  void load_json(const std::string& text);
  void set(std::set<std::string> holidays, std::set<std::string> workdays, std::string version);
  bool is_working_day(const std::string& date) const;
  // The date `n` working days after `date` (the day itself not counted).
  std::string add_working_days(const std::string& date, int n) const;
  // Working days after `from` up to and including `to` (0 when to <= from).
  int working_days_between(const std::string& from, const std::string& to) const;
  const std::string& version() const { return version_; }

 private:
  bool is_working_day(std::int64_t day) const;  // days since 1970-01-01
  std::set<std::string> holidays_, workdays_;
  std::set<std::int64_t> holiday_days_, workday_days_;  // the same as days since 1970-01-01, for counting
  std::string version_;
};

}  // namespace protocol
