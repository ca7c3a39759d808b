#include "sync/hq/forward_config.h"

#include <nlohmann/json.hpp>
#include <stdexcept>

#include "sync/common/read_text.h"
#include "sync/hq/webhook_format.h"
#include "sync/protocol/names.h"

namespace hq {
namespace {

using nlohmann::json;

[[noreturn]] void refuse(const std::string& what) { throw std::runtime_error("forwarding config: " + what); }

std::map<std::string, std::string> table_at(const json& j, const char* key) {
  std::map<std::string, std::string> out;
  const auto it = j.find(key);
  if (it == j.end() || it->is_null()) return out;
  if (!it->is_object()) refuse(std::string("\"") + key + "\" is not an object of strings");
  for (const auto& [k, v] : it->items()) {
    if (!v.is_string()) refuse(std::string("\"") + key + "\" entry \"" + k + "\" is not a string");
    out[k] = v.get<std::string>();
  }
  return out;
}

std::string text_at(const json& j, const char* key) {
  const auto it = j.find(key);
  if (it == j.end() || !it->is_string() || it->get<std::string>().empty())
    refuse(std::string("lacks the text \"") + key + "\"");
  return it->get<std::string>();
}

int number_at(const json& j, const char* key, int fallback, int lo, int hi) {
  const auto it = j.find(key);
  if (it == j.end()) return fallback;
  if (!it->is_number_integer() || it->get<int>() < lo || it->get<int>() > hi)
    refuse(std::string("\"") + key + "\" is not " + std::to_string(lo) + ".." + std::to_string(hi));
  return it->get<int>();
}

}  // namespace

ForwardConfig parse_forward_config(const std::string& json_text, const std::string& base_dir,
                                   const std::string& assets_dir) {
  const json j = json::parse(json_text, nullptr, false);
  if (!j.is_object()) refuse("is not a JSON object");
  ForwardConfig c;
  c.url = text_at(j, "url");
  if (!split_url(c.url)) refuse("\"url\" is not http(s)://host[:port]/path");
  c.results_url = j.contains("results_url") ? text_at(j, "results_url") : c.url;
  if (!split_url(c.results_url)) refuse("\"results_url\" is not http(s)://host[:port]/path");
  const std::string mapping = text_at(j, "mapping");
  const std::string path = mapping.find('/') == std::string::npos && mapping.find(".json") == std::string::npos
                               ? assets_dir + "/forwarding/" + mapping + ".json"
                               : (mapping.front() == '/' ? mapping : base_dir + "/" + mapping);
  const auto text = common::read_text(path);
  if (!text) refuse("the mapping " + path + " cannot be read");
  c.mapping = parse_forward_mapping(*text);
  c.area_code = text_at(j, "area_code");
  c.area_name = text_at(j, "area_name");
  c.settings = table_at(j, "settings");
  c.reason_codes = table_at(j, "reason_codes");
  c.department_codes = table_at(j, "department_codes");
  for (const auto& [id, code] : c.department_codes)
    if (auto p = protocol::credit_code_problem(code)) refuse("department_codes \"" + id + "\" " + *p);
  c.item_codes = table_at(j, "item_codes");
  c.headers = table_at(j, "headers");
  c.timeout_seconds = number_at(j, "timeout_seconds", c.timeout_seconds, 1, 120);
  c.batch_size = number_at(j, "batch_size", c.mapping.batch_size, 1, c.mapping.batch_size);
  return c;
}

ForwardConfig load_forward_config(const std::string& path, const std::string& assets_dir) {
  const auto text = common::read_text(path);
  if (!text) refuse(path + " cannot be read");
  const auto slash = path.rfind('/');
  return parse_forward_config(*text, slash == std::string::npos ? "." : path.substr(0, slash), assets_dir);
}

}  // namespace hq
