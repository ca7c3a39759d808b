#pragma once
// Pinyin to Chinese through libgooglepinyin: letters in, candidates out, a choice commits text,
// predictions follow a commit. The decoder is process-wide state: one Pinyin object at a time.
#include <string>
#include <vector>

namespace core {

class Pinyin {
 public:
  // Opens the system dictionary (Debian: /usr/lib/x86_64-linux-gnu/googlepinyin/data/dict_pinyin.dat).
  // No user dictionary: a public kiosk must not learn one visitor's words and offer them to the next.
  explicit Pinyin(const std::string& dict_path);
  bool ok() const { return ok_; }
  ~Pinyin();
  Pinyin(const Pinyin&) = delete;
  Pinyin& operator=(const Pinyin&) = delete;

  // At most this many letters are kept; further letters are ignored.
  static constexpr std::size_t kMaxLetters = 26;

  // The letters typed so far (a–z and ').
  const std::string& letters() const { return letters_; }
  // The letters split into syllables as the decoder reads them, e.g. "ban bu cheng shi".
  std::string spelling() const;
  // A letter a–z, or ' between two letters. Ignored when the composition is full: kMaxLetters letters, or
  // the decoder's search space nearly used up (see pinyin.cpp).
  void add_letter(char c);
  void backspace();
  void clear();
  // What the composition stands for now, to show where the text goes: the characters already chosen for
  // its first syllables (after a choice that fixed only part of the spelling) and the letters still open.
  const std::string& fixed() const { return fixed_; }
  const std::string& pending() const { return pending_; }
  // Candidates for the current letters; the first is the decoder's best whole reading.
  const std::vector<std::string>& candidates() const { return candidates_; }
  // Chooses candidate i. Returns the committed text when the whole spelling is now chosen, else "".
  std::string choose(std::size_t i);
  // Phrases likely to follow `history` (the last characters committed). Only between compositions: while
  // letters are being composed it returns nothing and leaves the decoder alone (see pinyin.cpp).
  std::vector<std::string> predictions(const std::string& history, std::size_t max) const;

 private:
  void search();
  void refresh(std::size_t count);
  void update_composition();
  bool ok_ = false;
  std::size_t cost_ = 0;  // what the current letters take of the decoder's search space, see add_letter
  std::string letters_;
  std::vector<std::string> candidates_;
  std::string fixed_, pending_;
};

}  // namespace core
