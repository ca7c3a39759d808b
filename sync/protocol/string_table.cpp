#include "sync/protocol/string_table.h"
#include "sync/common/read_text.h"
#include "sync/common/civil_time.h"

#include <algorithm>
#include <array>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string_view>

namespace protocol {

void StringTable::load(const std::string& path) {
  const auto text = common::read_text(path);
  if (!text) throw std::runtime_error("cannot read string table " + path);
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(*text);
  } catch (const nlohmann::json::exception& e) {
    throw std::runtime_error("string table " + path + " is not valid JSON: " + e.what());
  }
  if (!j.is_object()) throw std::runtime_error("string table " + path + " is not a JSON object");
  table_.clear();
  missing_.clear();
  for (auto& [k, v] : j.items()) {
    if (!v.is_string()) throw std::runtime_error("string table " + path + ": \"" + k + "\" is not a string");
    table_[k] = v.get<std::string>();
  }
}

const std::string& StringTable::get(const std::string& key) const {
  auto it = table_.find(key);
  if (it != table_.end()) return it->second;
  auto [pos, inserted] = missing_.insert(key);
  (void)inserted;
  return *pos;
}

std::string fill_places(const std::string& text, const std::vector<std::pair<std::string, std::string>>& values) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t open = text.find('{', i);
    const std::size_t close = open == std::string::npos ? open : text.find('}', open);
    if (close == std::string::npos) {
      out.append(text, i);
      break;
    }
    out.append(text, i, open - i);
    const std::string_view name(text.data() + open + 1, close - open - 1);
    const auto v = std::find_if(values.begin(), values.end(), [&](const auto& kv) { return kv.first == name; });
    if (v != values.end()) out += v->second;
    else out.append(text, open, close - open + 1);
    i = close + 1;
  }
  return out;
}

std::string StringTable::say(const Phrase& phrase) const {
  // Not get(): a shared table is said from several threads, and a missing key is shown as itself instead.
  const auto said = [&](const std::string& key) -> const std::string& {
    const auto found = table_.find(key);
    return found == table_.end() ? key : found->second;
  };
  std::vector<std::pair<std::string, std::string>> values = phrase.vars;
  for (const auto& [name, key] : phrase.words) values.emplace_back(name, said(key));
  return fill_places(said(phrase.key), values);
}

namespace {
template <typename E>
void add_labels(std::vector<std::string>& out) {
  for (const E v : all_values<E>()) out.push_back(label_key(v));
}
}  // namespace

namespace {
constexpr std::array<const char*, 7> kWeekdays = {"weekday.mon", "weekday.tue", "weekday.wed", "weekday.thu",
                                                  "weekday.fri", "weekday.sat", "weekday.sun"};
constexpr std::array<const char*, 12> kMonths = {"month.jan", "month.feb", "month.mar", "month.apr",
                                                 "month.may", "month.jun", "month.jul", "month.aug",
                                                 "month.sep", "month.oct", "month.nov", "month.dec"};
}  // namespace

std::string month_in_words(const StringTable& t, const std::string& month) {
  if (month.size() != 7 || !common::valid_date(month + "-01")) return month;
  const int m = std::stoi(month.substr(5, 2));
  return fill_places(t.get("date.month"), {{"y", month.substr(0, 4)},
                                           {"m", std::to_string(m)},
                                           {"month", t.get(kMonths[static_cast<std::size_t>(m - 1)])}});
}

std::string date_in_words(const StringTable& t, const std::string& date, bool with_year) {
  const int wd = common::weekday_of(date);
  if (wd < 0) return date;
  const int y = std::stoi(date.substr(0, 4)), m = std::stoi(date.substr(5, 2)), d = std::stoi(date.substr(8, 2));
  return fill_places(t.get(with_year ? "date.long" : "date.short"),
                     {{"y", std::to_string(y)},
                      {"m", std::to_string(m)},
                      {"d", std::to_string(d)},
                      {"month", t.get(kMonths[static_cast<std::size_t>(m - 1)])},
                      {"w", t.get(kWeekdays[static_cast<std::size_t>(wd)])}});
}

std::vector<std::string> enumeration_label_keys() {
  std::vector<std::string> out;
  add_labels<Level>(out);
  add_labels<ReportKind>(out);
  add_labels<ProblemSource>(out);
  add_labels<Rank>(out);
  add_labels<HalfDay>(out);
  add_labels<ItemType>(out);
  add_labels<TargetKind>(out);
  add_labels<ReportState>(out);
  add_labels<ConsoleRole>(out);
  add_labels<CaseState>(out);
  add_labels<AppealGround>(out);
  add_labels<AppealState>(out);
  add_labels<StorageState>(out);
  add_labels<StorageEventKind>(out);
  add_labels<AlertKind>(out);
  add_labels<WebhookKind>(out);
  add_labels<CallState>(out);
  add_labels<Orientation>(out);
  add_labels<DutyStatus>(out);
  add_labels<WalkForm>(out);
  return out;
}

}  // namespace protocol
