#pragma once
// UTF-8 decoding for glyph collection and input checks.
#include <cstdint>
#include <string_view>

namespace core {

inline constexpr char32_t kReplacement = 0xFFFD;

// Decodes one code point at `pos` and advances it; malformed bytes yield U+FFFD and advance by one.
char32_t next_codepoint(std::string_view s, std::size_t& pos);
bool is_valid_utf8(std::string_view s);

template <typename F>
void for_each_codepoint(std::string_view s, F&& f) {
  std::size_t pos = 0;
  while (pos < s.size()) f(next_codepoint(s, pos));
}

}  // namespace core
