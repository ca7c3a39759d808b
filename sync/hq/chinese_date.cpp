#include "sync/hq/chinese_date.h"

#include "sync/common/civil_time.h"
#include "sync/hq/csv_text.h"

namespace hq {
namespace {

bool strip_suffix(std::string& s, const std::string& suffix) {
  if (s.size() < suffix.size() || s.compare(s.size() - suffix.size(), suffix.size(), suffix) != 0) return false;
  s.resize(s.size() - suffix.size());
  return true;
}

std::optional<int> number(const std::string& s) {
  if (s.empty() || s.size() > 4 || s.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
  return std::stoi(s);
}

// The year and month of a YYYY-MM-DD date.
std::pair<int, int> year_month(const std::string& date) {
  return {std::stoi(date.substr(0, 4)), std::stoi(date.substr(5, 2))};
}

}  // namespace

std::optional<std::string> civil_date(const std::string& text, int year, const std::string& today) {
  std::string s = text;
  std::optional<int> y = year, m, d;
  if (year == 0) {
    const auto [ty, tm] = year_month(today);
    const auto mp = s.find("月");
    const auto month = mp == std::string::npos ? std::nullopt : number(s.substr(0, mp));
    y = ty;
    if (month && *month - tm > 6) y = ty - 1;
    if (month && tm - *month > 6) y = ty + 1;
  }
  if (const auto yp = s.find("年"); yp != std::string::npos) {
    y = number(s.substr(0, yp));
    s = s.substr(yp + 3);
  }
  if (const auto mp = s.find("月"); mp != std::string::npos) {
    m = number(s.substr(0, mp));
    std::string rest = s.substr(mp + 3);
    if (!strip_suffix(rest, "日")) strip_suffix(rest, "号");
    d = number(rest);
  } else {
    const char sep = s.find('-') != std::string::npos ? '-' : '/';
    const auto a = s.find(sep), b = s.find(sep, a == std::string::npos ? a : a + 1);
    if (a == std::string::npos || b == std::string::npos) return std::nullopt;
    y = number(s.substr(0, a));
    m = number(s.substr(a + 1, b - a - 1));
    d = number(s.substr(b + 1));
  }
  if (!y || !m || !d || !common::is_real_day(*y, *m, *d)) return std::nullopt;
  return common::format_date(common::days_from_civil(*y, *m, *d));
}

std::string without_spaces(const std::string& text) {
  std::string s;
  for (char c : trim(text))
    if (c != ' ') s += c;
  return s;
}

std::variant<std::pair<std::string, protocol::HalfDay>, protocol::Phrase> parse_half_day(const std::string& text, int year,
                                                                                          const std::string& today) {
  std::string s = without_spaces(text);
  protocol::HalfDay half;
  if (strip_suffix(s, "上午")) half = protocol::HalfDay::am;
  else if (strip_suffix(s, "下午")) half = protocol::HalfDay::pm;
  else return phrase("hq.import.half_day_missing", {{"text", text}});
  const auto date = civil_date(s, year, today);
  if (!date) return phrase("hq.import.half_day_bad", {{"text", text}});
  return std::pair<std::string, protocol::HalfDay>{*date, half};
}

}  // namespace hq
