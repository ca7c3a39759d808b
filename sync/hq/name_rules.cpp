#include "sync/hq/name_rules.h"

#include "sync/hq/csv_text.h"
#include "sync/protocol/json_limits.h"

namespace hq {
namespace {

// Whether the text holds a control character (C0, DEL, C1, U+2028/2029); line breaks pass when `breaks` is set.
bool control_in(const std::string& s, bool breaks) {
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (breaks && (c == '\n' || c == '\r')) continue;
    if (c < 0x20 || c == 0x7F) return true;
    // U+0080..U+009F are C2 80..C2 9F in UTF-8; U+2028/2029 (line and paragraph separators) E2 80 A8/A9.
    if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) <= 0x9F) return true;
    if (c == 0xE2 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80 &&
        (static_cast<unsigned char>(s[i + 2]) == 0xA8 || static_cast<unsigned char>(s[i + 2]) == 0xA9))
      return true;
  }
  return false;
}

}  // namespace

std::optional<std::string> name_problem(const std::string& what, const std::string& text, std::size_t max_chars) {
  if (!protocol::valid_utf8(text)) return what + " is not UTF-8 text";
  if (trim(text).empty()) return what + " is empty";
  if (trim(text) != text) return what + " \"" + text + "\" has spaces at its start or end";
  if (code_points(text) > max_chars)
    return what + " \"" + text + "\" is longer than " + std::to_string(max_chars) + " characters";
  if (control_in(text, false)) return what + " holds a control character (a line break, tab or the like)";
  if (text.find_first_of("/\\") != std::string::npos) return what + " \"" + text + "\" holds / or \\";
  return std::nullopt;
}

std::optional<std::string> text_problem(const std::string& what, const std::string& text, std::size_t max_chars,
                                        bool breaks) {
  if (!protocol::valid_utf8(text)) return what + " is not UTF-8 text";
  if (code_points(text) > max_chars) return what + " is longer than " + std::to_string(max_chars) + " characters";
  if (control_in(text, breaks))
    return what + (breaks ? " holds a control character (a tab or the like)"
                          : " holds a control character (a line break, tab or the like)");
  return std::nullopt;
}

}  // namespace hq
