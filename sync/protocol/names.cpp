#include "sync/protocol/names.h"

#include "sync/protocol/json_limits.h"

namespace protocol {
namespace {

// The code points of well-formed UTF-8 `s`, one by one.
template <typename F>
void each_code_point(std::string_view s, F&& f) {
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    const std::size_t n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    char32_t cp = n == 1 ? c : n == 2 ? (c & 0x1F) : n == 3 ? (c & 0x0F) : (c & 0x07);
    for (std::size_t k = 1; k < n && i + k < s.size(); ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    f(cp);
    i += n;
  }
}

// Control characters (C0, DEL, C1), line and paragraph separators, and the bidirectional overrides that make a
// name read differently from what it holds.
bool is_control(char32_t cp) {
  return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0x2028 || cp == 0x2029 || (cp >= 0x202A && cp <= 0x202E) ||
         (cp >= 0x2066 && cp <= 0x2069) || cp == 0xFEFF;
}

bool is_separator(char32_t cp) { return cp == '/' || cp == '\\' || cp == 0xFF0F || cp == 0x2215; }

// What every name, text and id keeps: valid UTF-8, no control characters, and (unless `separators`) no path
// separator and not only dots.
std::optional<std::string> common_problem(std::string_view value, bool separators, bool breaks) {
  if (!valid_utf8(std::string(value))) return "is not valid UTF-8";
  if (holds_control(value, breaks)) return "holds a control character";
  if (separators) return std::nullopt;
  if (holds_separator(value)) return "holds a path separator (/ or \\)";
  if (value.find_first_not_of('.') == std::string_view::npos && !value.empty()) return "is only dots";
  return std::nullopt;
}

std::size_t code_points(std::string_view s) {
  std::size_t n = 0;
  each_code_point(s, [&](char32_t) { ++n; });
  return n;
}

}  // namespace

bool holds_control(std::string_view value, bool breaks) {
  bool found = false;
  each_code_point(value, [&](char32_t cp) { found = found || (is_control(cp) && !(breaks && (cp == '\n' || cp == '\r'))); });
  return found;
}

bool holds_separator(std::string_view value) {
  bool found = false;
  each_code_point(value, [&](char32_t cp) { found = found || is_separator(cp); });
  return found;
}

std::optional<std::string> text_problem(std::string_view value, std::size_t max_chars, bool breaks) {
  if (auto p = common_problem(value, true, breaks)) return p;
  if (code_points(value) > max_chars) return "is longer than " + std::to_string(max_chars) + " characters";
  return std::nullopt;
}

std::optional<std::string> name_problem(std::string_view value, std::size_t max_chars, bool may_be_empty) {
  if (value.empty()) return may_be_empty ? std::nullopt : std::optional<std::string>("is empty");
  if (auto p = common_problem(value, false, false)) return p;
  if (code_points(value) > max_chars) return "is longer than " + std::to_string(max_chars) + " characters";
  return std::nullopt;
}

std::optional<std::string> id_problem(std::string_view value) {
  if (value.empty() || value.size() > kMaxIdBytes) return "must be 1.." + std::to_string(kMaxIdBytes) + " bytes";
  if (auto p = common_problem(value, false, false)) return p;
  if (value.find_first_of(" \t") != std::string_view::npos) return "holds a space";
  return std::nullopt;
}

std::optional<std::string> credit_code_problem(std::string_view value) {
  if (value.size() != 18) return "is not 18 characters";
  for (const char c : value)
    if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Y' && c != 'I' && c != 'O' && c != 'S' && c != 'V')))
      return "holds a character a 统一社会信用代码 cannot have";
  return std::nullopt;
}

std::optional<std::string> reference_problem(const ReferenceData& d) {
  std::optional<std::string> problem;
  auto where = [&](const char* table, std::size_t i, const char* field, std::optional<std::string> p) {
    if (p && !problem) problem = std::string(table) + "[" + std::to_string(i) + "] " + field + " " + *p;
  };
  auto required_text = [](std::string_view v, std::size_t max) -> std::optional<std::string> {
    return v.empty() ? std::optional<std::string>("is empty") : text_problem(v, max);
  };
  // Name lengths: generous bounds over what the kiosk's screens and the notice's tables hold. Names that can
  // become part of a file name (departments, windows, officials) hold no path separator; free texts may.
  for (std::size_t i = 0; i < d.departments.size(); ++i) {
    where("departments", i, "id", id_problem(d.departments[i].id));
    where("departments", i, "name", name_problem(d.departments[i].name, 60));
    where("departments", i, "short_name", name_problem(d.departments[i].short_name, 60, true));
    if (!d.departments[i].credit_code.empty())
      where("departments", i, "credit_code", credit_code_problem(d.departments[i].credit_code));
  }
  for (std::size_t i = 0; i < d.windows.size(); ++i) {
    where("windows", i, "id", id_problem(d.windows[i].id));
    where("windows", i, "number", name_problem(d.windows[i].number, 16));
    where("windows", i, "name", text_problem(d.windows[i].name, 60));
    where("windows", i, "department_id", id_problem(d.windows[i].department_id));
  }
  for (std::size_t i = 0; i < d.officials.size(); ++i) {
    where("officials", i, "id", id_problem(d.officials[i].id));
    where("officials", i, "name", name_problem(d.officials[i].name, 40));
    where("officials", i, "title", text_problem(d.officials[i].title, 60));
    where("officials", i, "department_id", id_problem(d.officials[i].department_id));
    where("officials", i, "phone", text_problem(d.officials[i].phone, 40));
    if (d.officials[i].photo) where("officials", i, "photo", name_problem(*d.officials[i].photo, 120, true));
  }
  for (std::size_t i = 0; i < d.schedule.size(); ++i) {
    where("schedule", i, "id", id_problem(d.schedule[i].id));
    where("schedule", i, "official_id", id_problem(d.schedule[i].official_id));
    where("schedule", i, "window_id", id_problem(d.schedule[i].window_id));
  }
  for (std::size_t i = 0; i < d.service_items.size(); ++i) {
    const ServiceItem& s = d.service_items[i];
    where("service_items", i, "id", id_problem(s.id));
    where("service_items", i, "department_id", id_problem(s.department_id));
    where("service_items", i, "name", required_text(s.name, 200));
    where("service_items", i, "section", text_problem(s.section, 60));
    if (!s.task_code.empty()) where("service_items", i, "task_code", id_problem(s.task_code));
  }
  for (std::size_t i = 0; i < d.sittings.size(); ++i) {
    where("sittings", i, "official_id", id_problem(d.sittings[i].official_id));
    where("sittings", i, "window_id", id_problem(d.sittings[i].window_id));
  }
  if (d.reason_list) {
    where("reason_list", 0, "version", id_problem(d.reason_list->version));
    for (std::size_t g = 0; g < d.reason_list->groups.size(); ++g) {
      const ReasonGroup& group = d.reason_list->groups[g];
      where("reason_list.groups", g, "id", id_problem(group.id));
      where("reason_list.groups", g, "zh", required_text(group.zh, 40));
      where("reason_list.groups", g, "en", text_problem(group.en, 80));
      for (std::size_t r = 0; r < group.reasons.size(); ++r) {
        where("reason_list.reasons", r, "id", id_problem(group.reasons[r].id));
        where("reason_list.reasons", r, "zh", required_text(group.reasons[r].zh, 40));
        where("reason_list.reasons", r, "en", text_problem(group.reasons[r].en, 80));
      }
    }
  }
  if (d.calendar) where("calendar", 0, "version", id_problem(d.calendar->version));
  return problem;
}

}  // namespace protocol
