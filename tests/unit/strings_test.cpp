// The string tables: both languages have the same keys and none is unused.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "kiosk/core/strings.h"
#include "kiosk/core/utf8.h"

namespace {

std::set<std::string> keys_of(const core::Strings& s) {
  std::set<std::string> out;
  for (const auto& [k, v] : s.all()) out.insert(k);
  return out;
}

// Every string literal in the kiosk's and hqd's sources that looks like a dotted key, and the label keys the
// code makes from enumeration values (protocol::label_key: "level." + "basic").
std::set<std::string> literals_in_sources() {
  std::set<std::string> out;
  const std::regex literal(R"re("([a-z_]+(\.[a-z0-9_]+)+)")re");
  for (const char* dir : {"/kiosk", "/sync"})
    for (const auto& e : std::filesystem::recursive_directory_iterator(std::string(KIOSK_SOURCE_DIR) + dir)) {
      if (e.path().extension() != ".cpp" && e.path().extension() != ".h") continue;
      std::ifstream in(e.path());
      std::stringstream buf;
      buf << in.rdbuf();
      const std::string text = buf.str();
      for (std::sregex_iterator it(text.begin(), text.end(), literal), end; it != end; ++it) out.insert((*it)[1]);
    }
  // The console's pages (assets/console/**.js) ask for their words by literal key too: t('console.login.title').
  const std::regex js_literal(R"re('(console(\.[a-z0-9_]+)+)')re");
  for (const auto& e : std::filesystem::recursive_directory_iterator(std::string(KIOSK_SOURCE_DIR) + "/assets/console")) {
    if (e.path().extension() != ".js") continue;
    std::ifstream in(e.path());
    std::stringstream buf;
    buf << in.rdbuf();
    const std::string text = buf.str();
    for (std::sregex_iterator it(text.begin(), text.end(), js_literal), end; it != end; ++it) out.insert((*it)[1]);
  }
  for (const auto& k : protocol::enumeration_label_keys()) out.insert(k);
  return out;
}

}  // namespace

TEST(Strings, LanguagesHaveTheSameKeys) {
  core::Strings zh, en;
  zh.load(std::string(KIOSK_ASSETS_DIR) + "/i18n/zh-CN.json");
  en.load(std::string(KIOSK_ASSETS_DIR) + "/i18n/en.json");
  const auto z = keys_of(zh), e = keys_of(en);
  for (const auto& k : z) EXPECT_TRUE(e.count(k)) << "en.json lacks " << k;
  for (const auto& k : e) EXPECT_TRUE(z.count(k)) << "zh-CN.json lacks " << k;
  for (const auto& [k, v] : zh.all()) EXPECT_TRUE(core::is_valid_utf8(v) && !v.empty()) << k;
}

// Keys the code asks for but the tables lack are caught at run time: every scenario fails on them.
TEST(Strings, NoUnusedKeys) {
  core::Strings zh;
  zh.load(std::string(KIOSK_ASSETS_DIR) + "/i18n/zh-CN.json");
  const auto literals = literals_in_sources();
  for (const auto& k : keys_of(zh)) EXPECT_TRUE(literals.count(k)) << k << " is in the string table but no code uses it";
}

TEST(Strings, UnknownKeyIsReportedNotHidden) {
  core::Strings zh;
  zh.load(std::string(KIOSK_ASSETS_DIR) + "/i18n/zh-CN.json");
  EXPECT_EQ(zh.get("no.such.key"), "no.such.key");
  EXPECT_EQ(zh.missing().count("no.such.key"), 1u);
}

// hqd's words (errors and import notes, said in the console's language) are asked for by literal "hq.…" keys: each
// is in the table, and each template has the same {places} in both languages, so no value is lost in English.
TEST(Strings, EveryHqPhraseIsInBothLanguagesWithTheSamePlaces) {
  core::Strings zh, en;
  zh.load(std::string(KIOSK_ASSETS_DIR) + "/i18n/zh-CN.json");
  en.load(std::string(KIOSK_ASSETS_DIR) + "/i18n/en.json");
  const auto literals = literals_in_sources();
  std::size_t asked = 0;
  for (const auto& k : literals) {
    if (k.rfind("hq.", 0) != 0) continue;
    ++asked;
    EXPECT_TRUE(zh.all().count(k)) << k << " is asked for by hqd but not in the string table";
  }
  EXPECT_GT(asked, 100u);
  const std::regex place(R"(\{([a-z_]+)\})");
  const auto places = [&](const std::string& text) {
    std::set<std::string> out;
    for (std::sregex_iterator it(text.begin(), text.end(), place), end; it != end; ++it) out.insert((*it)[1]);
    return out;
  };
  for (const auto& [k, v] : zh.all()) {
    if (k.rfind("hq.", 0) == 0 && en.all().count(k)) {
      EXPECT_EQ(places(v), places(en.all().at(k))) << k;
    }
  }
}
