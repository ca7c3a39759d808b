#include "sync/protocol/record_bodies.h"

#include <algorithm>
#include <utility>

#include "sync/protocol/damm.h"
#include "sync/protocol/json_limits.h"
#include "sync/protocol/records.h"

namespace protocol {
namespace {

using nlohmann::json;

// Checks the fields of one JSON object; the first problem becomes the record's `invalid` reason.
class BodyCheck {
 public:
  BodyCheck(const json& obj, std::string where) : obj_(obj), where_(std::move(where)) {}
  const std::optional<std::string>& error() const { return error_; }
  void fail(const std::string& what) {
    if (!error_) error_ = where_ + what;
  }
  const json* field(const char* key, bool required) {
    auto it = obj_.find(key);
    if (it == obj_.end() || it->is_null()) {
      if (required) fail(std::string("lacks \"") + key + "\"");
      return nullptr;
    }
    return &*it;
  }
  // A string of min..max bytes (nullable when not required).
  void text(const char* key, std::size_t min, std::size_t max, bool required = true) {
    const json* v = field(key, required);
    if (!v) return;
    if (!v->is_string()) return fail(std::string("field \"") + key + "\" is not a string");
    const auto n = v->get_ref<const std::string&>().size();
    if (n < min || n > max)
      fail(std::string("field \"") + key + "\" must be " + std::to_string(min) + ".." + std::to_string(max) +
           " bytes");
  }
  void id(const char* key, bool required = true) { text(key, 1, 64, required); }
  // A phone number: min..max digits and nothing else.
  void phone(const char* key, std::size_t min, std::size_t max) {
    text(key, min, max, false);
    const json* v = field(key, false);
    if (v && v->is_string() && v->get_ref<const std::string&>().find_first_not_of("0123456789") != std::string::npos)
      fail(std::string("field \"") + key + "\" may hold only digits");
  }
  // A receipt: 12 digits ending in the Damm check digit of the other 11.
  void receipt(const char* key) {
    text(key, 12, 12);
    const json* v = field(key, false);
    if (v && v->is_string() && v->get_ref<const std::string&>().size() == 12 && !damm_valid(v->get<std::string>()))
      fail(std::string("field \"") + key + "\" is not 12 digits with a valid check digit");
  }
  void uuid(const char* key) {
    const json* v = field(key, true);
    if (v && (!v->is_string() || !is_uuid(v->get<std::string>())))
      fail(std::string("field \"") + key + "\" is not a UUID");
  }
  void timestamp(const char* key) {
    const json* v = field(key, true);
    if (v && (!v->is_string() || !parse_timestamp(v->get<std::string>())))
      fail(std::string("field \"") + key + "\" is not an ISO 8601 time with offset (2000–2099)");
  }
  void date(const char* key, bool required = true) {
    const json* v = field(key, required);
    if (v && (!v->is_string() || !is_wire_date(v->get<std::string>())))
      fail(std::string("field \"") + key + "\" is not a date YYYY-MM-DD");
  }
  template <WireEnum E>
  void one_of(const char* key) {
    const json* v = field(key, true);
    if (!v) return;
    if (v->is_string() && from_string<E>(v->get_ref<const std::string&>())) return;
    fail(std::string("field \"") + key + "\" has unknown value " + v->dump());
  }
  void boolean(const char* key) {
    const json* v = field(key, true);
    if (v && !v->is_boolean()) fail(std::string("field \"") + key + "\" is not true/false");
  }
  void integer(const char* key, std::int64_t min, std::int64_t max) {
    const json* v = field(key, true);
    if (!v) return;
    if (!v->is_number_integer() || v->get<std::int64_t>() < min || v->get<std::int64_t>() > max)
      fail(std::string("field \"") + key + "\" must be an integer " + std::to_string(min) + ".." +
           std::to_string(max));
  }

 private:
  const json& obj_;
  std::string where_;
  std::optional<std::string> error_;
};

// --- The rules of each kind (sync/PROTOCOL.md's table). ---

// What a problem found at a window and a 走流程's finding both carry.
void check_finding(BodyCheck& pc) {
  pc.text("description", 1, 2000);
  pc.text("measure", 0, 2000, false);
  pc.date("due_date", false);
  pc.text("section", 0, 200, false);
}

std::optional<std::string> validate_checkin(const json& b) {
  BodyCheck c(b, "body ");
  c.uuid("uuid");
  c.id("official_id");
  c.id("window_id");
  c.id("schedule_id", false);
  c.date("date");
  c.one_of<HalfDay>("half");
  c.timestamp("checkin_at");
  c.text("unscheduled_reason", 0, 500, false);
  return c.error();
}

std::optional<std::string> validate_checkout(const json& b) {
  BodyCheck c(b, "body ");
  c.uuid("uuid");
  c.uuid("sitting_uuid");
  c.timestamp("checkout_at");
  c.integer("visitors", 0, 9999);
  c.boolean("counts");
  c.boolean("auto_closed");
  c.id("official_id", false);
  if (c.error()) return c.error();
  auto it = b.find("problems");
  if (it == b.end() || it->is_null()) return std::nullopt;
  if (!it->is_array() || it->size() > 50) return "body field \"problems\" must be a list of at most 50";
  for (std::size_t i = 0; i < it->size(); ++i) {
    const json& p = (*it)[i];
    if (!p.is_object()) return "body problems[" + std::to_string(i) + "] is not an object";
    BodyCheck pc(p, "body problems[" + std::to_string(i) + "] ");
    pc.one_of<ProblemSource>("source");
    pc.boolean("solved_on_spot");
    check_finding(pc);
    if (pc.error()) return pc.error();
  }
  return std::nullopt;
}

std::optional<std::string> validate_walk(const json& b) {
  BodyCheck c(b, "body ");
  c.uuid("uuid");
  c.id("official_id");
  c.id("item_id");
  c.text("item_name", 1, 400);
  c.date("date");
  c.timestamp("recorded_at");
  if (c.error()) return c.error();
  const std::string recorded = b.at("recorded_at").get<std::string>();
  if (b.at("date").get<std::string>() > recorded.substr(0, 10))
    return "body field \"date\" is after the day it was recorded";
  auto forms = b.find("forms");
  if (forms == b.end() || !forms->is_array() || forms->empty() || forms->size() > all_values<WalkForm>().size())
    return "body field \"forms\" must list 1 to 4 of at_window, in_person, accompany, inspect";
  std::vector<WalkForm> seen;
  for (const json& f : *forms) {
    const auto form = f.is_string() ? from_string<WalkForm>(f.get_ref<const std::string&>()) : std::nullopt;
    if (!form) return "body field \"forms\" has unknown value " + f.dump();
    if (std::find(seen.begin(), seen.end(), *form) != seen.end()) return "body field \"forms\" names " + f.dump() + " twice";
    seen.push_back(*form);
  }
  auto it = b.find("findings");
  if (it == b.end() || !it->is_array() || it->size() > 50) return "body field \"findings\" must be a list of at most 50";
  for (std::size_t i = 0; i < it->size(); ++i) {
    const json& p = (*it)[i];
    if (!p.is_object()) return "body findings[" + std::to_string(i) + "] is not an object";
    BodyCheck pc(p, "body findings[" + std::to_string(i) + "] ");
    check_finding(pc);
    if (pc.error()) return pc.error();
  }
  return std::nullopt;
}

std::optional<std::string> validate_rating(const json& b) {
  BodyCheck c(b, "body ");
  c.uuid("uuid");
  c.timestamp("created_at");
  c.one_of<TargetKind>("target_kind");
  c.id("target_id");
  c.text("target_name", 1, 400);
  c.one_of<Level>("level");
  c.text("reason_version", 0, 64, false);
  c.text("comment", 0, 2000, false);
  c.phone("phone", 10, 12);
  if (c.error()) return c.error();
  auto it = b.find("reasons");
  if (it == b.end() || !it->is_array() || it->size() > 20) return "body field \"reasons\" must be a list of at most 20";
  for (const auto& r : *it)
    if (!r.is_string() || r.get<std::string>().empty() || r.get<std::string>().size() > 64)
      return "body field \"reasons\" holds something that is not a reason id";
  if (is_bad(*from_string<Level>(b.at("level").get<std::string>())) && it->empty())
    return "body: a 差评 needs a reason";
  return std::nullopt;
}

std::optional<std::string> validate_report(const json& b) {
  BodyCheck c(b, "body ");
  c.uuid("uuid");
  c.receipt("receipt");
  c.timestamp("created_at");
  c.id("department_id");
  c.id("item_id", false);
  c.text("item_name", 1, 400);
  c.one_of<ReportKind>("kind");
  c.text("description", 1, 2000);
  c.text("name", 0, 80, false);
  c.phone("phone", 10, 12);
  c.date("due_date");
  return c.error();
}

std::optional<std::string> validate_pin_attempt(const json& b) {
  BodyCheck c(b, "body ");
  c.uuid("uuid");
  c.id("official_id");
  c.timestamp("attempted_at");
  c.boolean("ok");
  if (!c.error() && b.size() != 4) return "body: a pin_attempt has uuid, official_id, attempted_at and ok, nothing else";
  return c.error();
}

// --- Reading a body that passed its rules: every required field is there and of its type. ---

std::string str(const json& o, const char* key) {
  auto it = o.find(key);
  return it != o.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::optional<std::string> opt(const json& o, const char* key) {
  auto it = o.find(key);
  if (it == o.end() || !it->is_string()) return std::nullopt;
  return it->get<std::string>();
}

template <WireEnum E>
E word(const json& o, const char* key) {
  return *from_string<E>(o.at(key).get_ref<const std::string&>());
}

json opt_json(const std::optional<std::string>& v) { return v ? json(*v) : json(); }

json parse(const std::string& text) { return parse_limited(text, "record body"); }

void check(RecordKind kind, const json& body) {
  if (!body.is_object()) throw DecodeError(std::string("a ") + to_string(kind) + " body is not a JSON object");
  if (auto reason = validate_body(kind, body)) throw DecodeError(*reason);
}

}  // namespace

std::optional<std::string> validate_body(RecordKind kind, const json& body) {
  switch (kind) {
    case RecordKind::checkin: return validate_checkin(body);
    case RecordKind::checkout: return validate_checkout(body);
    case RecordKind::rating: return validate_rating(body);
    case RecordKind::report: return validate_report(body);
    case RecordKind::pin_attempt: return validate_pin_attempt(body);
    case RecordKind::walk: return validate_walk(body);
  }
  return "unknown kind";
}

json encode(const CheckInBody& b) {
  return {{"uuid", b.uuid},
          {"official_id", b.official_id},
          {"window_id", b.window_id},
          {"schedule_id", opt_json(b.schedule_id)},
          {"date", b.date},
          {"half", to_string(b.half)},
          {"checkin_at", b.checkin_at},
          {"unscheduled_reason", opt_json(b.unscheduled_reason)}};
}

json encode(const CheckOutBody& b) {
  json problems = json::array();
  for (const Problem& p : b.problems)
    problems.push_back({{"source", to_string(p.source)},
                        {"description", p.description},
                        {"measure", p.measure},
                        {"solved_on_spot", p.solved_on_spot},
                        {"due_date", opt_json(p.due_date)},
                        {"section", p.section}});
  return {{"uuid", b.uuid},
          {"sitting_uuid", b.sitting_uuid},
          {"checkout_at", b.checkout_at},
          {"visitors", b.visitors},
          {"counts", b.counts},
          {"auto_closed", b.auto_closed},
          {"problems", std::move(problems)},
          {"official_id", opt_json(b.official_id)}};
}

json encode(const RatingBody& b) {
  return {{"uuid", b.uuid},
          {"created_at", b.created_at},
          {"target_kind", to_string(b.target_kind)},
          {"target_id", b.target_id},
          {"target_name", b.target_name},
          {"level", to_string(b.level)},
          {"reasons", b.reasons},
          {"reason_version", b.reason_version},
          {"comment", b.comment},
          {"phone", opt_json(b.phone)}};
}

json encode(const ReportBody& b) {
  return {{"uuid", b.uuid},
          {"receipt", b.receipt},
          {"created_at", b.created_at},
          {"department_id", b.department_id},
          {"item_id", opt_json(b.item_id)},
          {"item_name", b.item_name},
          {"kind", to_string(b.report_kind)},
          {"description", b.description},
          {"name", opt_json(b.name)},
          {"phone", opt_json(b.phone)},
          {"due_date", b.due_date}};
}

json encode(const PinAttemptBody& b) {
  return {{"uuid", b.uuid}, {"official_id", b.official_id}, {"attempted_at", b.attempted_at}, {"ok", b.ok}};
}

json encode(const WalkBody& b) {
  json forms = json::array(), findings = json::array();
  for (const WalkForm f : b.forms) forms.push_back(to_string(f));
  for (const WalkFinding& f : b.findings)
    findings.push_back(
        {{"description", f.description}, {"measure", f.measure}, {"due_date", opt_json(f.due_date)}, {"section", f.section}});
  return {{"uuid", b.uuid},       {"official_id", b.official_id}, {"item_id", b.item_id},
          {"item_name", b.item_name}, {"date", b.date},           {"forms", std::move(forms)},
          {"findings", std::move(findings)}, {"recorded_at", b.recorded_at}};
}

template <>
CheckInBody decode_body<CheckInBody>(const json& b) {
  check(CheckInBody::kind, b);
  return {str(b, "uuid"),       str(b, "official_id"),  str(b, "window_id"),  opt(b, "schedule_id"),
          str(b, "date"),       word<HalfDay>(b, "half"), str(b, "checkin_at"), opt(b, "unscheduled_reason")};
}

template <>
CheckOutBody decode_body<CheckOutBody>(const json& b) {
  check(CheckOutBody::kind, b);
  CheckOutBody out{str(b, "uuid"),           str(b, "sitting_uuid"),       str(b, "checkout_at"),
                   b.at("visitors").get<int>(), b.at("counts").get<bool>(), b.at("auto_closed").get<bool>(),
                   {},                          opt(b, "official_id")};
  if (auto it = b.find("problems"); it != b.end() && it->is_array())
    for (const json& p : *it)
      out.problems.push_back({word<ProblemSource>(p, "source"), str(p, "description"), str(p, "measure"),
                              p.at("solved_on_spot").get<bool>(), opt(p, "due_date"), str(p, "section")});
  return out;
}

template <>
RatingBody decode_body<RatingBody>(const json& b) {
  check(RatingBody::kind, b);
  return {str(b, "uuid"),
          str(b, "created_at"),
          word<TargetKind>(b, "target_kind"),
          str(b, "target_id"),
          str(b, "target_name"),
          word<Level>(b, "level"),
          b.at("reasons").get<std::vector<std::string>>(),
          str(b, "reason_version"),
          str(b, "comment"),
          opt(b, "phone")};
}

template <>
ReportBody decode_body<ReportBody>(const json& b) {
  check(ReportBody::kind, b);
  return {str(b, "uuid"),          str(b, "receipt"),      str(b, "created_at"),  str(b, "department_id"),
          opt(b, "item_id"),       str(b, "item_name"),    word<ReportKind>(b, "kind"), str(b, "description"),
          opt(b, "name"),          opt(b, "phone"),        str(b, "due_date")};
}

template <>
PinAttemptBody decode_body<PinAttemptBody>(const json& b) {
  check(PinAttemptBody::kind, b);
  return {str(b, "uuid"), str(b, "official_id"), str(b, "attempted_at"), b.at("ok").get<bool>()};
}

template <>
WalkBody decode_body<WalkBody>(const json& b) {
  check(WalkBody::kind, b);
  WalkBody out{str(b, "uuid"), str(b, "official_id"), str(b, "item_id"), str(b, "item_name"), str(b, "date"),
               {},             {},                    str(b, "recorded_at")};
  for (const json& f : b.at("forms")) out.forms.push_back(*from_string<WalkForm>(f.get_ref<const std::string&>()));
  for (const json& f : b.at("findings"))
    out.findings.push_back({str(f, "description"), str(f, "measure"), opt(f, "due_date"), str(f, "section")});
  return out;
}

template <typename T>
T decode_body(const std::string& json_text) {
  return decode_body<T>(parse(json_text));
}
template CheckInBody decode_body<CheckInBody>(const std::string&);
template CheckOutBody decode_body<CheckOutBody>(const std::string&);
template RatingBody decode_body<RatingBody>(const std::string&);
template ReportBody decode_body<ReportBody>(const std::string&);
template PinAttemptBody decode_body<PinAttemptBody>(const std::string&);
template WalkBody decode_body<WalkBody>(const std::string&);

bool forget_personal(RatingBody& b) {
  const bool had = b.phone.has_value();
  b.phone.reset();
  return had;
}

bool forget_personal(ReportBody& b) {
  const bool had = b.phone.has_value() || b.name.has_value();
  b.phone.reset();
  b.name.reset();
  return had;
}

namespace {
template <typename T>
std::string without_personal_as(const std::string& text) {
  T body = decode_body<T>(text);
  return forget_personal(body) ? encode(body).dump() : text;
}
}  // namespace

std::string without_personal(RecordKind kind, const std::string& text) {
  try {
    switch (kind) {
      case RecordKind::checkin: return without_personal_as<CheckInBody>(text);
      case RecordKind::checkout: return without_personal_as<CheckOutBody>(text);
      case RecordKind::rating: return without_personal_as<RatingBody>(text);
      case RecordKind::report: return without_personal_as<ReportBody>(text);
      case RecordKind::pin_attempt:
      case RecordKind::walk: return text;
    }
  } catch (const DecodeError&) {
    // Not a body of its kind: HQ would not have accepted it, so it reached nobody.
  }
  return text;
}

}  // namespace protocol
