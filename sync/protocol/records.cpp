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

// Days since 1970-01-01 of a proleptic Gregorian date.
std::int64_t days_from_civil(int y, int m, int d) {
  y -= m <= 2 ? 1 : 0;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const int yoe = y - era * 400;
  const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return static_cast<std::int64_t>(era) * 146097 + doe - 719468;
}

void civil_from_days(std::int64_t z, int& y, int& m, int& d) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<int>(z - era * 146097);
  const int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp + (mp < 10 ? 3 : -9);
  y = static_cast<int>(yoe + era * 400) + (m <= 2 ? 1 : 0);
}

int days_in_month(int y, int m) {
  static constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 && leap ? 29 : kDays[static_cast<std::size_t>(m - 1)];
}

// Reads `n` digits at s[pos]; -1 if any is not a digit.
int digits(const std::string& s, std::size_t pos, std::size_t n) {
  if (pos + n > s.size()) return -1;
  int v = 0;
  for (std::size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return -1;
    v = v * 10 + (s[i] - '0');
  }
  return v;
}

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

bool is_wire_date(const std::string& s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  const int y = digits(s, 0, 4), m = digits(s, 5, 2), d = digits(s, 8, 2);
  return y >= 2000 && y <= 2099 && m >= 1 && m <= 12 && d >= 1 && d <= days_in_month(y, m);
}

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

std::optional<std::int64_t> parse_timestamp(const std::string& s) {
  if (s.size() < 20 || !is_wire_date(s.substr(0, 10)) || s[10] != 'T' || s[13] != ':' || s[16] != ':') return std::nullopt;
  const int hh = digits(s, 11, 2), mi = digits(s, 14, 2), ss = digits(s, 17, 2);
  if (hh < 0 || hh > 23 || mi < 0 || mi > 59 || ss < 0 || ss > 59) return std::nullopt;
  std::size_t pos = 19;
  if (s[pos] == '.') {
    std::size_t n = 0;
    while (pos + 1 < s.size() && s[pos + 1] >= '0' && s[pos + 1] <= '9' && n < 9) ++pos, ++n;
    if (n == 0) return std::nullopt;
    ++pos;
  }
  int offset = 0;
  if (pos < s.size() && s[pos] == 'Z' && pos + 1 == s.size()) {
    offset = 0;
  } else if (pos + 6 == s.size() && (s[pos] == '+' || s[pos] == '-') && s[pos + 3] == ':') {
    const int oh = digits(s, pos + 1, 2), om = digits(s, pos + 4, 2);
    if (oh < 0 || oh > 14 || om < 0 || om > 59) return std::nullopt;
    offset = (s[pos] == '-' ? -1 : 1) * (oh * 60 + om);
  } else {
    return std::nullopt;
  }
  const std::int64_t days = days_from_civil(digits(s, 0, 4), digits(s, 5, 2), digits(s, 8, 2));
  return days * 86400 + hh * 3600 + mi * 60 + ss - offset * 60;
}

std::string format_timestamp_utc(std::int64_t t) {
  const std::int64_t days = (t >= 0 ? t : t - 86399) / 86400;
  const auto sec = static_cast<int>(t - days * 86400);
  int y = 0, m = 0, d = 0;
  civil_from_days(days, y, m, d);
  char buf[80];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02dZ", y, m, d, sec / 3600, sec / 60 % 60, sec % 60);
  return buf;
}

std::string utc_date(std::int64_t t) { return format_timestamp_utc(t).substr(0, 10); }

std::optional<std::string> validate_record(const RecordEnvelope& r) {
  if (!r.envelope_error.empty()) return r.envelope_error;
  if (!is_uuid(r.uuid)) return "envelope field \"uuid\" is not a UUID";
  if (!parse_timestamp(r.created_at)) return "envelope field \"created_at\" is not an ISO 8601 time with offset";
  if (!r.body.is_object()) return "envelope field \"body\" is not an object";
  if (r.body.dump().size() > kMaxBodyBytes) return "body is larger than " + std::to_string(kMaxBodyBytes) + " bytes";
  auto u = r.body.find("uuid");
  if (u == r.body.end() || !u->is_string() || u->get<std::string>() != r.uuid)
    return "body field \"uuid\" differs from the envelope's";
  const auto kind = from_string<RecordKind>(r.kind);
  if (!kind) return "unknown kind \"" + r.kind + "\"";
  return validate_body(*kind, r.body);
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
    throw DecodeError("batch holds " + std::to_string(list.size()) + " records, at most " +
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
    const auto known = from_string<RecordStatus>(status);
    if (!known) throw DecodeError("answer has unknown status \"" + status + "\"");
    r.status = *known;
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
    if (!is_wire_date(d.day)) throw DecodeError("reconcile request day \"" + d.day + "\" is not YYYY-MM-DD");
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
