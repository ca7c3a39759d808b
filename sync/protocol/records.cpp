#include "sync/protocol/records.h"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <functional>
#include <utility>

namespace protocol {
namespace {

using nlohmann::json;

bool is_date(const std::string& s) { return common::valid_date(s); }

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
    if (v && (!v->is_string() || !is_date(v->get<std::string>())))
      fail(std::string("field \"") + key + "\" is not a date YYYY-MM-DD");
  }
  template <std::size_t N>
  void one_of(const char* key, const std::array<const char*, N>& values) {
    const json* v = field(key, true);
    if (!v) return;
    if (v->is_string())
      for (const char* x : values)
        if (v->get<std::string>() == x) return;
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

// --- Per-kind validators: one function per record kind. ---

std::optional<std::string> validate_checkin(const json& b) {
  BodyCheck c(b, "body ");
  c.uuid("uuid");
  c.id("official_id");
  c.id("window_id");
  c.id("schedule_id", false);
  c.date("date");
  c.one_of("half", std::array<const char*, 2>{"am", "pm"});
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
  if (c.error()) return c.error();
  auto it = b.find("problems");
  if (it == b.end() || it->is_null()) return std::nullopt;
  if (!it->is_array() || it->size() > 50) return "body field \"problems\" must be a list of at most 50";
  for (std::size_t i = 0; i < it->size(); ++i) {
    const json& p = (*it)[i];
    if (!p.is_object()) return "body problems[" + std::to_string(i) + "] is not an object";
    BodyCheck pc(p, "body problems[" + std::to_string(i) + "] ");
    pc.one_of("source", std::array<const char*, 4>{"citizen", "staff", "self_check", "other"});
    pc.text("description", 1, 2000);
    pc.text("measure", 0, 2000, false);
    pc.boolean("solved_on_spot");
    pc.date("due_date", false);
    pc.text("section", 0, 200, false);
    if (pc.error()) return pc.error();
  }
  return std::nullopt;
}

std::optional<std::string> validate_rating(const json& b) {
  BodyCheck c(b, "body ");
  c.uuid("uuid");
  c.timestamp("created_at");
  c.one_of("target_kind", std::array<const char*, 3>{"official", "window", "item"});
  c.id("target_id");
  c.text("target_name", 1, 400);
  c.one_of("level", std::array<const char*, 5>{"very_satisfied", "satisfied", "basic", "dissatisfied",
                                              "very_dissatisfied"});
  c.text("reason_version", 0, 64, false);
  c.text("comment", 0, 2000, false);
  c.text("phone", 10, 12, false);
  if (c.error()) return c.error();
  auto it = b.find("reasons");
  if (it == b.end() || !it->is_array() || it->size() > 20) return "body field \"reasons\" must be a list of at most 20";
  for (const auto& r : *it)
    if (!r.is_string() || r.get<std::string>().empty() || r.get<std::string>().size() > 64)
      return "body field \"reasons\" holds something that is not a reason id";
  const std::string level = b.at("level").get<std::string>();
  if ((level == "dissatisfied" || level == "very_dissatisfied") && it->empty()) return "body: a 差评 needs a reason";
  return std::nullopt;
}

std::optional<std::string> validate_report(const json& b) {
  BodyCheck c(b, "body ");
  c.uuid("uuid");
  c.text("receipt", 12, 12);
  c.timestamp("created_at");
  c.id("department_id");
  c.id("item_id", false);
  c.text("item_name", 1, 400);
  c.one_of("kind", std::array<const char*, 7>{"materials", "many_trips", "slow", "buck_passing", "system_fault",
                                              "policy_unclear", "other"});
  c.text("description", 1, 2000);
  c.text("name", 0, 80, false);
  c.text("phone", 10, 12, false);
  c.date("due_date");
  return c.error();
}

using Validator = std::optional<std::string> (*)(const json& body);
// The registry of kinds: add a line here with the new kind's validator.
constexpr std::array<std::pair<const char*, Validator>, 4> kKinds = {{
    {"checkin", &validate_checkin},
    {"checkout", &validate_checkout},
    {"rating", &validate_rating},
    {"report", &validate_report},
}};

json parse_object(const std::string& text, const char* what) {
  json root;
  try {
    root = json::parse(text);
  } catch (const json::exception& e) {
    throw DecodeError(std::string(what) + " is not valid JSON: " + e.what());
  }
  if (!root.is_object()) throw DecodeError(std::string(what) + " is not a JSON object");
  auto p = root.find("protocol");
  if (p == root.end() || !p->is_number_integer() || p->get<int>() != kProtocolVersion)
    throw DecodeError(std::string(what) + " has protocol " + (p == root.end() ? std::string("(none)") : p->dump()) +
                      ", this end speaks " + std::to_string(kProtocolVersion));
  return root;
}

const json& array_field(const json& root, const char* key, const char* what) {
  auto it = root.find(key);
  if (it == root.end() || !it->is_array()) throw DecodeError(std::string(what) + " lacks the list \"" + key + "\"");
  return *it;
}

std::string str_of(const json& o, const char* key) {
  auto it = o.find(key);
  return it != o.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::vector<std::string> string_list(const json& o, const char* key, const char* what) {
  std::vector<std::string> out;
  auto it = o.find(key);
  if (it == o.end() || it->is_null()) return out;
  if (!it->is_array()) throw DecodeError(std::string(what) + " field \"" + key + "\" is not a list");
  for (const json& x : *it) {
    if (!x.is_string()) throw DecodeError(std::string(what) + " field \"" + key + "\" holds a non-string");
    out.push_back(x.get<std::string>());
  }
  return out;
}

}  // namespace

bool is_uuid(const std::string& s) {
  if (s.size() != 36) return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char ch = s[i];
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (ch != '-') return false;
    } else if (!((ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f') || (ch >= 'A' && ch <= 'F'))) {
      return false;
    }
  }
  return true;
}

const char* to_string(RecordStatus s) {
  switch (s) {
    case RecordStatus::accepted: return "accepted";
    case RecordStatus::duplicate: return "duplicate";
    case RecordStatus::invalid: return "invalid";
  }
  return "invalid";
}

std::vector<std::string> known_kinds() {
  std::vector<std::string> out;
  for (const auto& [k, v] : kKinds) out.emplace_back(k);
  return out;
}

std::optional<std::string> validate_record(const RecordEnvelope& r) {
  if (!r.envelope_error.empty()) return r.envelope_error;
  if (!is_uuid(r.uuid)) return "envelope field \"uuid\" is not a UUID";
  if (!parse_timestamp(r.created_at)) return "envelope field \"created_at\" is not an ISO 8601 time with offset";
  if (!r.body.is_object()) return "envelope field \"body\" is not an object";
  if (r.body.dump().size() > kMaxBodyBytes) return "body is larger than " + std::to_string(kMaxBodyBytes) + " bytes";
  auto u = r.body.find("uuid");
  if (u == r.body.end() || !u->is_string() || u->get<std::string>() != r.uuid)
    return "body field \"uuid\" differs from the envelope's";
  for (const auto& [kind, validator] : kKinds)
    if (r.kind == kind) return validator(r.body);
  return "unknown kind \"" + r.kind + "\"";
}

std::string encode_batch(const std::vector<RecordEnvelope>& records) {
  json list = json::array();
  for (const auto& r : records)
    list.push_back({{"uuid", r.uuid}, {"kind", r.kind}, {"created_at", r.created_at}, {"body", r.body}});
  return json{{"protocol", kProtocolVersion}, {"records", std::move(list)}}.dump();
}

std::vector<RecordEnvelope> decode_batch(const std::string& text) {
  const json root = parse_object(text, "batch");
  const json& list = array_field(root, "records", "batch");
  if (list.size() > kMaxBatchRecords)
    throw TooLarge("batch holds " + std::to_string(list.size()) + " records, at most " +
                      std::to_string(kMaxBatchRecords) + " are allowed");
  std::vector<RecordEnvelope> out;
  out.reserve(list.size());
  for (std::size_t i = 0; i < list.size(); ++i) {
    const json& e = list[i];
    RecordEnvelope r;
    if (!e.is_object()) {
      r.envelope_error = "records[" + std::to_string(i) + "] is not an object";
    } else {
      r.uuid = str_of(e, "uuid");
      r.kind = str_of(e, "kind");
      r.created_at = str_of(e, "created_at");
      if (auto b = e.find("body"); b != e.end()) r.body = *b;
    }
    out.push_back(std::move(r));
  }
  return out;
}

std::string encode_results(const std::vector<RecordResult>& results) {
  json list = json::array();
  for (const auto& r : results) {
    json o = {{"uuid", r.uuid}, {"status", to_string(r.status)}};
    if (r.status == RecordStatus::invalid) o["reason"] = r.reason;
    list.push_back(std::move(o));
  }
  return json{{"protocol", kProtocolVersion}, {"results", std::move(list)}}.dump();
}

std::vector<RecordResult> decode_results(const std::string& text) {
  const json root = parse_object(text, "answer");
  std::vector<RecordResult> out;
  for (const json& e : array_field(root, "results", "answer")) {
    if (!e.is_object()) throw DecodeError("answer holds a result that is not an object");
    RecordResult r{str_of(e, "uuid"), RecordStatus::invalid, str_of(e, "reason")};
    const std::string status = str_of(e, "status");
    if (status == "accepted") r.status = RecordStatus::accepted;
    else if (status == "duplicate") r.status = RecordStatus::duplicate;
    else if (status != "invalid") throw DecodeError("answer has unknown status \"" + status + "\"");
    out.push_back(std::move(r));
  }
  return out;
}

std::string encode_reconcile_request(const std::vector<DayDigest>& days) {
  json list = json::array();
  for (const auto& d : days) {
    json o = {{"day", d.day}, {"count", d.count}, {"digest", d.digest}};
    if (d.uuids) o["uuids"] = *d.uuids;
    list.push_back(std::move(o));
  }
  return json{{"protocol", kProtocolVersion}, {"days", std::move(list)}}.dump();
}

std::vector<DayDigest> decode_reconcile_request(const std::string& text) {
  const json root = parse_object(text, "reconcile request");
  const json& list = array_field(root, "days", "reconcile request");
  if (list.size() > kMaxReconcileDays)
    throw DecodeError("reconcile request holds more than " + std::to_string(kMaxReconcileDays) + " days");
  std::vector<DayDigest> out;
  for (const json& e : list) {
    if (!e.is_object()) throw DecodeError("reconcile request holds a day that is not an object");
    DayDigest d{str_of(e, "day"), 0, str_of(e, "digest"), std::nullopt};
    if (!is_date(d.day)) throw DecodeError("reconcile request day \"" + d.day + "\" is not YYYY-MM-DD");
    if (auto c = e.find("count"); c != e.end() && c->is_number_integer()) d.count = c->get<std::int64_t>();
    if (e.contains("uuids")) d.uuids = string_list(e, "uuids", "reconcile request day");
    out.push_back(std::move(d));
  }
  return out;
}

std::string encode_reconcile_answer(const std::vector<DayDifference>& days) {
  json list = json::array();
  for (const auto& d : days) list.push_back({{"day", d.day}, {"hq_count", d.hq_count}, {"missing", d.missing}});
  return json{{"protocol", kProtocolVersion}, {"differ", std::move(list)}}.dump();
}

std::vector<DayDifference> decode_reconcile_answer(const std::string& text) {
  const json root = parse_object(text, "reconcile answer");
  std::vector<DayDifference> out;
  for (const json& e : array_field(root, "differ", "reconcile answer")) {
    if (!e.is_object()) throw DecodeError("reconcile answer holds a day that is not an object");
    DayDifference d{str_of(e, "day"), 0, string_list(e, "missing", "reconcile answer day")};
    if (auto c = e.find("hq_count"); c != e.end() && c->is_number_integer()) d.hq_count = c->get<std::int64_t>();
    out.push_back(std::move(d));
  }
  return out;
}

std::string day_digest(std::vector<std::string> uuids) {
  std::sort(uuids.begin(), uuids.end());
  crypto_generichash_state st;
  crypto_generichash_init(&st, nullptr, 0, crypto_generichash_BYTES);
  for (const auto& u : uuids) {
    crypto_generichash_update(&st, reinterpret_cast<const unsigned char*>(u.data()), u.size());
    crypto_generichash_update(&st, reinterpret_cast<const unsigned char*>("\n"), 1);
  }
  std::array<unsigned char, crypto_generichash_BYTES> out{};
  crypto_generichash_final(&st, out.data(), out.size());
  std::array<char, crypto_generichash_BYTES * 2 + 1> hex{};
  sodium_bin2hex(hex.data(), hex.size(), out.data(), out.size());
  return hex.data();
}

}  // namespace protocol
