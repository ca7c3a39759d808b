#pragma once
// The rules of sync/protocol/names.h, worded for the rows of an import or an edit (姓名“…”含有 / 或 \\).
#include <cstddef>
#include <optional>
#include <string>

#include "sync/hq/hq_words.h"

namespace hq {

// Why `text` (called `what` in the message, e.g. "姓名") is not a name of at most `max_chars` characters, or nullopt.
// Refused: empty, too long, not UTF-8, control characters (line breaks, tabs, NUL), '/' and '\' (names become
// parts of export file names).
std::optional<protocol::Phrase> name_problem(const std::string& what, const std::string& text, std::size_t max_chars);
// The same for a free text (a 备注, a 职务, a 事项名称 such as "新办/变更"): may be empty and hold '/', no control
// characters (line breaks only when `breaks`).
std::optional<protocol::Phrase> text_problem(const std::string& what, const std::string& text, std::size_t max_chars,
                                             bool breaks = false);

}  // namespace hq
