#include "kiosk/core/strings.h"

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>

namespace core {

void Strings::load(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read string table " + path);
  std::stringstream buf;
  buf << in.rdbuf();
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(buf.str());
  } catch (const nlohmann::json::exception& e) {
    throw std::runtime_error("string table " + path + " is not valid JSON: " + e.what());
  }
  if (!j.is_object()) throw std::runtime_error("string table " + path + " is not a JSON object");
  table_.clear();
  missing_.clear();
  for (auto& [k, v] : j.items()) {
    if (!v.is_string()) throw std::runtime_error("string table " + path + ": \"" + k + "\" is not a string");
    table_[k] = v.get<std::string>();
  }
}

const std::string& Strings::get(const std::string& key) const {
  auto it = table_.find(key);
  if (it != table_.end()) return it->second;
  auto [pos, inserted] = missing_.insert(key);
  (void)inserted;
  return *pos;
}

}  // namespace core
