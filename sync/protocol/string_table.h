#pragma once
// The words people read, in one language, from assets/i18n/<lang>.json (flat, dotted keys): the kiosk's
// screens and hqd's exports read the same files, so a ledger says exactly what the citizen tapped.
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "sync/protocol/enums.h"

namespace protocol {

// Words to say in whichever language is asked: a key of assets/i18n and the values of its {name} places.
struct Phrase {
  std::string key;
  std::vector<std::pair<std::string, std::string>> vars;   // {name} → a value said as it is (a name, a number)
  std::vector<std::pair<std::string, std::string>> words;  // {name} → a key said in the table's language (a state)
};

// `text` with each {name} replaced by its value, in one pass (a value is never read for places); a place without a
// value stays as it is. The form of every template in assets/i18n, and of the console's t().
std::string fill_places(const std::string& text, const std::vector<std::pair<std::string, std::string>>& values);

class StringTable {
 public:
  // Loads a language file; throws std::runtime_error naming the file if it cannot be read.
  void load(const std::string& path);
  // The text for a key; an unknown key is remembered and returned as itself so it shows up in tests.
  const std::string& get(const std::string& key) const;
  // The phrase in this table's language: its text with each {name} replaced by its value (the same form as the
  // console's t()); a place without a value stays as it is, an unknown key is said as itself. Safe to call from
  // several threads at once.
  std::string say(const Phrase& phrase) const;
  // The label of an enumeration value, e.g. of(Level::basic) is get("level.basic").
  template <WireEnum E>
  const std::string& of(E value) const {
    return get(label_key(value));
  }
  const std::map<std::string, std::string>& all() const { return table_; }
  const std::set<std::string>& missing() const { return missing_; }

 private:
  std::map<std::string, std::string> table_;
  mutable std::set<std::string> missing_;
};

// A date YYYY-MM-DD in the table's words: "11月27日 星期五" / "Friday 27 November" (date.short), with the year too
// (date.long); a malformed date as it is. The kiosk's screens and hqd's public pages write dates so.
std::string date_in_words(const StringTable& t, const std::string& date, bool with_year);
// A month YYYY-MM in the table's words: "2026年10月" / "October 2026" (date.month); a malformed one as it is.
std::string month_in_words(const StringTable& t, const std::string& month);

// The label keys of every value of every enumeration people read (levels, report kinds, problem sources,
// ranks, half-days, rating targets, report states).
std::vector<std::string> enumeration_label_keys();

}  // namespace protocol
