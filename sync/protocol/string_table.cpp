#include "sync/protocol/string_table.h"
#include "sync/common/read_text.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <stdexcept>

namespace protocol {

void StringTable::load(const std::string& path) {
  const auto text = common::read_text(path);
  if (!text) throw std::runtime_error("cannot read string table " + path);
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(*text);
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

const std::string& StringTable::get(const std::string& key) const {
  auto it = table_.find(key);
  if (it != table_.end()) return it->second;
  auto [pos, inserted] = missing_.insert(key);
  (void)inserted;
  return *pos;
}

std::string StringTable::say(const Phrase& phrase) const {
  // Not get(): a shared table is said from several threads, and a missing key is shown as itself instead.
  const auto found = table_.find(phrase.key);
  const std::string& text = found == table_.end() ? phrase.key : found->second;
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t open = text.find('{', i);
    const std::size_t close = open == std::string::npos ? open : text.find('}', open);
    if (close == std::string::npos) {
      out.append(text, i);
      break;
    }
    out.append(text, i, open - i);
    const std::string name = text.substr(open + 1, close - open - 1);
    const auto named = [&](const auto& kv) { return kv.first == name; };
    const auto v = std::find_if(phrase.vars.begin(), phrase.vars.end(), named);
    const auto w = std::find_if(phrase.words.begin(), phrase.words.end(), named);
    if (v != phrase.vars.end()) {
      out += v->second;
    } else if (w != phrase.words.end()) {
      const auto word = table_.find(w->second);
      out += word == table_.end() ? w->second : word->second;
    } else {
      out.append(text, open, close - open + 1);
    }
    i = close + 1;
  }
  return out;
}

namespace {
template <typename E>
void add_labels(std::vector<std::string>& out) {
  for (const E v : all_values<E>()) out.push_back(label_key(v));
}
}  // namespace

std::vector<std::string> enumeration_label_keys() {
  std::vector<std::string> out;
  add_labels<Level>(out);
  add_labels<ReportKind>(out);
  add_labels<ProblemSource>(out);
  add_labels<Rank>(out);
  add_labels<HalfDay>(out);
  add_labels<TargetKind>(out);
  add_labels<ReportState>(out);
  add_labels<ConsoleRole>(out);
  add_labels<CaseState>(out);
  add_labels<AppealGround>(out);
  add_labels<AppealState>(out);
  add_labels<StorageState>(out);
  add_labels<StorageEventKind>(out);
  add_labels<AlertKind>(out);
  add_labels<WebhookKind>(out);
  add_labels<CallState>(out);
  return out;
}

}  // namespace protocol
