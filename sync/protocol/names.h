#pragma once
// The rules every name and id HQ stores keeps (departments, windows, officials, items, halls, devices, logins):
// a bounded length, valid UTF-8, no control characters, and no path separators, since names become file names.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "sync/protocol/model.h"

namespace protocol {

// The longest id: 1–64 bytes (sync/PROTOCOL.md, "Ids are 1–64 bytes").
inline constexpr std::size_t kMaxIdBytes = 64;

// Why `value` cannot be a name of at most `max_chars` characters (e.g. "holds a path separator"), or nullopt.
// Empty names are refused unless `may_be_empty`.
std::optional<std::string> name_problem(std::string_view value, std::size_t max_chars, bool may_be_empty = false);
// Why `value` cannot be a free text of at most `max_chars` characters (a title, a 备注, an item's name such as
// "食品经营许可（新办/变更）"): valid UTF-8 without control characters, line breaks only when `breaks`; may be empty
// and may hold '/', since such texts never become file names.
std::optional<std::string> text_problem(std::string_view value, std::size_t max_chars, bool breaks = false);
// Whether `value` holds a control character (C0, DEL, C1, line and paragraph separators, bidirectional overrides,
// the BOM); line breaks pass when `breaks`. `value` is valid UTF-8.
bool holds_control(std::string_view value, bool breaks = false);
// Whether `value` holds a path separator: / or \ or a full-width look-alike of one.
bool holds_separator(std::string_view value);
// Why `value` cannot be an id (1–64 bytes, printable, no spaces or path separators, not "." or ".."), or nullopt.
std::optional<std::string> id_problem(std::string_view value);
// Why `value` cannot be a 统一社会信用代码 (GB 32100: 18 of 0-9 and A-Y without I, O, S, V, Z), or nullopt. Only
// the characters are checked: the check digit is the issuing office's, and a wrong code is the province's to refuse.
std::optional<std::string> credit_code_problem(std::string_view value);
// The first name or id of a reference message that breaks those rules, naming its table, row and field.
std::optional<std::string> reference_problem(const ReferenceData& data);

}  // namespace protocol
