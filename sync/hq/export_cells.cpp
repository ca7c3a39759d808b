#include "sync/hq/export_cells.h"

#include <cstdio>

namespace hq {

const std::string& export_word(const Lookup& l, const std::string& key) { return l.labels.get(key); }

std::string export_word(const Lookup& l, const std::string& key,
                        const std::vector<std::pair<std::string, std::string>>& values) {
  return l.labels.say({key, values, {}});
}

std::vector<std::string> export_words(const Lookup& l, std::initializer_list<const char*> keys) {
  std::vector<std::string> out;
  for (const char* k : keys) out.push_back(l.labels.get(k));
  return out;
}

std::string calendar_meta(const Lookup& l) {
  switch (l.calendar_source) {
    case Lookup::CalendarSource::none: return export_word(l, "export.calendar.weekdays");
    case Lookup::CalendarSource::shipped:
      return export_word(l, "export.calendar.shipped", {{"version", l.calendar.version()}});
    case Lookup::CalendarSource::hq: break;
  }
  return export_word(l, "export.calendar.hq", {{"version", l.calendar.version()}});
}

std::string chinese_date(const std::string& iso) {
  if (iso.size() < 10) return iso;
  return iso.substr(0, 4) + "年" + std::to_string(std::stoi(iso.substr(5, 2))) + "月" +
         std::to_string(std::stoi(iso.substr(8, 2))) + "日";
}

std::string working_days(const Lookup& l, const std::string& from, const std::string& to) {
  if (!protocol::valid_date(from) || !protocol::valid_date(to)) return "";
  return std::to_string(l.calendar.working_days_between(from, to));
}

std::string hhmm(const std::string& ts) { return ts.size() >= 16 ? ts.substr(11, 5) : std::string(); }

std::string percent(std::int64_t good, std::int64_t total) {
  if (total == 0) return "";
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.1f%%", 100.0 * static_cast<double>(good) / static_cast<double>(total));
  return buf;
}

std::string numbered(const std::vector<std::string>& parts) {
  if (parts.size() == 1) return parts.front();
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i) out += (i ? "\n" : "") + std::to_string(i + 1) + ". " + parts[i];
  return out;
}

std::string filler_meta(const Lookup& l, const ExportOptions& o) {
  return export_word(l, "export.meta.filler",
                     {{"unit", o.department_id.empty() ? export_word(l, "export.meta.all_departments")
                                                       : l.department_name(o.department_id)}});
}

std::string period_line(const Lookup& l, const ExportOptions& o) {
  return export_word(l, "export.meta.period",
                     {{"from", chinese_date(o.from)}, {"to", chinese_date(o.to)}, {"today", chinese_date(l.today)}});
}

std::string masked(const std::string& phone) {
  if (phone.size() < 8) return phone;
  return phone.substr(0, 3) + "****" + phone.substr(phone.size() - 4);
}

Sheet bureau_sheet(const Lookup& l, const ExportOptions& o, std::string name, std::string title,
                   const std::vector<std::string>& notes) {
  Sheet sh;
  sh.name = std::move(name);
  sh.title = std::move(title);
  sh.meta = {filler_meta(l, o), period_line(l, o)};
  sh.meta.insert(sh.meta.end(), notes.begin(), notes.end());
  return sh;
}

}  // namespace hq
