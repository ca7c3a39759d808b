#include "kiosk/core/pinyin.h"

#include <algorithm>

#include <pinyinime.h>

#include "kiosk/core/utf8.h"

namespace core {
namespace {

using ime_pinyin::char16;

std::string to_utf8(const char16* s, std::size_t n) {
  std::string out;
  for (std::size_t i = 0; i < n && s[i]; ++i) {
    const char32_t c = s[i];  // the dictionary holds BMP characters only
    if (c < 0x80) {
      out += static_cast<char>(c);
    } else if (c < 0x800) {
      out += static_cast<char>(0xC0 | (c >> 6));
      out += static_cast<char>(0x80 | (c & 0x3F));
    } else {
      out += static_cast<char>(0xE0 | (c >> 12));
      out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (c & 0x3F));
    }
  }
  return out;
}

std::u16string to_utf16(const std::string& s) {
  std::u16string out;
  for_each_codepoint(s, [&](char32_t c) {
    if (c < 0x10000) out += static_cast<char16_t>(c);
  });
  return out;
}

constexpr std::size_t kMaxCandidates = 200;

// libgooglepinyin (Debian builds it with assert() on) searches in fixed pools: DictTrie has 600 parsing
// marks and 100 mile stones (dicttrie.h, kMaxParsingMark/kMaxMileStone), and when a letter needs one more
// than is left, MatrixSearch::extend_dmi aborts on `assert(0 != handles[0])`. Nothing in the API reports
// how full they are, so we bound what we hand it. Each syllable the decoder reads, each ' and each letter
// it cannot read costs up to ~48 marks and ~4 stones (a run of initials like "zzzz…" or "s's's…" is the
// worst: 13 are fine, the 14th aborts); real pinyin costs far less per letter. A new letter is only
// searched while the cost is below kMaxCost, so the decoder holds at most about 12 such units.
constexpr std::size_t kMaxCost = 12;

}  // namespace

Pinyin::Pinyin(const std::string& dict_path) {
  ok_ = ime_pinyin::im_open_decoder(dict_path.c_str(), "/dev/null");
  if (ok_) ime_pinyin::im_set_max_lens(kMaxLetters, kMaxLetters);
}

Pinyin::~Pinyin() {
  if (ok_) ime_pinyin::im_close_decoder();
}

std::string Pinyin::spelling() const {
  if (letters_.empty()) return {};
  const ime_pinyin::uint16* start = nullptr;
  const std::size_t n = ime_pinyin::im_get_spl_start_pos(start);
  std::size_t len = 0;
  const char* sps = ime_pinyin::im_get_sps_str(&len);
  if (!sps || !start || n == 0) return letters_;
  std::string out;
  for (std::size_t i = 0; i < n; ++i) {
    if (i) out += ' ';
    out.append(sps + start[i], sps + start[i + 1]);
  }
  if (start[n] < letters_.size()) {
    out += ' ';
    out.append(letters_, start[n], std::string::npos);
  }
  return out;
}

void Pinyin::refresh(std::size_t count) {
  candidates_.clear();
  char16 buf[64];
  for (std::size_t i = 0; i < count && i < kMaxCandidates; ++i) {
    if (!ime_pinyin::im_get_candidate(i, buf, sizeof buf / sizeof buf[0])) break;
    candidates_.push_back(to_utf8(buf, sizeof buf / sizeof buf[0]));
  }
}

// As Android's PinyinIME composes it: candidate 0 is the whole sentence, fixed part first, and the
// syllable start positions tell where the letters of the first syllable not yet fixed begin.
void Pinyin::update_composition() {
  fixed_.clear();
  pending_ = letters_;
  if (!ok_ || letters_.empty()) return;
  const std::size_t fixed_len = ime_pinyin::im_get_fixed_len();
  if (fixed_len == 0 || candidates_.empty()) return;
  const ime_pinyin::uint16* start = nullptr;
  const std::size_t n = ime_pinyin::im_get_spl_start_pos(start);
  if (!start || fixed_len > n) return;
  std::size_t pos = 0, chars = 0;
  const std::string& sentence = candidates_[0];
  while (pos < sentence.size() && chars < fixed_len) {
    next_codepoint(sentence, pos);
    ++chars;
  }
  fixed_ = sentence.substr(0, pos);
  pending_ = start[fixed_len] < letters_.size() ? letters_.substr(start[fixed_len]) : std::string();
}

// im_search with the whole spelling, as Android's PinyinIME does after every key: the decoder compares it
// with the string it holds, keeps what is still a prefix (and the choices fixed over it) and decodes the
// rest. We only ever append or drop the last letter, so choices fixed before the change stay fixed.
void Pinyin::search() {
  refresh(ime_pinyin::im_search(letters_.c_str(), letters_.size()));
  const ime_pinyin::uint16* start = nullptr;
  std::size_t decoded = 0;
  ime_pinyin::im_get_sps_str(&decoded);
  cost_ = ime_pinyin::im_get_spl_start_pos(start) + (letters_.size() - std::min(decoded, letters_.size()));
  for (char c : letters_) cost_ += c == '\'' ? 1 : 0;
  update_composition();
}

void Pinyin::add_letter(char c) {
  if (!ok_ || letters_.size() >= kMaxLetters || cost_ >= kMaxCost) return;
  if (!((c >= 'a' && c <= 'z') || c == '\'')) return;
  // A separator only between letters, as Android's PinyinIME sends it: leading or doubled ones mean
  // nothing to the decoder but each costs it as much as a syllable.
  if (c == '\'' && (letters_.empty() || letters_.back() == '\'')) return;
  letters_ += c;
  search();
}

void Pinyin::backspace() {
  if (letters_.empty()) return;
  letters_.pop_back();
  if (letters_.empty()) {
    clear();
    return;
  }
  search();
}

void Pinyin::clear() {
  letters_.clear();
  candidates_.clear();
  fixed_.clear();
  pending_.clear();
  cost_ = 0;
  if (ok_) ime_pinyin::im_reset_search();
}

std::string Pinyin::choose(std::size_t i) {
  if (!ok_ || i >= candidates_.size()) return {};
  const std::size_t n = ime_pinyin::im_choose(i);
  const ime_pinyin::uint16* start = nullptr;
  const std::size_t syllables = ime_pinyin::im_get_spl_start_pos(start);
  if (ime_pinyin::im_get_fixed_len() >= syllables || n <= 1) {
    char16 buf[64];
    std::string done;
    if (ime_pinyin::im_get_candidate(0, buf, sizeof buf / sizeof buf[0])) done = to_utf8(buf, sizeof buf / sizeof buf[0]);
    clear();
    return done;
  }
  refresh(n);
  update_composition();
  return {};
}

// The decoder predicts in the same memory it searches in: MatrixSearch's npre_items_ lies over share_buf_,
// which also holds the search matrix and its DMI nodes, and inner_predict() starts by zeroing all of it.
// Asked for predictions in the middle of a composition (the keyboard did, after a choice that fixed only
// part of the spelling), it wiped the state the fixed choice lives in, and the next im_choose() found no
// DMI node for its candidate: `assert(step_to_dmi_fr != -1)` in MatrixSearch::choose, abort. Android's
// PinyinIME only predicts once the whole composition is committed and the search reset, so we do the same,
// and reset the search after predicting so the next letter starts from a clean matrix.
std::vector<std::string> Pinyin::predictions(const std::string& history, std::size_t max) const {
  std::vector<std::string> out;
  if (!ok_ || history.empty() || !letters_.empty()) return out;
  std::u16string h = to_utf16(history);
  if (h.size() > 4) h = h.substr(h.size() - 4);
  h.push_back(0);
  char16(*pre)[ime_pinyin::kMaxPredictSize + 1] = nullptr;
  const std::size_t n = ime_pinyin::im_get_predicts(reinterpret_cast<const char16*>(h.data()), pre);
  for (std::size_t i = 0; i < n && i < max && pre; ++i) out.push_back(to_utf8(pre[i], ime_pinyin::kMaxPredictSize + 1));
  ime_pinyin::im_reset_search();
  return out;
}

}  // namespace core
