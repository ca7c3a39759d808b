#include "sync/hq/name_rules.h"

#include "sync/hq/csv_text.h"
#include "sync/protocol/json_limits.h"
#include "sync/protocol/names.h"

namespace hq {

std::optional<protocol::Phrase> name_problem(const std::string& what, const std::string& text, std::size_t max_chars) {
  const auto said = [&](const char* key) {
    return phrase(key, {{"what", what}, {"text", text}, {"max", std::to_string(max_chars)}});
  };
  if (!protocol::valid_utf8(text)) return said("hq.name.not_utf8");
  if (trim(text).empty()) return said("hq.name.empty");
  if (trim(text) != text) return said("hq.name.spaces");
  if (code_points(text) > max_chars) return said("hq.name.too_long");
  if (protocol::holds_control(text)) return said("hq.name.control");
  if (protocol::holds_separator(text)) return said("hq.name.separator");
  return std::nullopt;
}

std::optional<protocol::Phrase> text_problem(const std::string& what, const std::string& text, std::size_t max_chars,
                                             bool breaks) {
  const auto said = [&](const char* key) { return phrase(key, {{"what", what}, {"max", std::to_string(max_chars)}}); };
  if (!protocol::valid_utf8(text)) return said("hq.name.not_utf8");
  if (code_points(text) > max_chars) return said("hq.text.too_long");
  if (protocol::holds_control(text, breaks)) return said(breaks ? "hq.text.control" : "hq.name.control");
  return std::nullopt;
}

}  // namespace hq
