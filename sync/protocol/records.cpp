#include "sync/protocol/records.h"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <functional>
#include <stdexcept>
#include <utility>

#include "sync/protocol/json_limits.h"

namespace protocol {
namespace {

using nlohmann::json;

json parse_object(const std::string& text, const char* what) {
  const json root = parse_limited(text, what);
  if (!root.is_object()) throw DecodeError(std::string(what) + " is not a JSON object");
  auto p = root.find("protocol");
  // Compared as a 64-bit number: 4294967297 is not protocol 1.
  if (p == root.end() || !p->is_number_integer() || p->get<std::int64_t>() != kProtocolVersion)
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

bool is_wire_date(const std::string& s) { return common::valid_date(s); }

std::string canonical_uuid(std::string s) {
  if (!is_uuid(s)) return s;
  for (char& c : s)
    if (c >= 'A' && c <= 'F') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

std::string new_uuid() {
  if (sodium_init() < 0) throw std::runtime_error("libsodium could not start");  // once; later calls return at once
  std::array<unsigned char, 16> b{};
  randombytes_buf(b.data(), b.size());
  b[6] = static_cast<unsigned char>((b[6] & 0x0F) | 0x40);  // version 4
  b[8] = static_cast<unsigned char>((b[8] & 0x3F) | 0x80);  // the RFC 4122 variant
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (std::size_t i = 0; i < b.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out += '-';
    out += kHex[b[i] >> 4];
    out += kHex[b[i] & 0x0F];
  }
  return out;
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
  for (const auto& r : records) {
    json o = {{"uuid", r.uuid}, {"kind", r.kind}, {"created_at", r.created_at}, {"body", r.body}};
    if (r.seq) o["seq"] = *r.seq;
    list.push_back(std::move(o));
  }
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
      r.uuid = canonical_uuid(str_of(e, "uuid"));
      r.kind = str_of(e, "kind");
      r.created_at = str_of(e, "created_at");
      if (auto b = e.find("body"); b != e.end()) r.body = *b;
      if (auto q = e.find("seq"); q != e.end() && !q->is_null()) {
        if (q->is_number_integer() && q->get<std::int64_t>() >= 1 && q->get<std::int64_t>() <= kMaxSeq)
          r.seq = q->get<std::int64_t>();
        else
          r.envelope_error = "envelope field \"seq\" is not a number from 1 to " + std::to_string(kMaxSeq);
      }
      // A UUID is a duplicate whatever its case: the ones a record names are kept in lower case.
      if (r.body.is_object())
        for (const char* key : {"uuid", "sitting_uuid"})
          if (auto u = r.body.find(key); u != r.body.end() && u->is_string()) *u = canonical_uuid(u->get<std::string>());
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
  // A reason may quote what was sent; bytes of it that are not UTF-8 become U+FFFD rather than failing the answer.
  return json{{"protocol", kProtocolVersion}, {"results", std::move(list)}}.dump(-1, ' ', false,
                                                                                json::error_handler_t::replace);
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
