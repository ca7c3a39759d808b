#pragma once
// The UI's words in one language, loaded from assets/i18n/<lang>.json (flat, dotted keys).
#include <map>
#include <set>
#include <string>

namespace core {

class Strings {
 public:
  // Loads a language file; throws std::runtime_error naming the file if it cannot be read.
  void load(const std::string& path);
  // The text for a key; an unknown key is remembered and returned as itself so it shows up in tests.
  const std::string& get(const std::string& key) const;
  const std::map<std::string, std::string>& all() const { return table_; }
  const std::set<std::string>& missing() const { return missing_; }

 private:
  std::map<std::string, std::string> table_;
  mutable std::set<std::string> missing_;
};

}  // namespace core
