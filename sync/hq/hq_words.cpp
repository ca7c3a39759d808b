#include "sync/hq/hq_words.h"

#include <array>

#include "sync/common/installed_assets.h"

namespace hq {

const protocol::StringTable& words(Language lang) {
  static const std::array<protocol::StringTable, 2> tables = [] {
    std::array<protocol::StringTable, 2> t;
    const std::string dir = common::installed_assets("hall-hqd", HQD_ASSETS_DIR) + "/i18n/";
    t[0].load(dir + "zh-CN.json");
    t[1].load(dir + "en.json");
    return t;
  }();
  return tables[lang == Language::zh ? 0 : 1];
}

std::string say(const protocol::Phrase& p, Language lang) { return words(lang).say(p); }

protocol::Phrase phrase(std::string key, std::vector<std::pair<std::string, std::string>> vars,
                        std::vector<std::pair<std::string, std::string>> words) {
  return protocol::Phrase{std::move(key), std::move(vars), std::move(words)};
}

SaidError::SaidError(const std::string& text) : std::runtime_error(text) {}
SaidError::SaidError(const protocol::Phrase& p) : SaidError(std::vector<protocol::Phrase>{p}) {}
SaidError::SaidError(const std::vector<protocol::Phrase>& all)
    : std::runtime_error(say(LineSaid{0, all}, Language::en)), words_of(all) {}

std::string SaidError::said(Language lang) const {
  return words_of.empty() ? std::string(what()) : say(LineSaid{0, words_of}, lang);
}

std::string say(const LineSaid& l, Language lang, bool with_line) {
  std::string what;
  for (const auto& p : l.what) {
    if (!what.empty()) what += say(phrase("hq.said.and"), lang);
    what += say(p, lang);
  }
  if (!with_line || l.line == 0) return what;
  return say(phrase("hq.said.line", {{"line", std::to_string(l.line)}, {"what", what}}), lang);
}

std::vector<std::string> say(const std::vector<LineSaid>& lines, Language lang) {
  std::vector<std::string> out;
  out.reserve(lines.size());
  for (const auto& l : lines) out.push_back(say(l, lang));
  return out;
}

}  // namespace hq
