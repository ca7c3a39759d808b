#pragma once
// Dates as the bureau's forms write them: 2026-04-22, 2026/4/22, 2026年4月22日, 4月22日, with 上午/下午.
#include <optional>
#include <string>
#include <utility>
#include <variant>

#include "sync/hq/hq_words.h"

#include "sync/protocol/enums.h"

namespace hq {

// The text without spaces and trimmed ("4月22日 上午" → "4月22日上午").
std::string without_spaces(const std::string& text);
// "2026-04-22", "2026/4/22", "2026年4月22日", "4月22日" → YYYY-MM-DD, or nullopt. A date without a year is in
// `year`, or with year 0 in the year that puts it nearest to `today` (a plan for January made in December).
std::optional<std::string> civil_date(const std::string& text, int year, const std::string& today);
// "4月22日上午", "2026年4月22日下午", "2026-04-22 上午" → (YYYY-MM-DD, half), or the reason it is not a date.
std::variant<std::pair<std::string, protocol::HalfDay>, protocol::Phrase> parse_half_day(const std::string& text, int year,
                                                                                          const std::string& today);

}  // namespace hq
