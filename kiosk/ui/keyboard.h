#pragma once
// On-screen input for a touch kiosk with no keyboard: a text field model, a full keyboard with pinyin
// (candidate bar with paging, predictions after a choice, 中/英, punctuation, cursor keys), and a numeric
// keypad for phone numbers, PINs and receipt numbers. A physical keyboard feeds the same paths.
#include <imgui.h>

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "kiosk/core/pinyin.h"

namespace ui {

class Ui;

// A text being edited: UTF-8 with a caret (a byte offset on a character boundary) and a length limit.
struct TextField {
  std::string text;
  std::size_t caret = 0;
  std::size_t max_chars = 200;
  bool multiline = false;

  std::size_t chars() const;
  // Inserts at the caret, dropping control characters and whatever exceeds the limit; false if cut short.
  bool insert(std::string_view s);
  void backspace();
  void left();
  void right();
  void clear();
};

class Keyboard {
 public:
  explicit Keyboard(core::Pinyin& pinyin) : pinyin_(pinyin) {}
  // Height the keyboard needs at the current size.
  float height(const Ui& ui) const;
  // Draws the keyboard across the bottom band [top, bottom) editing `field`; true when 完成 was tapped.
  bool draw(Ui& ui, TextField& field, float top);
  // Forgets composition, predictions and mode (a new visitor, or a new field).
  void reset();
  bool composing() const { return !pinyin_.letters().empty(); }
  // The composition as it stands, for the field to show at its caret (see core::Pinyin::fixed/pending).
  const std::string& fixed() const { return pinyin_.fixed(); }
  const std::string& pending() const { return pinyin_.pending(); }
  // Empties the field and drops the composition and predictions (the editor's 清空); the mode stays.
  void clear(TextField& field);

 private:
  void commit(TextField& field, const std::string& text);
  void type(TextField& field, char c);
  bool key(Ui& ui, const std::string& id, std::string_view label, ImVec2 a, ImVec2 b, bool accent = false);

  core::Pinyin& pinyin_;
  bool chinese_ = true;
  bool symbols_ = false;
  std::size_t page_start_ = 0;
  std::vector<std::size_t> page_starts_;  // for paging back
  std::vector<std::string> predictions_;
  std::string notice_;  // e.g. "text is full"
};

// Where every keypad screen (phone, receipt, PIN, visitor count) puts its parts, so the keypad has one size
// and one place per orientation: at the bottom, centred (portrait), or at the bottom of the right half
// (landscape). Above it, in that order upwards: a message line that is kept whether or not there is a
// message (so a message never moves the keypad), the box with the number typed, and its label. `info` is
// what is left for the screen's own content: above (portrait) or the left half (landscape).
struct KeypadLayout {
  ImVec2 info_min, info_max;
  ImVec2 label_min, label_max;
  ImVec2 display_min, display_max;
  ImVec2 message_min, message_max;
  ImVec2 pad_min, pad_max;
};
// The layout below `top` (the header's content origin); the bottom is the footer's top.
KeypadLayout keypad_layout(Ui& ui, float top);
// Draws a layout's label, the box around the number, and the message (none when empty).
void keypad_frame(Ui& ui, const KeypadLayout& l, std::string_view label, std::string_view message, ImU32 message_col);
// The number in the layout's box, or the placeholder in grey when there is none yet.
void keypad_number(Ui& ui, const KeypadLayout& l, std::string_view number, std::string_view placeholder);

// Digits only: 1–9, 0, delete and OK, as big keys. Returns true when OK (or Enter) is tapped. An empty
// ok_label leaves the OK key out, where the screen's own button confirms (no second 确认 next to it).
bool keypad(Ui& ui, const std::string& id, std::string& digits, std::size_t max_len, ImVec2 min, ImVec2 max,
            std::string_view ok_label);

}  // namespace ui
