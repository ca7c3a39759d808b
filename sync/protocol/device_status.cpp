#include "sync/protocol/device_status.h"

#include <nlohmann/json.hpp>

#include "sync/protocol/json_limits.h"
#include "sync/protocol/model.h"
#include "sync/protocol/names.h"
#include "sync/protocol/records.h"
#include "sync/protocol/reference_json.h"

namespace protocol {
namespace {

using nlohmann::json;

json root_of(const std::string& text, const char* what) {
  json root = parse_limited(text, what);
  if (!root.is_object()) throw DecodeError(std::string(what) + " is not a JSON object");
  auto p = root.find("protocol");
  if (p == root.end() || !p->is_number_integer() || p->get<std::int64_t>() != kProtocolVersion)
    throw DecodeError(std::string(what) + " has another protocol version");
  return root;
}

std::int64_t int_of(const json& o, const char* key, std::int64_t lo, std::int64_t hi, const char* what) {
  auto it = o.find(key);
  if (it == o.end()) return lo;
  if (!it->is_number_integer() || it->get<std::int64_t>() < lo || it->get<std::int64_t>() > hi)
    throw DecodeError(std::string(what) + " field \"" + key + "\" is not a number from " + std::to_string(lo) +
                      " to " + std::to_string(hi));
  return it->get<std::int64_t>();
}

std::string text_of(const json& o, const char* key, std::size_t max, const char* what) {
  auto it = o.find(key);
  if (it == o.end()) return {};
  if (!it->is_string() || it->get<std::string>().size() > max)
    throw DecodeError(std::string(what) + " field \"" + key + "\" is not a text of at most " + std::to_string(max) +
                      " bytes");
  // HQ stores these and `hqd kiosks` prints them: the free-text rules of every stored name (no control characters).
  if (auto p = text_problem(it->get_ref<const std::string&>(), max))
    throw DecodeError(std::string(what) + " field \"" + key + "\" " + *p);
  return it->get<std::string>();
}

template <typename E>
E enum_of(const json& o, const char* key, const char* what) {
  const std::string word = text_of(o, key, 64, what);
  const auto v = from_string<E>(word);
  if (!v) throw DecodeError(std::string(what) + " field \"" + key + "\" has unknown value \"" + word + "\"");
  return *v;
}

constexpr std::int64_t kMaxTime = 4102444800;  // 2100-01-01

// An optional count: absent (an older kiosk) stays nullopt; present, it must be a whole number from 0 to hi.
std::optional<std::int64_t> count_of(const json& o, const char* key, std::int64_t hi) {
  if (!o.contains(key) || o.at(key).is_null()) return std::nullopt;
  return int_of(o, key, 0, hi, "status");
}

}  // namespace

std::string status_error_text(const std::string& raw) {
  std::string out;
  std::size_t digits = 0;  // of the run now being read
  auto end_run = [&] {
    if (digits >= 7) out.replace(out.size() - digits, digits, "\u2026");
    digits = 0;
  };
  for (const char c : raw) {
    if (c >= '0' && c <= '9') {
      out += c;
      ++digits;
      continue;
    }
    end_run();
    out += static_cast<unsigned char>(c) < 0x20 || c == 0x7f ? ' ' : c;
  }
  end_run();
  if (out.size() > kMaxStatusError) {
    std::size_t cut = kMaxStatusError;
    while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80) --cut;  // not inside a character
    out.resize(cut);
  }
  return out;
}

std::string encode_status(const DeviceStatus& s) {
  json events = json::array();
  for (const auto& e : s.events)
    events.push_back({{"at", e.at}, {"kind", to_string(e.kind)}, {"file", e.file}, {"detail", e.detail}});
  json out{{"protocol", kProtocolVersion}, {"storage", to_string(s.storage)}, {"storage_since", s.storage_since},
              {"next_seq", s.next_seq},       {"seq_confirmed", s.seq_confirmed}, {"events", std::move(events)},
              {"version", s.version}};
  if (s.pending) out["pending"] = *s.pending;
  if (s.parked) out["parked"] = *s.parked;
  if (s.oldest_pending_age && s.pending.value_or(0) > 0) out["oldest_pending_age"] = *s.oldest_pending_age;
  if (!s.last_error.empty()) out["last_error"] = status_error_text(s.last_error);
  if (s.free_bytes) out["free_bytes"] = *s.free_bytes;
  if (s.orientation) out["orientation"] = to_string(*s.orientation);
  return out.dump(-1, ' ', false, json::error_handler_t::replace);
}

DeviceStatus decode_status(const std::string& text) {
  const json root = root_of(text, "status");
  DeviceStatus s;
  s.storage = enum_of<StorageState>(root, "storage", "status");
  s.storage_since = int_of(root, "storage_since", 0, kMaxTime, "status");
  s.next_seq = int_of(root, "next_seq", 1, kMaxSeq + 1, "status");
  if (auto c = root.find("seq_confirmed"); c != root.end()) {
    if (!c->is_boolean()) throw DecodeError("status field \"seq_confirmed\" is not true or false");
    s.seq_confirmed = c->get<bool>();
  }
  s.version = text_of(root, "version", 64, "status");
  if (auto ev = root.find("events"); ev != root.end()) {
    if (!ev->is_array() || ev->size() > kMaxStatusEvents)
      throw DecodeError("status field \"events\" is not a list of at most " + std::to_string(kMaxStatusEvents));
    for (const json& e : *ev) {
      if (!e.is_object()) throw DecodeError("status holds an event that is not an object");
      s.events.push_back({int_of(e, "at", 0, kMaxTime, "status event"),
                          enum_of<StorageEventKind>(e, "kind", "status event"), text_of(e, "file", 512, "status event"),
                          text_of(e, "detail", 1024, "status event")});
    }
  }
  // The outbox, the last error, the disk and the screen: a kiosk older than these fields sends none of them.
  s.pending = count_of(root, "pending", kMaxStatusCount);
  s.parked = count_of(root, "parked", kMaxStatusCount);
  s.oldest_pending_age = count_of(root, "oldest_pending_age", kMaxPendingAge);
  if (s.pending.value_or(0) == 0) s.oldest_pending_age.reset();  // nothing waits: no age to speak of
  // Checked as a text of at most four times the bound (a kiosk may count characters, not bytes), then cut like the
  // kiosk cuts it: digits that may be a phone number never reach HQ's database.
  s.last_error = status_error_text(text_of(root, "last_error", 4 * kMaxStatusError, "status"));
  s.free_bytes = count_of(root, "free_bytes", kMaxFreeBytes);
  if (root.contains("orientation") && !root.at("orientation").is_null())
    s.orientation = enum_of<Orientation>(root, "orientation", "status");
  return s;
}

std::string encode_status_answer(const StatusAnswer& a) {
  json gaps = json::array();
  for (const auto& g : a.gaps) gaps.push_back(json::array({g.first, g.last}));
  return json{{"protocol", kProtocolVersion}, {"last_seq", a.last_seq}, {"gaps", std::move(gaps)}}.dump();
}

StatusAnswer decode_status_answer(const std::string& text) {
  const json root = root_of(text, "status answer");
  StatusAnswer a;
  a.last_seq = int_of(root, "last_seq", 0, kMaxSeq, "status answer");
  if (auto g = root.find("gaps"); g != root.end()) {
    if (!g->is_array() || g->size() > kMaxGaps) throw DecodeError("status answer field \"gaps\" is not a short list");
    for (const json& run : *g) {
      if (!run.is_array() || run.size() != 2 || !run[0].is_number_integer() || !run[1].is_number_integer())
        throw DecodeError("status answer holds a gap that is not [first, last]");
      const auto first = run[0].get<std::int64_t>(), last = run[1].get<std::int64_t>();
      if (first < 1 || last < first || last > kMaxSeq) throw DecodeError("status answer holds a gap out of order");
      a.gaps.push_back({first, last});
    }
  }
  return a;
}

std::string describe_gaps(const std::vector<SeqGap>& gaps) {
  std::string out;
  for (const auto& g : gaps) {
    if (!out.empty()) out += ", ";
    out += std::to_string(g.first);
    if (g.last != g.first) out += "\u2013" + std::to_string(g.last);
  }
  return out;
}

}  // namespace protocol
