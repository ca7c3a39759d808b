#pragma once
// The words hqd says to people in the two languages of assets/i18n (read once per process), and errors that can be
// said in either: import problems, refusals of the console's and the CLI's requests.
#include <cstddef>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "sync/protocol/string_table.h"

namespace hq {

// The languages hqd speaks: the console's two (中文 first; English for scripts and the CLI).
enum class Language { zh, en };

// The table of `lang`, from hqd's installed assets (or the source tree's in a build).
const protocol::StringTable& words(Language lang);
// A phrase said in `lang`.
std::string say(const protocol::Phrase& phrase, Language lang);
// A phrase: say(phrase("hq.import.not_official", {{"name", n}}), lang); `words` are keys said in the language
// ({{"state", "case.state.rectifying"}}).
protocol::Phrase phrase(std::string key, std::vector<std::pair<std::string, std::string>> vars = {},
                        std::vector<std::pair<std::string, std::string>> words = {});

// Something an import found about a line of the file (0: the file as a whole): the phrases of what, in order.
struct LineSaid {
  std::size_t line = 0;
  std::vector<protocol::Phrase> what;
};

// An error that can be said in either language: phrases of assets/i18n (what() is their English), or a text of
// another library's words said as it is (`words_of` empty).
struct SaidError : std::runtime_error {
  explicit SaidError(const std::string& text);
  explicit SaidError(const protocol::Phrase& p);
  explicit SaidError(const std::vector<protocol::Phrase>& all);  // several reasons, said one after the other
  std::string said(Language lang) const;
  std::vector<protocol::Phrase> words_of;
};
// "line 8: a; b" or "第8行：a；b" (without "line N: " for the file as a whole, or when `with_line` is false).
std::string say(const LineSaid& l, Language lang, bool with_line = true);
// Each said in `lang`.
std::vector<std::string> say(const std::vector<LineSaid>& lines, Language lang);

}  // namespace hq
