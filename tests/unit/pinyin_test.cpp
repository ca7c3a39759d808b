// core::Pinyin driven the way the keyboard drives it. libgooglepinyin is built with assert() on in Debian, so
// driving it wrong aborts the whole test binary: the random test prints each seed to stderr before it runs.
#include <gtest/gtest.h>

#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "kiosk/core/pinyin.h"
#include "kiosk/core/utf8.h"

namespace {

const char* const kDict = "/usr/lib/x86_64-linux-gnu/googlepinyin/data/dict_pinyin.dat";

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
  core::Pinyin py(kDict);
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
  core::Pinyin py(kDict);
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
  core::Pinyin py(kDict);
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

}  // namespace
