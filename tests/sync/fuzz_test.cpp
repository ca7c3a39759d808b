// Fuzzing both ends of sync (issue 20), bounded in count and time, on 127.0.0.1 only:
// - hqd: random and mutated requests to every endpoint (device, admin, unknown paths), deep nesting, bombs in every
//   encoding, slow clients; hqd must stay up, answer /v1/health all along, stay under kMaxHqdResidentKiB, and
//   store nothing a validator would refuse.
// - the kiosk's client: a misbehaving HQ (malformed, mistyped, huge, bombed, slow, wrong statuses) in front of the
//   SyncClient and of the real kiosk-sync binary; neither crashes, memory stays bounded, the queue stays whole.
// KIOSK_FUZZ_SEED picks another seed (the seed is printed either way).
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <sstream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <random>
#include <set>
#include <thread>

#include "sync/protocol/damm.h"
#include "fake_hq.h"
#include "sync_fixture.h"

namespace {

using nlohmann::json;
using namespace sync_test;
using Clock = std::chrono::steady_clock;

// A Mersenne twister that hands out `unsigned` (std::mt19937's result_type is wider here).
struct Rng : std::mt19937 {
  using std::mt19937::mt19937;
  unsigned operator()() { return static_cast<unsigned>(std::mt19937::operator()()); }
};

constexpr long kMaxHqdResidentKiB = resident_bound_kib(128 * 1024);  // hqd stays under 128 MiB (it peaks near 60 MiB)
constexpr long kMaxResidentKiB = resident_bound_kib(256 * 1024);  // and kiosk-sync (near 15 MiB), this process: 256 MiB
constexpr int kHqdRequests = 4000;             // at most this many fuzzed requests …
constexpr auto kHqdTime = std::chrono::seconds(45);  // … or this long, whichever comes first

unsigned seed() {
  const char* s = std::getenv("KIOSK_FUZZ_SEED");
  const unsigned v = s ? static_cast<unsigned>(std::strtoul(s, nullptr, 10)) : 20u;
  std::printf("fuzz seed %u (KIOSK_FUZZ_SEED)\n", v);
  return v;
}

std::string gzip(std::size_t zeros, const std::string& text = {}) {
  httplib::detail::gzip_compressor c;
  std::string out;
  auto sink = [&](const char* d, std::size_t n) {
    out.append(d, n);
    return true;
  };
  if (!text.empty()) {
    c.compress(text.data(), text.size(), true, sink);
    return out;
  }
  const std::string mib(1 << 20, '\0');
  for (std::size_t left = zeros; left > 0;) {
    const std::size_t n = std::min(left, mib.size());
    left -= n;
    c.compress(mib.data(), n, left == 0, sink);
  }
  return out;
}

std::string brotli(std::size_t zeros) {
  httplib::detail::brotli_compressor c;
  std::string out;
  const std::string mib(1 << 20, '\0');
  for (std::size_t left = zeros; left > 0;) {
    const std::size_t n = std::min(left, mib.size());
    left -= n;
    c.compress(mib.data(), n, left == 0, [&](const char* d, std::size_t k) {
      out.append(d, k);
      return true;
    });
  }
  return out;
}

const char* const kTime = "2026-11-27T10:20:00+08:00";

// One valid record of each kind (a fresh UUID each time), the seeds the mutations start from.
std::vector<json> valid_records(Rng& rng) {
  auto uuid = [] { return core::new_uuid(); };
  const std::string receipt = "0011061" + std::to_string(1000 + rng() % 9000);
  std::vector<json> out;
  const std::string in = uuid();
  out.push_back({{"uuid", in}, {"official_id", "o01"}, {"window_id", "wA01"}, {"schedule_id", nullptr},
                 {"date", "2026-11-27"}, {"half", "am"}, {"checkin_at", kTime}, {"unscheduled_reason", "fuzz"}});
  out.push_back({{"uuid", uuid()}, {"sitting_uuid", in}, {"checkout_at", "2026-11-27T12:00:00+08:00"},
                 {"visitors", 3}, {"counts", false}, {"auto_closed", false},
                 {"problems", json::array({{{"source", "citizen"}, {"description", "材料多"}, {"measure", "精简"},
                                            {"solved_on_spot", true}, {"due_date", nullptr}, {"section", "一科"}}})}});
  out.push_back({{"uuid", uuid()}, {"created_at", kTime}, {"target_kind", "official"}, {"target_id", "o01"},
                 {"target_name", "冯堃"}, {"level", "dissatisfied"}, {"reasons", json::array({"r1"})},
                 {"reason_version", "1"}, {"comment", "慢"}, {"phone", "13800001111"}});
  out.push_back({{"uuid", uuid()}, {"receipt", receipt + protocol::damm_check_digit(receipt)}, {"created_at", kTime},
                 {"department_id", "d08"}, {"item_id", nullptr}, {"item_name", "企业开办"}, {"kind", "materials"},
                 {"description", "材料太多"}, {"name", "张三"}, {"phone", "13800002222"}, {"due_date", "2026-12-04"}});
  out.push_back({{"uuid", uuid()}, {"official_id", "o02"}, {"attempted_at", kTime}, {"ok", false}});
  out.push_back({{"uuid", uuid()}, {"official_id", "o03"}, {"item_id", "i05"}, {"item_name", "不动产首次登记"},
                 {"date", "2026-11-27"}, {"forms", json::array({"in_person", "inspect"})},
                 {"findings", json::array({{{"description", "材料多"}, {"measure", "精简"}, {"due_date", "2026-12-04"},
                                            {"section", "登记科"}}})},
                 {"recorded_at", kTime}});
  return out;
}

const char* const kKinds[] = {"checkin", "checkout", "rating", "report", "pin_attempt", "walk"};

// A JSON value of no particular meaning.
json random_value(Rng& rng, int depth = 0) {
  switch (rng() % (depth > 3 ? 6 : 8)) {
    case 0: return nullptr;
    case 1: return rng() % 2 == 0;
    case 2: return static_cast<std::int64_t>(static_cast<std::uint64_t>(rng()) * 4294967297ULL);  // wraps to either sign
    case 3: return 1e308 * (rng() % 3);
    case 4: return std::string(rng() % 40, static_cast<char>('a' + rng() % 26));
    case 5: return std::string("\xe4\xb8\xad\xf0\x9f\x98\x80") + std::to_string(rng());
    case 6: {
      json a = json::array();
      for (unsigned i = rng() % 4; i > 0; --i) a.push_back(random_value(rng, depth + 1));
      return a;
    }
    default: {
      json o = json::object();
      for (unsigned i = rng() % 4; i > 0; --i) o["k" + std::to_string(rng() % 10)] = random_value(rng, depth + 1);
      return o;
    }
  }
}

// Stands for invalid UTF-8 inside JSON values until dump() has written them (nlohmann refuses to write it).
const char* const kBadUtf8 = "@@bad-utf8@@";
std::string dump(const json& j) {
  std::string s = j.dump();
  for (std::size_t at; (at = s.find(kBadUtf8)) != std::string::npos;)
    s.replace(at, std::strlen(kBadUtf8), "\xff\xc0\xaf");
  return s;
}

// A record mutated at the JSON level: a field dropped, retyped or replaced, the kind or time swapped, the UUID
// upper-cased.
json mutate_record(json body, Rng& rng, std::string& kind) {
  const unsigned what = rng() % 8;
  if (what < 5 && !body.empty()) {
    auto it = body.begin();
    std::advance(it, rng() % body.size());
    const std::string key = it.key();
    if (what == 0) body.erase(key);
    else if (what == 1) body[key] = random_value(rng);
    else if (what == 2) body[key] = std::string(rng() % 3 == 0 ? 20000 : 70, 'x');
    else if (what == 3 && body[key].is_string()) body[key] = body[key].get<std::string>() + kBadUtf8;
    else body[key] = json::array({body[key]});
  } else if (what == 5) {
    kind = kKinds[rng() % std::size(kKinds)];
  } else if (what == 6) {
    body["extra" + std::to_string(rng() % 3)] = random_value(rng);
  }
  return body;
}

// Bytes mutated blindly: flips, cuts, repeats, junk.
std::string mutate_bytes(std::string s, Rng& rng) {
  if (s.empty()) s = "{}";
  for (unsigned n = 1 + rng() % 4; n > 0; --n) {
    const std::size_t at = rng() % s.size();
    switch (rng() % 5) {
      case 0: s[at] = static_cast<char>(rng() % 256); break;
      case 1: s.resize(at); break;
      case 2: s.insert(at, s.substr(at, rng() % 64)); break;
      case 3: s.insert(at, std::string(1 + rng() % 8, "[{\"]}:,\\\x80"[rng() % 10])); break;
      default: s.erase(at, rng() % 16); break;
    }
    if (s.empty()) s = "[";
  }
  return s;
}

// Deeply nested JSON of several shapes.
std::string deep(Rng& rng) {
  const std::size_t n = 33 + rng() % 200000;
  switch (rng() % 3) {
    case 0: return std::string(n, '[') + std::string(n, ']');
    case 1: {
      std::string s;
      for (std::size_t i = 0; i < n; ++i) s += "{\"a\":";
      return s + "1" + std::string(n, '}');
    }
    default:
      return R"({"protocol":1,"records":[{"uuid":"x","kind":"rating","body":)" + std::string(n, '[') + "]}]}";
  }
}

struct Request {
  std::string method = "POST", path, body, content_type = "application/json";
  httplib::Headers headers;
};

class HqdFuzz : public ::testing::Test {
 protected:
  void SetUp() override {
    ::signal(SIGPIPE, SIG_IGN);
    hq.start();
    token = hq.enrol("kiosk-a");
    const auto [rc, out] = run(std::string(HQD_BINARY) + " admin-token --db " + hq.db);
    ASSERT_EQ(rc, 0);
    admin = out;
  }
  httplib::Headers device() const { return {{"Authorization", "Bearer " + token}, {"X-Device-Id", "kiosk-a"}}; }

  // One request of the fuzz, made from seed `i`.
  Request make(Rng& rng) {
    Request r;
    const unsigned shape = rng() % 20;
    std::vector<json> recs = valid_records(rng);
    auto batch = [&](int n) {
      json records = json::array();
      for (int k = 0; k < n; ++k) {
        const std::size_t which = rng() % recs.size();
        std::string kind = kKinds[which];
        json body = rng() % 3 ? mutate_record(recs[which], rng, kind) : recs[which];
        json env = {{"uuid", body.value("uuid", json("x"))}, {"kind", kind}, {"created_at", kTime}, {"body", body}};
        if (rng() % 2) env["seq"] = rng() % 3 ? json(1 + rng() % 50) : random_value(rng);  // the record's number
        if (rng() % 6 == 0) env = mutate_record(env, rng, kind);
        records.push_back(env);
      }
      json b = {{"protocol", rng() % 10 ? json(1) : random_value(rng)}, {"records", records}};
      return dump(b);
    };
    r.headers = rng() % 12 ? device() : httplib::Headers{{"X-Device-Id", "kiosk-a"}, {"Authorization", "Bearer x"}};
    if (shape < 6) {
      r.path = "/v1/records";
      r.body = batch(1 + static_cast<int>(rng() % 6));
    } else if (shape < 8) {
      r.path = "/v1/records";
      r.body = mutate_bytes(batch(2), rng);
    } else if (shape < 9) {
      static const char* const kPosts[] = {"/v1/records", "/v1/reconcile", "/v1/status"};
      r.path = kPosts[rng() % 3];
      r.body = deep(rng);
    } else if (shape == 10 && rng() % 2) {
      // The kiosk's status report (storage, record numbers, storage events), whole or damaged.
      r.path = "/v1/status";
      json events = json::array();
      for (unsigned k = rng() % 4; k > 0; --k)
        events.push_back({{"at", rng() % 2 ? json(1795830000) : random_value(rng)},
                          {"kind", rng() % 2 ? json("set_aside") : random_value(rng)},
                          {"file", rng() % 2 ? json("kiosk.db.damaged-20261127") : random_value(rng)},
                          {"detail", rng() % 2 ? json("7\u20138") : random_value(rng)}});
      json b = {{"protocol", 1}, {"storage", rng() % 2 ? json("ok") : random_value(rng)},
                {"next_seq", rng() % 2 ? json(1 + rng() % 60) : random_value(rng)}, {"events", events}};
      // The outbox, disk, screen and last error of a newer kiosk, each sometimes absent (an older kiosk), sometimes
      // sensible, sometimes anything.
      if (rng() % 2) b["pending"] = rng() % 2 ? json(rng() % 100) : random_value(rng);
      if (rng() % 2) b["parked"] = rng() % 2 ? json(rng() % 5) : random_value(rng);
      if (rng() % 2) b["oldest_pending_age"] = rng() % 2 ? json(rng() % 7200) : random_value(rng);
      if (rng() % 2) b["free_bytes"] = rng() % 2 ? json(rng() % 100000000000ULL) : random_value(rng);
      if (rng() % 2) b["orientation"] = rng() % 2 ? json("landscape") : random_value(rng);
      if (rng() % 2) b["last_error"] = rng() % 2 ? json("network: timeout 13812345678") : random_value(rng);
      std::string unused_kind;
      if (rng() % 3 == 0) b = mutate_record(b, rng, unused_kind);
      r.body = rng() % 4 ? dump(b) : mutate_bytes(dump(b), rng);
    } else if (shape < 11) {
      r.path = "/v1/reconcile";
      json days = json::array();
      for (unsigned k = rng() % 5; k > 0; --k)
        days.push_back({{"day", rng() % 2 ? json("2026-11-27") : random_value(rng)},
                        {"count", random_value(rng)}, {"digest", "00"},
                        {"uuids", rng() % 2 ? json::array({core::new_uuid()}) : random_value(rng)}});
      r.body = json{{"protocol", 1}, {"days", days}}.dump();
      if (rng() % 3 == 0) r.body = mutate_bytes(r.body, rng);
    } else if (shape < 13) {
      r.method = "GET";
      r.path = rng() % 2 ? "/v1/reference?cursor=" + mutate_bytes(std::to_string(rng() % 100), rng)
                         : "/v1/health";
      r.body.clear();
    } else if (shape < 17) {
      static const char* const kAdmin[] = {"/v1/admin/hall",   "/v1/admin/schedule?department=d08&year=2026",
                                           "/v1/admin/items?department=d08", "/v1/admin/officials",
                                           "/v1/admin/calendar", "/v1/admin/reasons?version=f",
                                           "/v1/admin/pin",    "/v1/admin/pin-reset",
                                           "/v1/admin/follow-up", "/v1/admin/report"};
      const std::size_t which = rng() % 10;
      r.path = kAdmin[which];
      r.headers = rng() % 8 ? httplib::Headers{{"Authorization", "Bearer " + admin}} : httplib::Headers{};
      static const char* const kCsv[] = {"窗口,名称,部门\nA01,综合,区行政审批局\n",
                                         "序号,日期,姓名,职务,联系电话,备注\n1,4月22日上午,冯堃,科长,0632-1,\n",
                                         "序号,事项名称,类型\n1,企业开办,高频\n",
                                         "姓名,职务,级别,部门,联系电话\n王五,科长,业务科长,区行政审批局,1\n",
                                         "日期,类型\n2026-12-25,放假\n", "分类,原因\n态度,不耐烦\n"};
      if (which < 6) {
        r.body = rng() % 2 ? mutate_bytes(kCsv[which], rng) : kCsv[which];
        r.content_type = "text/csv";
      } else {
        json b = which == 6   ? json{{"official", "o03"}, {"pin", std::to_string(rng() % 100000000)}}
                 : which == 7 ? json{{"official", rng() % 2 ? "o02" : "nobody"}}
                 : which == 8 ? json{{"rating", core::new_uuid()}, {"note", "已回访"}}
                              : json{{"receipt", "001106100018"}, {"status", "done"}, {"reply", "好"}};
        std::string unused_kind;
        if (rng() % 2) b = mutate_record(b, rng, unused_kind);
        r.body = rng() % 4 ? dump(b) : mutate_bytes(dump(b), rng);
      }
    } else if (shape < 19) {
      // Bombs and encodings: small ratio bombs, the 1 GiB one, brotli, unknown encodings, to any path.
      static const char* const kPaths[] = {"/v1/records", "/v1/reconcile", "/v1/health", "/v1/admin/hall", "/x"};
      r.path = kPaths[rng() % 5];
      const unsigned b = rng() % 4;
      r.body = b == 0 ? bomb_small : b == 1 ? bomb_big : b == 2 ? bomb_br : mutate_bytes(bomb_small, rng);
      r.headers.emplace("Content-Encoding", b == 2 ? "br" : rng() % 5 ? "gzip" : "x-unknown");
      if (rng() % 3 == 0) r.method = "GET";
    } else {
      r.method = rng() % 2 ? "PUT" : "DELETE";
      r.path = "/" + mutate_bytes("v1/records", rng);
      r.body = random_value(rng).dump();
    }
    return r;
  }

  TempDir dir;
  Hq hq{dir};
  std::string token, admin;
  std::string bomb_small = gzip(4u << 20), bomb_big = gzip(1u << 30), bomb_br = brotli(4u << 20);
};

// Sends `r`; the status (0: no answer).
int send(int port, const Request& r) {
  httplib::Client c("127.0.0.1", port);
  c.set_connection_timeout(3);
  c.set_read_timeout(15);
  c.set_write_timeout(15);
  httplib::Result res = r.method == "GET"      ? c.Get(r.path, r.headers)
                        : r.method == "PUT"    ? c.Put(r.path, r.headers, r.body, r.content_type)
                        : r.method == "DELETE" ? c.Delete(r.path, r.headers, r.body, r.content_type)
                                               : c.Post(r.path, r.headers, r.body, r.content_type);
  return res ? res->status : 0;
}

// A connection that sends its request a few bytes at a time, every `gap`, for as long as the fuzz runs.
void slow_client(int port, std::atomic<bool>& stop, int i) {
  while (!stop) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(static_cast<std::uint16_t>(port));
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
      ::close(fd);
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
      continue;
    }
    const std::string req = i % 2 ? "POST /v1/records HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n{\"protocol\":1"
                                  : "GET /v1/health HTTP/1.1\r\nHost: x\r\nX-Slow: ";
    for (std::size_t k = 0; k < req.size() && !stop; k += 3) {
      if (::send(fd, req.data() + k, std::min<std::size_t>(3, req.size() - k), MSG_NOSIGNAL) <= 0) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(300));
    }
    ::close(fd);
  }
}

TEST_F(HqdFuzz, RandomAndMutatedRequestsLeaveHqdUpAndNothingInvalidStored) {
  const unsigned base = seed();
  std::atomic<bool> stop{false};
  std::atomic<int> health_failed{0}, health_ok{0}, sent{0}, no_answer{0};
  std::atomic<long> max_rss{0};
  std::mutex statuses_mutex;
  std::map<int, int> statuses;
  // Health and resident memory, every 100 ms throughout.
  std::thread prober([&] {
    while (!stop) {
      (health_answers(hq.port) ? health_ok : health_failed)++;
      max_rss = std::max(max_rss.load(), status_kib(hq.pid(), "VmRSS"));
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  });
  std::vector<std::thread> slow;
  for (int i = 0; i < 12; ++i) slow.emplace_back(slow_client, hq.port, std::ref(stop), i);
  const auto end = Clock::now() + kHqdTime;
  std::vector<std::thread> senders;
  for (unsigned t = 0; t < 4; ++t)
    senders.emplace_back([&, t] {
      Rng rng(base * 7919u + t);
      while (Clock::now() < end) {
        const int n = sent++;
        if (n >= kHqdRequests) break;
        const int status = send(hq.port, make(rng));
        if (status == 0) ++no_answer;
        std::lock_guard<std::mutex> lock(statuses_mutex);
        ++statuses[status];
      }
    });
  for (auto& t : senders) t.join();
  stop = true;
  prober.join();
  for (auto& t : slow) t.join();
  std::string summary;
  for (const auto& [code, n] : statuses) summary += " " + std::to_string(code) + "×" + std::to_string(n);
  std::printf("hqd fuzz: %d requests, answers%s; health %d ok, %d failed; VmRSS max %ld KiB, VmHWM %ld KiB\n",
              std::min(sent.load(), kHqdRequests), summary.c_str(), health_ok.load(), health_failed.load(),
              max_rss.load(), status_kib(hq.pid(), "VmHWM"));
  EXPECT_GT(sent.load(), 200) << "the fuzz ran too few requests to mean anything";
  EXPECT_EQ(statuses.count(500), 0u) << "hqd failed inside (500)";
  EXPECT_EQ(statuses.count(503), 0u) << "a request made hqd's storage fail (503): " << [&] {
    std::ifstream log(dir.file("hqd.log"));
    std::string line, errors;
    while (std::getline(log, line))
      if (line.rfind("hqd: ", 0) == 0) errors += line + "\n";
    return errors;
  }();
  EXPECT_EQ(health_failed.load(), 0);
  EXPECT_GE(health_ok.load(), 5);
  EXPECT_TRUE(health_answers(hq.port));
  EXPECT_EQ(kill(hq.pid(), 0), 0) << "hqd died";
  EXPECT_LT(status_kib(hq.pid(), "VmHWM"), kMaxHqdResidentKiB);
  EXPECT_LT(max_rss.load(), kMaxHqdResidentKiB);
  hq.stop();
  // Everything stored passes the validators, once per UUID spelling; hqd's own commands still read the database.
  sync_db::Db d(hq.db);
  sync_db::Stmt s(d, "SELECT uuid, kind, created_at, body FROM records");
  int stored = 0;
  while (s.step()) {
    ++stored;
    protocol::RecordEnvelope e{s.text(0), s.text(1), protocol::format_timestamp_utc(s.integer(2)),
                               json::parse(s.text(3)), {}, {}};
    EXPECT_EQ(protocol::validate_record(e), std::nullopt) << s.text(3);
    EXPECT_EQ(e.uuid, protocol::canonical_uuid(e.uuid));
  }
  std::printf("hqd fuzz: %d records stored, every one valid\n", stored);
  EXPECT_GT(stored, 20) << "the valid part of the fuzz should have stored records";
  sync_db::Stmt check(d, "PRAGMA integrity_check");
  ASSERT_TRUE(check.step());
  EXPECT_EQ(check.text(0), "ok");
  for (const char* table : {"ratings", "reports", "attachment3"}) {
    const auto [rc, out] = run(std::string(HQD_BINARY) + " export --db " + hq.db + " --table " + table +
                               " --period 2026 --format csv --out " + dir.file(std::string(table) + ".csv") + " 2>&1");
    EXPECT_EQ(rc, 0) << table << ": " << out;
  }
  const auto [rc, out] = run(std::string(HQD_BINARY) + " pin-locks --db " + hq.db + " 2>&1");
  EXPECT_EQ(rc, 0) << out;
  // What the kiosk's reports left: counts within bounds, no phone-like digits in an error, and `hqd kiosks` reads it.
  sync_db::Stmt st(d, "SELECT count(*) FROM device_status WHERE pending < 0 OR parked < 0 OR free_bytes < 0 OR "
                      "length(last_error) > 200 OR last_error GLOB '*[0-9][0-9][0-9][0-9][0-9][0-9][0-9]*' OR "
                      "orientation NOT IN ('portrait', 'landscape')");
  ASSERT_TRUE(st.step());
  EXPECT_EQ(st.integer(0), 0);
  const auto [krc, kout] = run(std::string(HQD_BINARY) + " kiosks --db " + hq.db + " --json 2>&1");
  EXPECT_EQ(krc, 0) << kout;
}

// --- The client's side. ---

// What a misbehaving HQ said about which records, so the kiosk's outbox can be checked against it.
struct Said {
  std::mutex m;
  std::set<std::string> acked, invalid, too_large_alone;
};

// A misbehaving HQ: every answer drawn from `rng` (shared, under a lock).
class BadHq {
 public:
  BadHq(unsigned s, Said& said) : rng_(s), said_(said), bomb_(gzip(1u << 30)), ratio_bomb_(gzip(32u << 20)) {}
  int port() const { return server_.port; }

 private:
  void misbehave(const httplib::Request& req, httplib::Response& res) {
    unsigned what = 0, arg = 0;
    {
      std::lock_guard<std::mutex> lock(m_);
      what = rng_() % 16;
      arg = rng_();
    }
    std::vector<protocol::RecordEnvelope> batch;
    if (req.path == "/v1/records") {
      try {
        batch = protocol::decode_batch(req.body);
      } catch (const std::exception&) {
      }
    }
    const std::string type = "application/octet-stream";  // httplib compresses none of these itself
    switch (what) {
      case 0: {  // an honest answer, some records accepted, some invalid, some left out
        std::vector<protocol::RecordResult> results;
        std::lock_guard<std::mutex> lock(said_.m);
        for (std::size_t i = 0; i < batch.size(); ++i) {
          const unsigned k = (arg >> (i % 16)) % 4;
          if (k == 3) continue;
          results.push_back({batch[i].uuid, k == 2 ? protocol::RecordStatus::invalid : protocol::RecordStatus::accepted,
                             "fuzz"});
          (k == 2 ? said_.invalid : said_.acked).insert(batch[i].uuid);
        }
        res.set_content(protocol::encode_results(results), type);
        break;
      }
      case 1: {  // acks for UUIDs that were never sent, and unknown statuses
        json r = json::array({{{"uuid", core::new_uuid()}, {"status", "accepted"}},
                              {{"uuid", batch.empty() ? "x" : batch[0].uuid}, {"status", "maybe"}}});
        res.set_content(json{{"results", r}}.dump(), type);
        break;
      }
      case 2: res.set_content(std::string(arg % 200000, '['), type); break;
      case 3: {
        Rng local(arg);
        res.set_content(mutate_bytes(R"({"results":[{"uuid":"a","status":"accepted"}]})", local), type);
        break;
      }
      case 4:
        res.set_header("Content-Encoding", "gzip");
        res.set_content(arg % 2 ? bomb_ : ratio_bomb_, type);
        break;
      case 5:
        res.set_header("Content-Encoding", arg % 2 ? "br" : "compress");
        res.set_content("{}", type);
        break;
      case 6: res.set_content(std::string((64u << 20) + 10, ' '), type); break;  // just over the client's cap
      case 7:
        res.status = 400 + static_cast<int>(arg % 200);
        res.set_header("Retry-After", arg % 2 ? "99999999999999999999" : "Wed, 21 Oct 2099 07:28:00 GMT");
        break;
      case 8:
        if (batch.size() == 1) {
          std::lock_guard<std::mutex> lock(said_.m);
          said_.too_large_alone.insert(batch[0].uuid);
        }
        res.status = 413;
        break;
      case 9: std::this_thread::sleep_for(std::chrono::milliseconds(arg % 2500)); res.status = 200; break;
      case 10: {
        Rng local(arg);
        res.set_content(random_value(local).dump(), "application/json");
        break;
      }
      case 11:  // a reference feed of the right shape but wrong content
        res.set_content(json{{"protocol", 1}, {"cursor", std::string(arg % 3000, '9')}, {"full", arg % 2 == 0},
                             {"officials", json::array({{{"id", ""}, {"name", 5}}})},
                             {"pin_locks", json::array({{{"official_id", "o01"}, {"failures", -3}}})}}
                            .dump(),
                        type);
        break;
      case 12: res.set_content(json{{"protocol", 1}, {"days", json::array({{{"day", 7}}})}}.dump(), type); break;
      case 13: res.status = static_cast<int>(100 + arg % 500); res.set_content("\xff\xfe", type); break;
      case 14:
        res.set_header("Content-Encoding", "gzip");
        res.set_content(gzip(0, R"({"results":[]})").substr(0, 10 + arg % 10), type);  // cut short
        break;
      default: res.status = 503; res.set_header("Retry-After", std::to_string(arg % 5)); break;
    }
  }

  std::mutex m_;
  Rng rng_;
  Said& said_;
  std::string bomb_, ratio_bomb_;
  FakeHq server_{[this](httplib::Server& s) {  // last: it stops first
    auto answer = [this](const httplib::Request& req, httplib::Response& res) { misbehave(req, res); };
    s.Post("/v1/records", answer);
    s.Post("/v1/reconcile", answer);
    s.Get("/v1/reference", answer);
    s.set_payload_max_length(64u << 20);
  }};
};

// Runs kiosk-sync once; its exit status (128 + signal when killed by one) and its peak resident memory (KiB).
std::pair<int, long> run_kiosk_sync(const std::vector<std::string>& args) {
  Child c(args);
  const int status = c.wait(60);
  return {status, c.peak_kib()};
}

TEST(ClientFuzz, AMisbehavingHqNeverCrashesKioskSyncAndTheQueueStaysWhole) {
  ::signal(SIGPIPE, SIG_IGN);
  const unsigned base = seed();
  TempDir dir;
  Said said;
  BadHq bad(base, said);
  const std::string db = dir.file("kiosk.db");
  make_kiosk_db(db);
  const auto uuids = queue_checkins(db, 60, 1795830000);
  std::map<std::string, std::string> payloads;
  {
    sync_db::Db d(db);
    sync_db::Stmt s(d, "SELECT uuid, payload FROM outbox");
    while (s.step()) payloads[s.text(0)] = s.text(1);
  }
  core::HqConfig config;
  config.url = "http://127.0.0.1:" + std::to_string(bad.port());
  config.device_id = "kiosk-a";
  config.device_token = "t";
  config.database = db;
  config.timeout_seconds = 3;
  config.connect_timeout_seconds = 2;
  config.backoff_base_seconds = 1;
  config.backoff_cap_seconds = 1;
  config.batch_size = 7;
  const std::string toml = dir.file("kiosk.toml");
  write_config(toml, config);
  // The real command, run after run (each push waits nothing out: unpark before it releases every hold).
  long peak = 0;
  int runs = 0;
  static const char* const kCommands[] = {"push", "pull", "reconcile", "unpark", "status"};
  Rng rng(base);
  const auto end = Clock::now() + std::chrono::seconds(40);
  for (; runs < 60 && Clock::now() < end; ++runs) {
    const char* command = kCommands[rng() % 5];
    const auto [status, kib] = run_kiosk_sync({KIOSK_SYNC_BINARY, "--config", toml, command});
    EXPECT_TRUE(status == 0 || status == 1 || status == 3) << command << " ended with " << status;
    peak = std::max(peak, kib);
  }
  // The library in this process, many more rounds.
  sync_client::SyncClient client(config, db);
  for (int i = 0; i < 150 && Clock::now() < end + std::chrono::seconds(20); ++i) {
    switch (rng() % 4) {
      case 0: client.push(true); break;
      case 1: client.pull(); break;
      case 2: client.reconcile(); break;
      default: client.unpark(); break;
    }
  }
  const long self = status_kib(getpid(), "VmHWM");
  std::printf("client fuzz: %d kiosk-sync runs, peak %ld KiB; this process (library, fake HQ and its bombs) %ld KiB\n",
              runs, peak, self);
  EXPECT_GT(runs, 10);
  EXPECT_LT(peak, kMaxResidentKiB);
  EXPECT_LT(self, kMaxResidentKiB + 1024 * 1024 / 2) << "the fake HQ holds ~70 MiB of answers itself";
  // The queue is whole: every row still there with its payload, sent only when HQ acknowledged it, parked only when
  // HQ called it invalid or too large on its own.
  sync_db::Db d(db);
  sync_db::Stmt s(d, "SELECT uuid, payload, state FROM outbox");
  std::size_t rows = 0;
  std::map<std::string, int> states;
  while (s.step()) {
    ++rows;
    const std::string uuid = s.text(0), state = s.text(2);
    ++states[state];
    ASSERT_TRUE(payloads.count(uuid)) << "a row the kiosk never wrote: " << uuid;
    EXPECT_EQ(s.text(1), payloads[uuid]);
    std::lock_guard<std::mutex> lock(said.m);
    if (state == "sent") {
      EXPECT_TRUE(said.acked.count(uuid)) << uuid << " marked sent without an ack";
    }
    if (state == "parked") {
      EXPECT_TRUE(said.invalid.count(uuid) || said.too_large_alone.count(uuid)) << uuid;
    }
  }
  EXPECT_EQ(rows, uuids.size());
  std::printf("client fuzz: outbox %d pending, %d sent, %d parked of %zu\n", states["pending"], states["sent"],
              states["parked"], rows);
}

// The client's decoders alone, on thousands of mutated answers: a DecodeError or a value, nothing else.
TEST(ClientFuzz, DecodersTakeMutatedAnswers) {
  Rng rng(seed());
  const std::string results = protocol::encode_results({{core::new_uuid(), protocol::RecordStatus::accepted, {}},
                                                        {core::new_uuid(), protocol::RecordStatus::invalid, "x"}});
  std::string feed;
  {
    std::ifstream in(std::string(KIOSK_ASSETS_DIR) + "/demo/reference.json");
    std::stringstream ss;
    ss << in.rdbuf();
    feed = ss.str();
  }
  const std::string reconcile = protocol::encode_reconcile_answer({{"2026-11-27", 3, {core::new_uuid()}}});
  int decoded = 0, refused = 0;
  for (int i = 0; i < 3000; ++i) {
    const unsigned which = rng() % 3;
    const std::string text = mutate_bytes(which == 0 ? results : which == 1 ? feed : reconcile, rng);
    try {
      if (which == 0) protocol::decode_results(text);
      else if (which == 1) protocol::decode_reference(text);
      else protocol::decode_reconcile_answer(text);
      ++decoded;
    } catch (const protocol::DecodeError&) {
      ++refused;
    }
  }
  std::printf("decoders: %d mutated answers read, %d refused\n", decoded, refused);
  EXPECT_GT(refused, 1000);
}

}  // namespace
