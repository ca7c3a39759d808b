#include "sync/hq/importers.h"

#include <map>
#include <set>

#include "sync/hq/chinese_date.h"
#include "sync/hq/csv_table.h"
#include "sync/hq/published_document.h"
#include "sync/protocol/calendar.h"
#include "sync/protocol/reference_json.h"

namespace hq {

ImportResult import_calendar(HqStore& store, const std::string& bytes) {
  ImportResult result;
  std::map<std::string, bool> days;  // date → a holiday (true) or a 调休 working day (false)
  const auto text = json_text(bytes, result.errors);
  if (!result.ok()) return result;
  if (text) {  // the JSON of assets/calendar/
    try {
      const protocol::CalendarData c = protocol::decode_calendar(*text);
      for (const auto& d : c.holidays) days[d] = true;
      for (const auto& d : c.workdays) days[d] = false;
    } catch (const protocol::DecodeError& e) {
      result.errors.push_back(LineSaid{0, {phrase("hq.said.text", {{"text", e.what()}})}});
    }
  } else {
    const CsvTable cols(bytes, result.errors, {"日期", "类型"});
    if (!result.ok()) return result;
    static const std::map<std::string, bool> kKinds = {
        {"放假", true},  {"休", true},    {"休息", true},     {"节假日", true},   {"假日", true}, {"holiday", true},
        {"上班", false}, {"班", false},   {"补班", false},    {"调休上班", false}, {"工作日", false},
        {"workday", false}};
    std::map<std::string, std::size_t> seen;  // date → line
    const std::string today = store.hall_clock().today();
    for (const CsvRow& row : cols.rows) {
      const std::string when = without_spaces(cols.get(row, "日期")), kind = cols.get(row, "类型");
      std::vector<protocol::Phrase> why;
      const auto k = kKinds.find(kind);
      if (k == kKinds.end()) why.push_back(phrase("hq.import.bad_day_kind", {{"text", kind}}));
      std::optional<std::string> first = civil_date(when, 0, today), last = first;
      for (const char* sep : {"至", "~", "～", "—", "－"})
        if (const auto p = when.find(sep); !first && p != std::string::npos) {
          first = civil_date(when.substr(0, p), 0, today);
          // "2027年2月15日至2月23日": the end may leave out the year
          last = first ? civil_date(when.substr(p + std::string(sep).size()), std::stoi(first->substr(0, 4)), today)
                       : std::nullopt;
        }
      if (!first || !last)
        why.push_back(phrase("hq.import.bad_day", {{"text", when}}));
      else if (*last < *first || protocol::add_days(*first, 40) < *last)
        why.push_back(phrase("hq.import.long_range", {{"text", when}}));
      if (why.empty()) {
        for (std::string d = *first; d <= *last; d = protocol::add_days(d, 1)) {
          if (auto [it, fresh] = seen.emplace(d, row.line); !fresh)
            why.push_back(phrase("hq.import.day_twice", {{"day", d}, {"line", std::to_string(it->second)}}));
          else
            days[d] = k->second;
        }
      }
      if (!why.empty()) result.errors.push_back(LineSaid{row.line, why});
    }
  }
  if (!result.ok()) return result;
  if (days.empty()) {
    result.errors.push_back(LineSaid{0, {phrase("hq.import.no_days")}});
    return result;
  }
  // Merge into HQ's calendar: days the file does not list stay as they were.
  std::set<std::string> holidays, workdays;
  if (const auto doc = current_document(store, "calendar")) {
    const protocol::CalendarData c = protocol::decode_calendar(*doc);
    holidays.insert(c.holidays.begin(), c.holidays.end());
    workdays.insert(c.workdays.begin(), c.workdays.end());
  }
  for (const auto& [d, holiday] : days) {
    (holiday ? workdays : holidays).erase(d);
    (holiday ? holidays : workdays).insert(d);
  }
  protocol::CalendarData c{"", {holidays.begin(), holidays.end()}, {workdays.begin(), workdays.end()}};
  c.version = new_version(store.hall_clock().now_iso(), protocol::encode_calendar(c));
  protocol::ReferenceData data;
  data.calendar = std::move(c);
  store.import_reference(data);
  result.imported = days.size();
  result.notes.push_back(LineSaid{0, {phrase("hq.import.calendar_done", {{"version", data.calendar->version},
                                                                         {"holidays", std::to_string(holidays.size())},
                                                                         {"workdays", std::to_string(workdays.size())}})}});
  return result;
}

}  // namespace hq
