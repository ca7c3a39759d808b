#include "sync/hq/name_rules.h"

#include "sync/hq/csv_text.h"
#include "sync/protocol/json_limits.h"
#include "sync/protocol/names.h"

namespace hq {

std::optional<std::string> name_problem(const std::string& what, const std::string& text, std::size_t max_chars) {
  if (!protocol::valid_utf8(text)) return what + " is not UTF-8 text";
  if (trim(text).empty()) return what + " is empty";
  if (trim(text) != text) return what + " \"" + text + "\" has spaces at its start or end";
  if (code_points(text) > max_chars)
    return what + " \"" + text + "\" is longer than " + std::to_string(max_chars) + " characters";
  if (protocol::holds_control(text)) return what + " holds a control character (a line break, tab or the like)";
  if (protocol::holds_separator(text)) return what + " \"" + text + "\" holds / or \\";
  return std::nullopt;
}

std::optional<std::string> text_problem(const std::string& what, const std::string& text, std::size_t max_chars,
                                        bool breaks) {
  if (!protocol::valid_utf8(text)) return what + " is not UTF-8 text";
  if (code_points(text) > max_chars) return what + " is longer than " + std::to_string(max_chars) + " characters";
  if (protocol::holds_control(text, breaks))
    return what + (breaks ? " holds a control character (a tab or the like)"
                          : " holds a control character (a line break, tab or the like)");
  return std::nullopt;
}

}  // namespace hq
