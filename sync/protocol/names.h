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
// Why `value` cannot be an id (1–64 bytes, printable, no spaces or path separators, not "." or ".."), or nullopt.
std::optional<std::string> id_problem(std::string_view value);
// The first name or id of a reference message that breaks those rules, naming its table, row and field.
std::optional<std::string> reference_problem(const ReferenceData& data);

}  // namespace protocol
