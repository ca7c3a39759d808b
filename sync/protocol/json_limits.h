#pragma once
// JSON text from the other end parsed within limits, so one hostile message cannot exhaust the stack.
#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>

namespace protocol {

// The deepest nesting of arrays and objects any message of the protocol may have (the deepest real one has 6).
inline constexpr std::size_t kMaxJsonDepth = 32;

// True when `s` is well-formed UTF-8 (no overlong forms, surrogates or code points past U+10FFFF).
bool valid_utf8(const std::string& s);
// Parses `text` as JSON; throws DecodeError (reference_json.h) naming `what` when it is not JSON, not UTF-8, or
// nested deeper than kMaxJsonDepth (checked before the parser runs).
nlohmann::json parse_limited(const std::string& text, const std::string& what);

}  // namespace protocol
