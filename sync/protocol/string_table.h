#pragma once
// The words people read, in one language, from assets/i18n/<lang>.json (flat, dotted keys): the kiosk's
// screens and hqd's exports read the same files, so a ledger says exactly what the citizen tapped.
#include <map>
#include <set>
#include <string>
#include <vector>

#include "sync/protocol/enums.h"

namespace protocol {

class StringTable {
 public:
  // Loads a language file; throws std::runtime_error naming the file if it cannot be read.
  void load(const std::string& path);
  // The text for a key; an unknown key is remembered and returned as itself so it shows up in tests.
  const std::string& get(const std::string& key) const;
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

// The label keys of every value of every enumeration people read (levels, report kinds, problem sources,
// ranks, half-days, rating targets, report states).
std::vector<std::string> enumeration_label_keys();

}  // namespace protocol
