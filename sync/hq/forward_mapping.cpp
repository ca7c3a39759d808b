#include "sync/hq/forward_mapping.h"

#include <set>
#include <stdexcept>

#include "sync/common/civil_time.h"

namespace hq {
namespace {

using nlohmann::json;

[[noreturn]] void refuse(const std::string& what) { throw std::runtime_error("forwarding mapping: " + what); }

std::string text_at(const json& j, const char* key, bool required = true) {
  const auto it = j.find(key);
  if (it == j.end() || it->is_null()) {
    if (required) refuse(std::string("lacks \"") + key + "\"");
    return {};
  }
  if (!it->is_string()) refuse(std::string("\"") + key + "\" is not a string");
  return it->get<std::string>();
}

std::vector<std::string> words_at(const json& j, const char* key) {
  std::vector<std::string> out;
  const auto it = j.find(key);
  if (it == j.end() || !it->is_array()) refuse(std::string("answer lacks the list \"") + key + "\"");
  for (const auto& w : *it) {
    if (!w.is_string()) refuse(std::string("answer \"") + key + "\" holds a non-string");
    out.push_back(w.get<std::string>());
  }
  return out;
}

// A record's fields, in order (the key "fields" of `j`).
std::vector<ForwardField> fields_at(const json& j) {
  const auto fields = j.find("fields");
  if (fields == j.end() || !fields->is_array() || fields->empty()) refuse("lacks \"fields\"");
  std::vector<ForwardField> out;
  for (const auto& f : *fields) {
    if (!f.is_object()) refuse("a field is not an object");
    ForwardField field;
    field.name = text_at(f, "name");
    field.source = text_at(f, "source");
    field.as_int = text_at(f, "type", false) == "int";
    field.omit_empty = f.value("omit_empty", false);
    field.pattern = text_at(f, "pattern", false);
    try {
      field.re = std::regex(field.pattern, std::regex::ECMAScript);
    } catch (const std::regex_error&) {
      refuse("field \"" + field.name + "\" has a pattern that is not a regular expression");
    }
    out.push_back(std::move(field));
  }
  return out;
}

// How the platform answers (the key "answer" of `j`).
ForwardAnswerShape answer_at(const json& j) {
  const auto a = j.find("answer");
  if (a == j.end() || !a->is_object()) refuse("lacks \"answer\"");
  return {text_at(*a, "results_key"), text_at(*a, "id_key"), text_at(*a, "status_key"),
          text_at(*a, "message_key", false), words_at(*a, "accepted"), words_at(*a, "duplicate")};
}

void replace_all(std::string& s, const std::string& token, const std::string& value) {
  for (std::size_t at = s.find(token); at != std::string::npos; at = s.find(token, at + value.size()))
    s.replace(at, token.size(), value);
}

std::string two(int v) { return (v < 10 ? "0" : "") + std::to_string(v); }

}  // namespace

ForwardMapping parse_forward_mapping(const std::string& json_text) {
  const json j = json::parse(json_text, nullptr, false);
  if (!j.is_object()) refuse("is not a JSON object");
  ForwardMapping m;
  m.id = text_at(j, "id");
  m.version = text_at(j, "version");
  m.title = text_at(j, "title", false);
  m.records_key = text_at(j, "records_key");
  m.time_format = text_at(j, "time_format");
  m.reason_separator = text_at(j, "reason_separator");
  const auto batch = j.find("batch_size");
  if (batch == j.end() || !batch->is_number_integer() || batch->get<int>() < 1 || batch->get<int>() > 1000)
    refuse("\"batch_size\" is not 1..1000");
  m.batch_size = batch->get<int>();
  const auto levels = j.find("levels");
  if (levels == j.end() || !levels->is_object()) refuse("lacks \"levels\"");
  std::set<std::string> codes;
  for (const auto& [word, v] : levels->items()) {
    const auto level = protocol::from_string<protocol::Level>(word);
    if (!level) refuse("\"levels\" names an unknown level \"" + word + "\"");
    if (!v.is_object()) refuse("level \"" + word + "\" is not an object");
    const std::string code = text_at(v, "code");
    if (code.empty() || !codes.insert(code).second) refuse("level \"" + word + "\" has an empty or repeated code");
    m.levels[*level] = {code, text_at(v, "name")};
  }
  for (const char* word : protocol::Spelling<protocol::Level>::words)
    if (!m.levels.count(*protocol::from_string<protocol::Level>(word)))
      refuse(std::string("level \"") + word + "\" has no code");
  if (const auto s = j.find("settings"); s != j.end()) {
    if (!s->is_object()) refuse("\"settings\" is not an object");
    for (const auto& [k, v] : s->items()) {
      if (!v.is_string()) refuse("setting \"" + k + "\" is not a string");
      m.settings[k] = v.get<std::string>();
    }
  }
  m.fields = fields_at(j);
  m.answer = answer_at(j);
  if (const auto r = j.find("results"); r != j.end()) {
    if (!r->is_object()) refuse("\"results\" is not an object");
    ForwardResults results;
    results.records_key = text_at(*r, "records_key");
    const auto kinds = r->find("kinds");
    if (kinds == r->end() || !kinds->is_object()) refuse("results lack \"kinds\"");
    for (const char* kind : {"answered", "revisited"}) {
      const auto code = kinds->find(kind);
      if (code == kinds->end() || !code->is_string() || code->get<std::string>().empty())
        refuse(std::string("results: \"") + kind + "\" has no code");
      results.kinds[kind] = code->get<std::string>();
    }
    results.fields = fields_at(*r);
    results.answer = answer_at(*r);
    m.results = std::move(results);
  }
  return m;
}

std::string format_hall_time(const std::string& format, std::int64_t unix_seconds, int utc_offset_minutes) {
  const common::CivilTime t = common::to_civil(unix_seconds, utc_offset_minutes);
  std::string s = format;
  replace_all(s, "YYYY", std::to_string(t.year));
  replace_all(s, "MM", two(t.month));
  replace_all(s, "DD", two(t.day));
  replace_all(s, "hh", two(t.hour));
  replace_all(s, "mm", two(t.minute));
  replace_all(s, "ss", two(t.second));
  return s;
}

std::optional<protocol::Level> level_of_code(const ForwardMapping& mapping, const std::string& code) {
  for (const auto& [level, c] : mapping.levels)
    if (c.first == code) return level;
  return std::nullopt;
}

namespace {

// `fields` filled from the facts, or why the record is held.
Mapped map_fields(const ForwardMapping& m, const std::vector<ForwardField>& fields, const ForwardFacts& f) {
  Mapped out;
  out.record = json::object();
  auto hold = [&](const char* key, const std::string& detail) {
    if (out.held_key.empty()) {
      out.held_key = key;
      out.held_detail = detail;
    }
  };
  for (const ForwardField& field : fields) {
    const std::string& src = field.source;
    std::string value;
    if (src == "uuid") {
      value = f.rating.uuid;
    } else if (src == "level_code") {
      value = m.levels.at(f.rating.level).first;
    } else if (src == "level_name") {
      value = m.levels.at(f.rating.level).second;
    } else if (src == "time") {
      const auto at = common::parse_timestamp(f.rating.created_at);
      if (at) value = format_hall_time(m.time_format, *at, f.utc_offset_minutes);
    } else if (src == "comment") {
      value = f.rating.comment;
    } else if (src == "project_no") {
      value = f.project_no;  // a handling rating's receipt; a rating of a person, window or item has no 办件
    } else if (src == "rating_uuid") {
      value = f.rating_uuid;
    } else if (src == "result_code") {
      if (m.results)
        if (const auto code = m.results->kinds.find(f.result_kind); code != m.results->kinds.end()) value = code->second;
      if (value.empty()) hold("forward.held.no_results", f.result_kind);
    } else if (src == "note") {
      value = f.note;
    } else if (src == "area_code") {
      value = f.area_code;
    } else if (src == "area_name") {
      value = f.area_name;
    } else if (src == "dept_name") {
      if (f.department_id.empty()) hold("forward.held.unknown_target", f.rating.target_id);
      value = f.department_name;
    } else if (src == "dept_code") {
      if (f.department_id.empty()) hold("forward.held.unknown_target", f.rating.target_id);
      else if (f.department_code.empty()) hold("forward.held.no_department_code", f.department_id);
      value = f.department_code;
    } else if (src == "task_code") {
      value = f.task_code;
    } else if (src == "task_name") {
      value = f.task_name;
    } else if (src == "reason_codes") {
      for (const auto& r : f.rating.reasons) {
        const auto code = f.reason_codes.find(r);
        if (code == f.reason_codes.end() || code->second.empty()) {
          hold("forward.held.no_reason_code", r);
          continue;
        }
        value += (value.empty() ? "" : m.reason_separator) + code->second;
      }
    } else if (src.rfind("setting:", 0) == 0) {
      const std::string name = src.substr(8);
      const auto mine = f.settings.find(name);
      const auto theirs = m.settings.find(name);
      value = mine != f.settings.end() ? mine->second : theirs != m.settings.end() ? theirs->second : "";
    } else {
      hold("forward.held.unknown_source", field.name);
    }
    if (value.empty() && field.omit_empty) continue;
    if (value.empty()) {
      hold("forward.held.empty_field", field.name);
      continue;
    }
    if (!field.pattern.empty() && !std::regex_match(value, field.re)) {
      hold("forward.held.bad_field", field.name);
      continue;
    }
    if (field.as_int) {
      if (value.size() > 18 || value.find_first_not_of("0123456789") != std::string::npos) {
        hold("forward.held.bad_field", field.name);
        continue;
      }
      out.record[field.name] = std::stoll(value);
    } else {
      out.record[field.name] = value;
    }
  }
  if (!out.held_key.empty()) out.record = json::object();
  return out;
}

}  // namespace

Mapped map_rating(const ForwardMapping& m, const ForwardFacts& f) { return map_fields(m, m.fields, f); }

Mapped map_result(const ForwardMapping& m, const ForwardFacts& f) {
  if (!m.results) {
    Mapped out;
    out.held_key = "forward.held.no_results";
    out.held_detail = m.id;
    return out;
  }
  return map_fields(m, m.results->fields, f);
}

}  // namespace hq
