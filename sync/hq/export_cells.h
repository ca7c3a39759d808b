#pragma once
// How the exports write dates, times, counts and the lines under a title.
#include <cstdint>
#include <initializer_list>
#include <string>
#include <vector>

#include "sync/hq/export_lookup.h"
#include "sync/hq/sheet.h"

namespace hq {

// The exports' words: assets/i18n's export.* in the Lookup's table (Chinese, the notice's forms), filled in.
const std::string& export_word(const Lookup& l, const std::string& key);
std::string export_word(const Lookup& l, const std::string& key,
                        const std::vector<std::pair<std::string, std::string>>& values);
// A row of column headers from their keys.
std::vector<std::string> export_words(const Lookup& l, std::initializer_list<const char*> keys);
// The meta line saying which working days the counts use.
std::string calendar_meta(const Lookup& l);
// 2026-04-22 → 2026年4月22日.
std::string chinese_date(const std::string& iso);
// Working days after `from` up to `to` as a cell; "" when either is not a date.
std::string working_days(const Lookup& l, const std::string& from, const std::string& to);
// The HH:MM of a timestamp, or "".
std::string hhmm(const std::string& ts);
// good / total as "87.5%"; "" when total is 0.
std::string percent(std::int64_t good, std::int64_t total);
// One part as it is, several as "1. …\n2. …".
std::string numbered(const std::vector<std::string>& parts);
// "填报单位（盖章）：…", the first line under a title.
std::string filler_meta(const Lookup& l, const ExportOptions& o);
// "统计期间：…至…　　填报日期：…", one line under 填报单位 on the bureau's own tables.
std::string period_line(const Lookup& l, const ExportOptions& o);
// One of the bureau's own tables: its name and title, 填报单位 and the period, then `notes` under them.
Sheet bureau_sheet(const Lookup& l, const ExportOptions& o, std::string name, std::string title,
                   const std::vector<std::string>& notes);
// A phone as 138****5678.
std::string masked(const std::string& phone);

}  // namespace hq
