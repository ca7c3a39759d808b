// core::Pinyin driven the way the keyboard drives it. libgooglepinyin is built with assert() on in Debian, so
// driving it wrong aborts the whole test binary: the random test prints each seed to stderr before it runs.
#include <gtest/gtest.h>

#include <cstdio>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "kiosk/core/pinyin.h"
#include "kiosk/core/utf8.h"

namespace {

const char* const kDict = "/usr/lib/x86_64-linux-gnu/googlepinyin/data/dict_pinyin.dat";

// One decoder for the whole binary, as in the kiosk: the decoder is process-wide, and opening it a second
// time trips a new[]/delete mismatch inside the library (SpellingTrie::build_ym_info) under ASan.
core::Pinyin& decoder() {
  static core::Pinyin py(kDict);
  py.clear();
  return py;
}

// What Keyboard does around the decoder: every choice goes through Keyboard::commit, which inserts what
// choose() returned ("" after a choice that covers only part of the spelling) and then asks for predictions
// from the text before the caret.
struct Typist {
  core::Pinyin& py;
  std::string text;
  std::vector<std::string> predictions;

  void type(std::string_view letters) {
    for (char c : letters) py.add_letter(c);
  }
  std::string pick(std::size_t i) {
    const std::string got = py.choose(i);
    text += got;
    predictions = py.predictions(text, 12);
    return got;
  }
};

bool starts_with(const std::string& s, const std::string& prefix) { return s.compare(0, prefix.size(), prefix) == 0; }

// The issue's sequence: 太多 committed (so predictions have a history), then "paolesantang" and a chain of
// candidates 1–3, each of which fixes only part of the spelling. Before the fix the second pick aborted in
// MatrixSearch::choose (assert step_to_dmi_fr != -1) for most chains.
void type_and_pick(core::Pinyin& py, const std::vector<std::size_t>& picks) {
  py.clear();
  Typist t{py, {}, {}};
  t.type("taiduo");
  ASSERT_FALSE(py.candidates().empty());
  const std::string taiduo = py.candidates()[0];
  ASSERT_EQ(t.pick(0), taiduo);
  ASSERT_EQ(t.text, "太多");
  ASSERT_FALSE(t.predictions.empty()) << "no predictions after 太多: the sequence no longer exercises them";
  ASSERT_TRUE(py.letters().empty());

  t.type("paolesantang");
  ASSERT_EQ(py.letters(), "paolesantang");
  std::string chosen;  // the candidates picked so far, in order
  for (std::size_t k : picks) {
    if (py.letters().empty()) break;  // the picks so far covered the whole spelling
    ASSERT_LT(k, py.candidates().size());
    const std::string cand = py.candidates()[k];
    ASSERT_FALSE(cand.empty());
    chosen = k == 0 ? cand : chosen + cand;  // candidate 0 is the full sentence, earlier picks included
    const std::string got = t.pick(k);
    if (got.empty()) {
      // Part of the spelling is fixed: the letters stay, and the full-sentence candidate starts with the picks.
      EXPECT_EQ(py.letters(), "paolesantang");
      ASSERT_FALSE(py.candidates().empty());
      EXPECT_TRUE(starts_with(py.candidates()[0], chosen)) << py.candidates()[0] << " vs " << chosen;
      EXPECT_TRUE(t.predictions.empty()) << "predictions while composing";
    } else {
      EXPECT_EQ(got, chosen);
    }
  }
  if (!py.letters().empty()) {
    const std::string rest = t.pick(0);
    ASSERT_FALSE(rest.empty());
    EXPECT_TRUE(starts_with(rest, chosen)) << rest << " vs " << chosen;
  }
  EXPECT_TRUE(py.letters().empty());
  EXPECT_TRUE(py.candidates().empty());
  EXPECT_TRUE(starts_with(t.text, "太多" + chosen)) << t.text;
  EXPECT_GT(t.text.size(), std::string("太多").size() + chosen.size() - 1);
  EXPECT_TRUE(core::is_valid_utf8(t.text));
}

TEST(Pinyin, PartialChoicesAfterACommitFromTheIssue) {
  core::Pinyin& py = decoder();
  ASSERT_TRUE(py.ok());
  // The candidates the issue saw, so the test stays about that screen.
  py.clear();
  Typist t{py, {}, {}};
  t.type("paolesantang");
  ASSERT_GE(py.candidates().size(), 4u);
  EXPECT_EQ(py.candidates()[0], "跑了三汤");

  std::vector<std::vector<std::size_t>> chains;
  for (std::size_t a = 1; a <= 3; ++a)
    for (std::size_t b = 1; b <= 3; ++b) {
      chains.push_back({a, b});
      for (std::size_t c = 1; c <= 3; ++c) chains.push_back({a, b, c});
    }
  chains.push_back({1, 1, 1, 1, 1, 1});
  chains.push_back({3, 3, 3, 3, 3, 3});
  chains.push_back({2, 1, 3, 2, 1, 3});
  chains.push_back({1, 2, 0});
  for (const auto& chain : chains) {
    std::string name;
    for (std::size_t k : chain) name += std::to_string(k) + " ";
    SCOPED_TRACE("picks " + name);
    type_and_pick(py, chain);
  }
}

TEST(Pinyin, PredictionsWhileComposingLeaveTheDecoderAlone) {
  core::Pinyin& py = decoder();
  ASSERT_TRUE(py.ok());
  Typist t{py, {}, {}};
  t.type("paolesantang");
  ASSERT_EQ(t.pick(1), "");  // 跑了, the rest still open
  const auto before = py.candidates();
  ASSERT_FALSE(before.empty());
  EXPECT_TRUE(py.predictions("太多", 12).empty());
  EXPECT_EQ(py.candidates(), before);
  EXPECT_EQ(py.spelling(), "pao le san tang");
  ASSERT_EQ(t.pick(1), "");
  const std::string done = t.pick(0);
  EXPECT_TRUE(starts_with(done, "跑了")) << done;
  // After the commit, predictions work, and typing afterwards starts afresh.
  EXPECT_FALSE(py.predictions(done, 12).empty());
  t.type("zhongguo");
  ASSERT_FALSE(py.candidates().empty());
  EXPECT_EQ(py.candidates()[0], "中国");
}

TEST(Pinyin, OutOfRangeChoiceIsHarmless) {
  core::Pinyin& py = decoder();
  ASSERT_TRUE(py.ok());
  EXPECT_EQ(py.choose(0), "");
  py.add_letter('z');
  py.add_letter('h');
  py.add_letter('o');
  const auto before = py.candidates();
  ASSERT_FALSE(before.empty());
  EXPECT_EQ(py.choose(before.size()), "");
  EXPECT_EQ(py.choose(before.size() + 1000), "");
  EXPECT_EQ(py.candidates(), before);
  EXPECT_EQ(py.letters(), "zho");
}

TEST(Pinyin, SeparatorsOnlyBetweenLetters) {
  core::Pinyin& py = decoder();
  ASSERT_TRUE(py.ok());
  py.add_letter('\'');
  EXPECT_EQ(py.letters(), "");
  for (char c : std::string("xi''an")) py.add_letter(c);
  EXPECT_EQ(py.letters(), "xi'an");
  ASSERT_FALSE(py.candidates().empty());
  EXPECT_EQ(py.candidates()[0], "西安");
  py.add_letter('A');
  py.add_letter('1');
  EXPECT_EQ(py.letters(), "xi'an");
}

// Runs of initials fill the decoder's fixed parsing-mark pool fastest: "z" × 14 aborted in extend_dmi. The
// composition stops taking letters before that, while real pinyin of kMaxLetters letters still fits.
TEST(Pinyin, LongInputStopsBeforeTheDecoderRunsOut) {
  core::Pinyin& py = decoder();
  ASSERT_TRUE(py.ok());
  for (const std::string& run : {std::string(40, 'z'), std::string(40, 's'), std::string(40, 'a'), std::string("z's's's's's's's's's's's's's's's"),
                                std::string("zhzhzhzhzhzhzhzhzhzhzhzhzhzhzh"), std::string("bpmfdtnlgkhjqxrzcsywbpmfdtnlgk")}) {
    SCOPED_TRACE(run);
    py.clear();
    for (char c : run) py.add_letter(c);
    EXPECT_GE(py.letters().size(), 10u);
    EXPECT_LE(py.letters().size(), core::Pinyin::kMaxLetters);
    EXPECT_TRUE(starts_with(run, py.letters()));
    ASSERT_FALSE(py.candidates().empty());
    const std::string got = py.choose(0);
    EXPECT_FALSE(got.empty());
    EXPECT_TRUE(core::is_valid_utf8(got));
  }
  for (const std::string& words : {std::string("zhonghuarenmingongheguo"), std::string("banbuchengshiqingzhaowomen"),
                                  std::string("quxingzhengshenpijuqiyekai")}) {
    SCOPED_TRACE(words);
    py.clear();
    for (char c : words) py.add_letter(c);
    EXPECT_EQ(py.letters(), words);
    EXPECT_FALSE(py.candidates().empty());
  }
  py.clear();
  for (char c : std::string("zhonghuarenmingongheguo")) py.add_letter(c);
  EXPECT_EQ(py.candidates()[0], "中华人民共和国");
}

// Random keyboard use: letters (random ones, and whole syllables so that long real spellings come up too),
// backspace, picks anywhere in the candidate list (late pages too), picks past its end, predictions at odd
// moments, clear. Every seed is printed before it runs, since an abort leaves no gtest report.
TEST(Pinyin, RandomTypingKeepsTheDecoderSound) {
  constexpr unsigned kSeeds = 32;
  constexpr int kOps = 3000;
  static const char* const kSyllables[] = {"zhong", "guo", "ren", "min", "ban", "bu", "cheng", "shi", "qu", "xing",
                                           "zheng", "shen", "pi", "ju", "qi", "ye", "kai", "cai", "liao", "ming",
                                           "duo", "tai", "pao", "le", "san", "tang", "xi", "an", "e", "ou",
                                           "zh", "ch", "sh", "z", "s", "c", "x", "'"};
  const std::string alphabet = "abcdefghijklmnopqrstuvwxyz'";
  core::Pinyin& py = decoder();
  ASSERT_TRUE(py.ok());
  for (unsigned seed = 1; seed <= kSeeds; ++seed) {
    std::fprintf(stderr, "[Pinyin.RandomTypingKeepsTheDecoderSound] seed %u\n", seed);
    std::fflush(stderr);
    SCOPED_TRACE("seed " + std::to_string(seed));
    std::mt19937 rng(seed);
    auto below = [&](std::size_t n) { return static_cast<std::size_t>(rng() % n); };
    py.clear();
    Typist t{py, {}, {}};
    std::string chosen;    // partial picks in this composition
    bool tracked = true;   // false once a backspace may have undone some of them
    for (int op = 0; op < kOps; ++op) {
      const std::size_t r = below(100);
      const std::string letters_before = py.letters();
      if (r < 35) {
        py.add_letter(alphabet[below(alphabet.size())]);
      } else if (r < 50) {
        t.type(kSyllables[below(std::size(kSyllables))]);
      } else if (r < 62) {
        py.backspace();
        tracked = false;
        if (!letters_before.empty()) {
          ASSERT_EQ(py.letters(), letters_before.substr(0, letters_before.size() - 1));
        }
      } else if (r < 85) {
        const std::size_t n = py.candidates().size();
        if (n == 0) continue;
        const std::size_t i = below(4) == 0 ? below(n) : below(std::min<std::size_t>(n, 9));
        const std::string cand = py.candidates()[i];
        ASSERT_FALSE(cand.empty());
        ASSERT_TRUE(core::is_valid_utf8(cand)) << op;
        const std::string got = t.pick(i);
        ASSERT_TRUE(core::is_valid_utf8(got)) << op;
        if (got.empty()) {
          chosen += cand;
          ASSERT_EQ(py.letters(), letters_before) << op;
          ASSERT_FALSE(py.candidates().empty()) << op;
          if (tracked) {
            ASSERT_TRUE(starts_with(py.candidates()[0], chosen)) << op << ": " << py.candidates()[0] << " vs " << chosen;
          }
          ASSERT_TRUE(t.predictions.empty()) << op;
        } else {
          // The whole spelling is chosen now: the text is the earlier picks, then this one (or the full sentence).
          if (tracked) {
            ASSERT_TRUE(starts_with(got, i == 0 ? chosen : chosen + cand)) << op << ": " << got << " vs " << chosen;
          }
          ASSERT_TRUE(py.letters().empty()) << op;
          ASSERT_TRUE(py.candidates().empty()) << op;
          chosen.clear();
          tracked = true;
          if (t.text.size() > 120) t.text.erase(0, t.text.size() - 60);
          while (!t.text.empty() && (static_cast<unsigned char>(t.text[0]) & 0xC0) == 0x80) t.text.erase(0, 1);
        }
      } else if (r < 90) {
        const auto before = py.candidates();
        ASSERT_EQ(py.choose(before.size() + below(300)), "") << op;
        ASSERT_EQ(py.candidates(), before) << op;
        ASSERT_EQ(py.letters(), letters_before) << op;
      } else if (r < 96) {
        const auto before = py.candidates();
        const auto p = py.predictions(t.text.empty() ? "太多" : t.text, 12);
        if (!py.letters().empty()) {
          ASSERT_TRUE(p.empty()) << op;
          ASSERT_EQ(py.candidates(), before) << op;
        }
        for (const auto& s : p) ASSERT_TRUE(core::is_valid_utf8(s)) << op;
      } else {
        py.clear();
        chosen.clear();
        tracked = true;
        if (below(2) == 0) t.text.clear();
      }
      ASSERT_LE(py.letters().size(), core::Pinyin::kMaxLetters) << op;
      ASSERT_TRUE(py.letters().empty() || py.letters()[0] != '\'') << op;
      ASSERT_EQ(py.letters().find("''"), std::string::npos) << op;
      // Where the decoder reads the letters as syllables (the spelling splits them), there are candidates;
      // a leading i, u or v has no reading at all.
      const std::string spelling = py.spelling();
      if (spelling.find(' ') != std::string::npos) {
        ASSERT_FALSE(py.candidates().empty()) << op << ": " << py.letters() << " read as " << spelling;
      }
      if (!py.letters().empty() && std::string_view("iuv").find(py.letters()[0]) != std::string_view::npos) {
        ASSERT_TRUE(py.candidates().empty()) << op << ": " << py.letters();
      }
      if (py.letters().empty()) {
        ASSERT_TRUE(py.candidates().empty()) << op;
      }
    }
  }
}

}  // namespace

// The composition shown where the text goes: nothing fixed at first, then the characters of a partial choice
// followed by the letters still open; backspacing into the fixed syllables gives them back as letters.
TEST(Pinyin, CompositionShowsFixedCharactersThenOpenLetters) {
  core::Pinyin& py = decoder();
  for (char c : std::string("paolesantang")) py.add_letter(c);
  EXPECT_EQ(py.fixed(), "");
  EXPECT_EQ(py.pending(), "paolesantang");
  // Find a candidate that covers only the first syllables (not the whole-sentence candidate 0).
  std::size_t partial = 1;
  while (partial < py.candidates().size()) {
    const std::string& c = py.candidates()[partial];
    std::size_t n = 0;
    core::for_each_codepoint(c, [&](char32_t) { ++n; });
    if (n < 4) break;
    ++partial;
  }
  ASSERT_LT(partial, py.candidates().size());
  const std::string cand = py.candidates()[partial];
  ASSERT_EQ(py.choose(partial), "");
  EXPECT_EQ(py.fixed(), cand);
  ASSERT_FALSE(py.pending().empty());
  EXPECT_LT(py.pending().size(), std::string("paolesantang").size());
  EXPECT_EQ(std::string("paolesantang").substr(12 - py.pending().size()), py.pending());
  EXPECT_TRUE(starts_with(py.candidates()[0], py.fixed()));
  py.clear();
  EXPECT_EQ(py.fixed(), "");
  EXPECT_EQ(py.pending(), "");
}
