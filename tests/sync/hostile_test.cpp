// hqd and the sync client under hostile input (issue 20), each case sent to a real hqd on 127.0.0.1 or, for the
// client, answered by a misbehaving HQ on 127.0.0.1: deep nesting, decompression bombs, half-open connections,
// invalid fields, a Retry-After of three years.
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <csignal>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "kiosk/core/store.h"
#include "sync/client/sync_client.h"
#include "sync/client/sync_worker.h"
#include "sync/protocol/damm.h"
#include "sync/protocol/json_limits.h"
#include "fake_hq.h"
#include "sync_fixture.h"

namespace {

using nlohmann::json;
using sync_client::SyncClient;
using namespace sync_test;

constexpr long kMaxResidentKiB = resident_bound_kib(256 * 1024);  // hqd (and the client) stay under 256 MiB

// `mib` MiB of zeros gzipped (about 4.5 KiB per MiB), made by gzip(1) so the test links no zlib of its own.
std::string gzip_zeros(const TempDir& dir, int mib) {
  const std::string path = dir.file("bomb.gz");
  const auto [rc, out] = run("head -c " + std::to_string(mib) + "M /dev/zero | gzip -1 > " + path);
  EXPECT_EQ(rc, 0) << out;
  std::ifstream f(path, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

// `zeros` zero bytes (or `text` when given) compressed as `encoding` (gzip or br through cpp-httplib's own
// compressors; deflate, the zlib format, through python3's zlib), streamed a MiB at a time.
std::string compressed(const std::string& encoding, std::size_t zeros, const std::string& text = {}) {
  std::string out;
  if (encoding == "deflate") {
    const auto [rc, hex] =
        run("python3 -c 'import zlib; print(zlib.compress(bytes(" + std::to_string(zeros) + "), 9).hex())'");
    EXPECT_EQ(rc, 0);
    for (std::size_t i = 0; i + 1 < hex.size(); i += 2)
      out.push_back(static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16)));
    return out;
  }
  std::unique_ptr<httplib::detail::compressor> c;
  if (encoding == "gzip") c = std::make_unique<httplib::detail::gzip_compressor>();
  else c = std::make_unique<httplib::detail::brotli_compressor>();
  auto sink = [&](const char* d, std::size_t n) {
    out.append(d, n);
    return true;
  };
  if (!text.empty()) {
    c->compress(text.data(), text.size(), true, sink);
    return out;
  }
  const std::string mib(1 << 20, '\0');
  for (std::size_t left = zeros; left > 0;) {
    const std::size_t n = std::min(left, mib.size());
    left -= n;
    c->compress(mib.data(), n, left == 0, sink);
  }
  return out;
}

struct Device {
  std::string id, token;
  httplib::Headers headers() const { return {{"Authorization", "Bearer " + token}, {"X-Device-Id", id}}; }
};

int connect_to(int port) {
  const int fd = connect_from("127.0.0.1", port);
  EXPECT_GE(fd, 0);
  return fd;
}

// The first line of the answer on `fd`, waiting at most 3 s ("" when none came).
std::string read_status_line(int fd) {
  timeval tv{3, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  std::string got;
  char buf[512];
  while (got.find("\r\n") == std::string::npos) {
    const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) break;
    got.append(buf, static_cast<std::size_t>(n));
  }
  return got.substr(0, got.find("\r\n"));
}

json envelope(const std::string& kind, const json& body) {
  return {{"uuid", body.at("uuid")}, {"kind", kind}, {"created_at", "2026-11-27T10:20:00+08:00"}, {"body", body}};
}

json rating(const std::string& uuid) {
  return {{"uuid", uuid},          {"created_at", "2026-11-27T10:20:00+08:00"}, {"target_kind", "official"},
          {"target_id", "o01"},    {"target_name", "冯堃"},                      {"level", "satisfied"},
          {"reasons", json::array()}};
}

json report(const std::string& uuid, const std::string& receipt) {
  return {{"uuid", uuid},         {"receipt", receipt},     {"created_at", "2026-11-27T10:20:00+08:00"},
          {"department_id", "d08"}, {"item_name", "企业开办"}, {"kind", "materials"},
          {"description", "材料太多"}, {"due_date", "2026-12-04"}};
}

// Posts one batch; the status, and the answer for its first record ("" when there is none).
std::pair<int, std::string> post(int port, const Device& d, const std::string& body) {
  httplib::Client c("127.0.0.1", port);
  const auto res = c.Post("/v1/records", d.headers(), body, "application/json");
  if (!res) return {0, ""};
  std::string first;
  const json j = json::parse(res->body, nullptr, false);
  if (j.is_object() && j.contains("results") && !j.at("results").empty())
    first = j.at("results").at(0).at("status").get<std::string>();
  return {res->status, first};
}

// A batch of one record.
std::string batch_of(const json& record) { return json{{"protocol", 1}, {"records", json::array({record})}}.dump(); }

class Hostile : public ::testing::Test {
 protected:
  void SetUp() override {
    hq.start();
    device = {"kiosk-a", hq.enrol("kiosk-a")};
  }
  TempDir dir;
  Hq hq{dir};
  Device device;
};

TEST_F(Hostile, NestingAHundredThousandDeepIs400AndHqdStaysUp) {
  const std::string deep = R"({"protocol":1,"records":[{"uuid":"x","body":)" + std::string(100000, '[') +
                           std::string(100000, ']') + "}]}";
  const auto [status, first] = post(hq.port, device, deep);
  EXPECT_EQ(status, 400);
  EXPECT_TRUE(health_answers(hq.port));
  // The reconcile endpoint too; and a kiosk reading a deep answer gets an error, not a crash.
  httplib::Client c("127.0.0.1", hq.port);
  const auto res = c.Post("/v1/reconcile", device.headers(), std::string(100000, '{'), "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400);
  EXPECT_TRUE(health_answers(hq.port));
  EXPECT_THROW(protocol::decode_reference(std::string(100000, '[')), protocol::DecodeError);
  EXPECT_EQ(hq.count(), 0);
}

TEST_F(Hostile, GzipBombIsRefusedBeforeTheTokenAndCappedAfterIt) {
  const std::string bomb = gzip_zeros(dir, 1024);  // 1 GiB inflated, under 5 MiB sent
  ASSERT_LT(bomb.size(), protocol::kMaxRequestBytes);  // within the limit on what is sent
  ::signal(SIGPIPE, SIG_IGN);  // hqd stops reading a body it refuses; the sender then writes into a closed socket
  // Without a token: the headers alone get 401, before a byte of the body is sent (let alone inflated).
  const int fd = connect_to(hq.port);
  const std::string head = "POST /v1/records HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                           "Content-Encoding: gzip\r\nX-Device-Id: kiosk-a\r\nContent-Length: " +
                           std::to_string(bomb.size()) + "\r\n\r\n";
  ::send(fd, head.data(), head.size(), MSG_NOSIGNAL);
  EXPECT_EQ(read_status_line(fd), "HTTP/1.1 401 Unauthorized");
  ::close(fd);
  // With the token, inflating stops at the request limit: 413, and hqd's memory stays small.
  httplib::Headers with_token = device.headers();
  with_token.emplace("Content-Encoding", "gzip");
  httplib::Client c2("127.0.0.1", hq.port);
  auto res = c2.Post("/v1/records", with_token, bomb, "application/json");
  // hqd answers 413 and closes while the rest is still being sent, so the answer may be lost in the reset.
  if (res) {
    EXPECT_EQ(res->status, 413);
  }
  // Four at once.
  std::vector<std::thread> four;
  for (int i = 0; i < 4; ++i)
    four.emplace_back([&] {
      httplib::Client ci("127.0.0.1", hq.port);
      ci.Post("/v1/records", with_token, bomb, "application/json");
    });
  for (auto& t : four) t.join();
  EXPECT_TRUE(health_answers(hq.port));
  EXPECT_LT(status_kib(hq.pid(), "VmHWM"), kMaxResidentKiB);
  // Admin requests take no Content-Encoding at all: refused on the headers.
  const int admin = connect_to(hq.port);
  const std::string admin_head = "POST /v1/admin/hall HTTP/1.1\r\nHost: x\r\nContent-Type: text/csv\r\n"
                                 "Content-Encoding: gzip\r\nContent-Length: " + std::to_string(bomb.size()) + "\r\n\r\n";
  ::send(admin, admin_head.data(), admin_head.size(), MSG_NOSIGNAL);
  EXPECT_EQ(read_status_line(admin), "HTTP/1.1 415 Unsupported Media Type");
  ::close(admin);
  EXPECT_EQ(hq.count(), 0);
}

// Sends `head` (request line and headers, ending in an empty line) and `body` on a fresh connection; the status
// line of the answer.
std::string raw_request(int port, const std::string& head, const std::string& body) {
  const int fd = connect_to(port);
  ::send(fd, head.data(), head.size(), MSG_NOSIGNAL);
  if (!body.empty()) ::send(fd, body.data(), body.size(), MSG_NOSIGNAL);
  const std::string status = read_status_line(fd);
  ::close(fd);
  return status;
}

TEST_F(Hostile, InflatingIsCappedByRatioInEveryEncoding) {
  ::signal(SIGPIPE, SIG_IGN);
  // 4 MiB of zeros: under the 8 MiB cap once inflated, but a thousand times what is sent.
  for (const std::string encoding : {"gzip", "deflate", "br"}) {
    const std::string bomb = compressed(encoding, 4u << 20);
    ASSERT_LT(bomb.size() * protocol::kMaxInflateRatio, 4u << 20) << encoding;
    httplib::Headers h = device.headers();
    h.emplace("Content-Encoding", encoding);
    httplib::Client c("127.0.0.1", hq.port);
    const auto res = c.Post("/v1/records", h, bomb, "application/json");
    ASSERT_TRUE(res) << encoding;
    EXPECT_EQ(res->status, 413) << encoding;
    EXPECT_NE(res->body.find("inflates more than"), std::string::npos) << res->body;
  }
  // A real batch compressed in each encoding is taken.
  for (const std::string encoding : {"gzip", "br"}) {
    const std::string batch = batch_of(envelope("rating", rating(core::new_uuid())));
    httplib::Headers h = device.headers();
    h.emplace("Content-Encoding", encoding);
    httplib::Client c("127.0.0.1", hq.port);
    const auto res = c.Post("/v1/records", h, compressed(encoding, 0, batch), "application/json");
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 200) << encoding << " " << res->body;
  }
  EXPECT_EQ(hq.count(), 2);
  // Another encoding, or a compressed body of unknown length (chunked), is refused on the headers.
  const std::string small = compressed("gzip", 1024);
  const std::string auth = "Authorization: Bearer " + device.token + "\r\nX-Device-Id: kiosk-a\r\n";
  EXPECT_EQ(raw_request(hq.port,
                        "POST /v1/records HTTP/1.1\r\nHost: x\r\n" + auth + "Content-Encoding: compress\r\n"
                        "Content-Length: " + std::to_string(small.size()) + "\r\n\r\n", small),
            "HTTP/1.1 415 Unsupported Media Type");
  EXPECT_EQ(raw_request(hq.port,
                        "POST /v1/records HTTP/1.1\r\nHost: x\r\n" + auth + "Content-Encoding: gzip\r\n"
                        "Transfer-Encoding: chunked\r\n\r\n", ""),
            "HTTP/1.1 411 Length Required");
  // A GET (health, the feed) or any other route with a compressed body: cpp-httplib would inflate it into memory
  // whole, before any handler runs. Refused on the headers, without a token.
  const std::string bomb = gzip_zeros(dir, 1024);
  for (const std::string path : {"/v1/health", "/v1/reference", "/v1/console/nothing"})
    EXPECT_EQ(raw_request(hq.port,
                          "GET " + path + " HTTP/1.1\r\nHost: x\r\nContent-Encoding: gzip\r\nContent-Length: " +
                              std::to_string(bomb.size()) + "\r\n\r\n",
                          bomb.substr(0, 65536)),
              "HTTP/1.1 415 Unsupported Media Type") << path;
  EXPECT_TRUE(health_answers(hq.port));
  EXPECT_LT(status_kib(hq.pid(), "VmHWM"), kMaxResidentKiB);
}

TEST_F(Hostile, HalfOpenConnectionsDoNotStopHealth) {
  // Sixty-four connections that send a header line every second and never finish their request.
  std::vector<int> socks;
  auto trickle = [&](int fd, int i) {
    const std::string line = "X-Slow-" + std::to_string(i) + ": 1\r\n";
    return ::send(fd, line.data(), line.size(), MSG_NOSIGNAL) > 0;
  };
  for (int i = 0; i < 64; ++i) {
    const int fd = connect_to(hq.port);
    const std::string start = "GET /v1/health HTTP/1.1\r\nHost: x\r\n";
    ::send(fd, start.data(), start.size(), MSG_NOSIGNAL);
    socks.push_back(fd);
  }
  int answered = 0;
  for (int round = 0; round < 4; ++round) {
    for (std::size_t i = 0; i < socks.size(); ++i) trickle(socks[i], static_cast<int>(i));
    answered += health_answers(hq.port);
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
  }
  for (int fd : socks) ::close(fd);
  EXPECT_EQ(answered, 4);
}

TEST_F(Hostile, InvalidFieldsAreRefusedAndNotStored) {
  // A phone must be digits.
  json r = rating(core::new_uuid());
  r["phone"] = "abcdefghij";
  EXPECT_EQ(post(hq.port, device, batch_of(envelope("rating", r))).second, "invalid");
  // A receipt must be 12 digits with its Damm check digit.
  const std::string good = std::string("00110610001") + protocol::damm_check_digit("00110610001");
  std::string wrong = good;
  wrong.back() = wrong.back() == '9' ? '0' : static_cast<char>(wrong.back() + 1);
  EXPECT_EQ(post(hq.port, device, batch_of(envelope("report", report(core::new_uuid(), "abcdefghijkl")))).second,
            "invalid");
  EXPECT_EQ(post(hq.port, device, batch_of(envelope("report", report(core::new_uuid(), wrong)))).second,
            "invalid");
  EXPECT_EQ(hq.count(), 0);
  EXPECT_EQ(post(hq.port, device, batch_of(envelope("report", report(core::new_uuid(), good)))).second,
            "accepted");
  // Protocol 4294967297 is not protocol 1.
  const std::string wide = json{{"protocol", 4294967297LL}, {"records", json::array()}}.dump();
  EXPECT_EQ(post(hq.port, device, wide).first, 400);
  // The same record sent again with its UUID in upper case is a duplicate, stored once.
  const std::string uuid = core::new_uuid();
  EXPECT_EQ(post(hq.port, device, batch_of(envelope("rating", rating(uuid)))).second, "accepted");
  std::string upper = uuid;
  std::transform(upper.begin(), upper.end(), upper.begin(), [](unsigned char ch) { return std::toupper(ch); });
  EXPECT_EQ(post(hq.port, device, batch_of(envelope("rating", rating(upper)))).second, "duplicate");
  EXPECT_EQ(hq.count("kind='rating'"), 1);
  // Invalid UTF-8 is a bad request, not a storage failure.
  const std::string bad_utf8 = R"({"protocol":1,"records":[{"uuid":")" + core::new_uuid() +
                               "\",\"kind\":\"rating\",\"body\":{\"comment\":\"\xff\xfe\"}}]}";
  EXPECT_EQ(post(hq.port, device, bad_utf8).first, 400);
  EXPECT_EQ(hq.count(), 2);
  EXPECT_TRUE(health_answers(hq.port));
}

// Found by the fuzz (fuzz_test.cpp): the JSON parser's message quotes the bytes it stopped at, which can end inside
// a character; the 400 that carries it was then itself unwritable, and hqd answered 503 "storage unavailable".
TEST_F(Hostile, AParseErrorQuotingHalfACharacterIs400) {
  for (const std::string body : {"[\xe4\xb8\xad]", "{\"protocol\":1,\"records\":[\xe4\xb8\xad\xe6\x96\x87]}"}) {
    EXPECT_EQ(post(hq.port, device, body).first, 400) << body;
    httplib::Client c("127.0.0.1", hq.port);
    const auto res = c.Post("/v1/reconcile", device.headers(), body, "application/json");
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 400);
    EXPECT_TRUE(protocol::valid_utf8(res->body));
  }
}

TEST_F(Hostile, RecordsStoredTwiceUnderUpperCaseUuidsAreMergedOnUpgrade) {
  const std::string a = core::new_uuid(), b = core::new_uuid();
  ASSERT_EQ(post(hq.port, device, batch_of(envelope("rating", rating(a)))).second, "accepted");
  ASSERT_EQ(post(hq.port, device, batch_of(envelope("rating", rating(b)))).second, "accepted");
  hq.stop();
  {  // What an hqd before schema 5 could hold: `a` again in upper case, and `b` only in upper case.
    sync_db::Db d(hq.db);
    d.exec("INSERT INTO records(uuid, kind, device_id, created_at, day, body, received_at, subject, receipt, hall_date, "
           "seq) SELECT upper(uuid), kind, device_id, created_at, day, replace(body, uuid, upper(uuid)), "
           "received_at + 1, subject, receipt, hall_date, seq FROM records WHERE uuid = '" + a + "'");
    d.exec("UPDATE records SET body = replace(body, uuid, upper(uuid)), uuid = upper(uuid) WHERE uuid = '" + b + "'");
    // Nor had it schema 8's record numbers and kiosk reports.
    d.exec("DROP INDEX records_by_device_seq; ALTER TABLE records DROP COLUMN seq; DROP TABLE refused_records; "
           "DROP TABLE device_status; DROP TABLE storage_events;");
    // Nor schema 20's counts by day and misuse flags: the upgrade counts the ratings it holds.
    d.exec("DROP TRIGGER ratings_counted_by_day; DROP TABLE rating_day_counts; DROP TABLE rating_flags; "
           "DROP INDEX records_ratings_by_device_target;");
    // Nor schema 18's typed columns of ratings: the upgrade reads them from the bodies.
    d.exec("DROP INDEX records_ratings_by_day; DROP INDEX records_bad_ratings_by_day; ALTER TABLE records DROP COLUMN "
           "level; ALTER TABLE records DROP COLUMN target_kind; ALTER TABLE records DROP COLUMN target_id; ALTER TABLE "
           "records DROP COLUMN target_name;");
    d.exec("PRAGMA user_version=4");
  }
  ASSERT_EQ(hq.count("kind='rating'"), 3);
  hq.start();
  EXPECT_EQ(hq.count("kind='rating'"), 2);
  EXPECT_EQ(hq.count("uuid IN ('" + a + "', '" + b + "') AND instr(body, uuid) > 0"), 2);
  EXPECT_EQ(hq.count("kind='rating' AND level = json_extract(body, '$.level') AND target_kind = json_extract(body, "
                     "'$.target_kind') AND target_id = json_extract(body, '$.target_id') AND target_name = "
                     "json_extract(body, '$.target_name')"),
            2)
      << "schema 18 reads the typed columns of ratings stored before it from their bodies";
  {
    sync_db::Db d(hq.db);
    sync_db::Stmt n(d, "SELECT sum(n), count(*) FROM rating_day_counts WHERE level='satisfied' AND target_id='o01'");
    ASSERT_TRUE(n.step());
    EXPECT_EQ(n.integer(0), 2) << "schema 20 counts the ratings stored before it, the duplicate once";
    EXPECT_EQ(n.integer(1), 1);
  }
  EXPECT_EQ(post(hq.port, device, batch_of(envelope("rating", rating(b)))).second, "duplicate");
}

// A database that reached schema 13 (the accounts) without storage's schema 12 still gets its record numbers and
// kiosk reports, keeps its records, goes on to the newest schema (19: the kiosk reports' outbox, disk and screen
// columns), and opens again the same way.
TEST_F(Hostile, ASigtermWhileStartingStopsHqd) {
  // A stop in the moment between hqd's port opening and its server running used to be forgotten: hqd ran on.
  hq.stop();  // the one SetUp started
  for (int round = 0; round < 30; ++round) {
    hq.start();
    ASSERT_NO_THROW(hq.stop()) << "round " << round;
  }
}

TEST_F(Hostile, ADatabaseAt13WithoutStoragesTablesGetsThem) {
  const std::string a = core::new_uuid();
  ASSERT_EQ(post(hq.port, device, batch_of(envelope("rating", rating(a)))).second, "accepted");
  hq.stop();
  {
    sync_db::Db d(hq.db);
    d.exec("DROP INDEX records_by_device_seq; ALTER TABLE records DROP COLUMN seq; DROP TABLE refused_records; "
           "DROP TABLE device_status; DROP TABLE storage_events; PRAGMA user_version=13");
  }
  const auto one = [&](const std::string& sql) {
    sync_db::Db d(hq.db);
    sync_db::Stmt q(d, sql);
    EXPECT_TRUE(q.step()) << sql;
    return q.integer(0);
  };
  for (int open = 0; open < 2; ++open) {
    hq.start();
    hq.stop();
    EXPECT_EQ(one("PRAGMA user_version"), 26);
    EXPECT_EQ(one("SELECT count(*) FROM sqlite_master WHERE name IN ('refused_records', 'device_status', "
                  "'storage_events', 'records_by_device_seq')"), 4);
    EXPECT_EQ(one("SELECT count(*) FROM pragma_table_info('device_status') WHERE name IN ('pending', 'parked', "
                  "'oldest_pending_at', 'last_error', 'free_bytes', 'orientation', 'backlog_since', 'parked_since')"),
              8);
    EXPECT_EQ(one("SELECT count(*) FROM pragma_table_info('records') WHERE name='seq'"), 1);
    EXPECT_EQ(one("SELECT count(*) FROM records WHERE uuid='" + a + "'"), 1);
  }
  hq.start();
  EXPECT_EQ(post(hq.port, device, batch_of(envelope("rating", rating(a)))).second, "duplicate");
}


TEST_F(Hostile, ClientCapsRetryAfterAndRefusesBombAnswers) {
  const std::string kiosk_db = dir.file("kiosk.db");
  make_kiosk_db(kiosk_db);
  queue_checkins(kiosk_db, 3, 1795830000);
  const std::string bomb = gzip_zeros(dir, 1024);
  FakeHq fake([&](httplib::Server& s) {
    s.Post("/v1/records", [](const httplib::Request&, httplib::Response& res) {
      res.status = 503;
      res.set_header("Retry-After", "99999999");
      res.set_content(R"({"error":"busy"})", "application/json");
    });
    s.Get("/v1/reference", [&](const httplib::Request&, httplib::Response& res) {
      res.set_header("Content-Encoding", "gzip");
      res.set_content(bomb, "application/octet-stream");  // a type httplib would not gzip a second time
    });
  });
  auto config = client_config(hq, "kiosk-a", device.token, kiosk_db);
  config.url = "http://127.0.0.1:" + std::to_string(fake.port);
  SyncClient client(config, kiosk_db);
  const auto before = std::chrono::duration_cast<std::chrono::seconds>(
                          std::chrono::system_clock::now().time_since_epoch()).count();
  const auto pushed = client.push();
  EXPECT_EQ(pushed.sent, 0);
  sync_db::Db d(kiosk_db);
  sync_db::Stmt s(d, "SELECT max(next_attempt_at) FROM outbox WHERE state='pending'");
  ASSERT_TRUE(s.step());
  EXPECT_LE(s.integer(0) - before, 3600 + 120);  // at most an hour (and the backoff's jitter) away
  EXPECT_GT(s.integer(0) - before, 3000);        // but the wait HQ asked for is honoured up to the cap
  // A 1 GiB answer inflating from under 5 MiB is refused and the client's memory stays small.
  EXPECT_FALSE(client.pull().ok());
  EXPECT_LT(status_kib(getpid(), "VmHWM"), kMaxResidentKiB);
}

TEST_F(Hostile, ClientInflatesAnswersWithinRatioAndRefusesOtherEncodings) {
  const std::string kiosk_db = dir.file("kiosk.db");
  make_kiosk_db(kiosk_db);
  const std::string feed = R"({"protocol":1,"cursor":"7","full":false})";
  std::string encoding, body;
  FakeHq fake([&](httplib::Server& s) {
    s.Get("/v1/reference", [&](const httplib::Request& req, httplib::Response& res) {
      EXPECT_EQ(req.get_header_value("Accept-Encoding"), "gzip");
      res.set_header("Content-Encoding", encoding);
      res.set_content(body, "application/octet-stream");  // a type httplib would not compress again
    });
  });
  auto config = client_config(hq, "kiosk-a", device.token, kiosk_db);
  config.url = "http://127.0.0.1:" + std::to_string(fake.port);
  SyncClient client(config, kiosk_db);
  // 32 MiB of zeros from 32 KiB: under the 64 MiB cap, but a thousand to one.
  encoding = "gzip";
  body = compressed("gzip", 32u << 20);
  auto r = client.pull();
  EXPECT_NE(r.error.find("inflates more than"), std::string::npos) << r.error;
  // Brotli (not asked for), an unknown encoding, a gzip stream cut short: refused, nothing applied.
  for (const auto& [e, b] : std::vector<std::pair<std::string, std::string>>{
           {"br", compressed("br", 0, feed)}, {"zstd", feed}, {"gzip", compressed("gzip", 0, feed).substr(0, 20)}}) {
    encoding = e;
    body = b;
    r = client.pull();
    EXPECT_FALSE(r.ok()) << e;
    EXPECT_EQ(client.reference_cursor(), "") << e;
  }
  // The same message gzipped, or deflated in two gzip members, is read.
  encoding = "gzip";
  body = compressed("gzip", 0, feed);
  r = client.pull();
  EXPECT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(client.reference_cursor(), "7");
  encoding = "x-gzip";
  body = compressed("gzip", 0, feed.substr(0, 10)) + compressed("gzip", 0, feed.substr(10));
  EXPECT_TRUE(client.pull().ok());
  EXPECT_LT(status_kib(getpid(), "VmHWM"), kMaxResidentKiB);
}

// HQ answers the first upload 503 with `retry_after`, then accepts every record; `posts` counts the uploads.
FakeHq busy_once(const std::string& retry_after, std::atomic<int>& posts) {
  return FakeHq([&posts, retry_after](httplib::Server& s) {
    s.Post("/v1/records", [&posts, retry_after](const httplib::Request& req, httplib::Response& res) {
      if (posts++ == 0) {
        res.status = 503;
        res.set_header("Retry-After", retry_after);
        return;
      }
      std::vector<protocol::RecordResult> results;
      for (const auto& r : protocol::decode_batch(req.body))
        results.push_back({r.uuid, protocol::RecordStatus::accepted, {}});
      res.set_content(protocol::encode_results(results), "application/octet-stream");
    });
  });
}

TEST_F(Hostile, SyncNowDoesNotWaitOutRetryAfter) {
  const std::string kiosk_db = dir.file("kiosk.db");
  make_kiosk_db(kiosk_db);
  queue_checkins(kiosk_db, 3, 1795830000);
  std::atomic<int> posts{0};
  const FakeHq fake = busy_once("3600", posts);  // an hour's wait asked for; then HQ is back
  auto config = client_config(hq, "kiosk-a", device.token, kiosk_db);
  config.url = "http://127.0.0.1:" + std::to_string(fake.port);
  SyncClient client(config, kiosk_db);
  EXPECT_EQ(client.push().deferred, 3);
  EXPECT_EQ(client.push().requests, 0);  // an ordinary push waits the hour out
  const auto now = client.push(true);    // 立即同步 does not
  EXPECT_EQ(now.sent, 3);
  EXPECT_EQ(posts.load(), 2);
  EXPECT_EQ(client.counts().pending, 0);
}

// The same through the kiosk's own background worker, which the operator screen's 立即同步 calls (kiosk/app/app.cpp):
// while it waits out HQ's hour it sends nothing, and the button sends at once.
TEST_F(Hostile, TheSyncNowButtonsWorkerDoesNotWaitOutRetryAfter) {
  const std::string kiosk_db = dir.file("kiosk.db");
  make_kiosk_db(kiosk_db);
  queue_checkins(kiosk_db, 3, 1795830000);
  std::atomic<int> posts{0};
  const FakeHq fake = busy_once("3600", posts);
  auto config = client_config(hq, "kiosk-a", device.token, kiosk_db);
  config.url = "http://127.0.0.1:" + std::to_string(fake.port);
  config.poll_interval_seconds = 1;
  config.pull_interval_seconds = 3600;
  sync_client::SyncWorker worker(config, kiosk_db, [] {});
  worker.start();
  auto wait_for = [](const std::function<bool()>& done, double seconds) {
    const auto end = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
    while (!done() && std::chrono::steady_clock::now() < end) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    return done();
  };
  ASSERT_TRUE(wait_for([&] { return posts.load() == 1; }, 10));
  std::this_thread::sleep_for(std::chrono::milliseconds(3500));  // three more rounds of the worker
  EXPECT_EQ(posts.load(), 1) << "the worker waits the hour HQ asked for";
  EXPECT_EQ(outbox_count(kiosk_db, "pending"), 3);
  worker.sync_now();
  EXPECT_TRUE(wait_for([&] { return outbox_count(kiosk_db, "sent") == 3; }, 5)) << "立即同步 sends at once";
  EXPECT_EQ(posts.load(), 2);
  worker.stop();
}

TEST_F(Hostile, UnparkAndTheLongestWaitReleaseAHeldQueue) {
  const std::string kiosk_db = dir.file("kiosk.db");
  make_kiosk_db(kiosk_db);
  queue_checkins(kiosk_db, 3, 1795830000);
  std::atomic<int> posts{0};
  const FakeHq fake = busy_once("99999999", posts);  // 1,157 days, says HQ once; then it is back
  auto config = client_config(hq, "kiosk-a", device.token, kiosk_db);
  config.url = "http://127.0.0.1:" + std::to_string(fake.port);
  const std::string toml = dir.file("kiosk.toml");
  write_config(toml, config);
  const std::string kiosk_sync = std::string(KIOSK_SYNC_BINARY) + " --config " + toml + " ";
  EXPECT_EQ(run(kiosk_sync + "push").first, 1);
  EXPECT_EQ(outbox_count(kiosk_db, "pending"), 3);
  EXPECT_EQ(run(kiosk_sync + "push").second.find("0 requests") != std::string::npos, true) << "the hour stands";
  // The operator's unpark releases the hold as well as parked rows; the next push sends them.
  const auto [rc, out] = run(kiosk_sync + "unpark");
  EXPECT_EQ(rc, 0);
  EXPECT_NE(out.find("3 records"), std::string::npos) << out;
  EXPECT_NE(run(kiosk_sync + "status").second.find("due now 3"), std::string::npos);
  // This HQ lacks /v1/status (404): the failed status report holds nothing, the rows are still due.
  EXPECT_NE(run(kiosk_sync + "status").second.find("due now 3"), std::string::npos);
  const auto [push_rc, push_out] = run(kiosk_sync + "push");
  EXPECT_EQ(push_rc, 0) << push_out;
  EXPECT_EQ(outbox_count(kiosk_db, "sent"), 3) << push_out;
  // A hold an older kiosk stored (any Retry-After honoured, or a clock since set back) is no hold at all: an
  // ordinary push (the background worker's) sends those rows.
  queue_checkins(kiosk_db, 2, 1795830100);
  {
    sync_db::Db d(kiosk_db);
    d.exec("UPDATE outbox SET next_attempt_at = strftime('%s','now') + 99999999 WHERE state='pending'");
  }
  SyncClient client(config, kiosk_db);
  EXPECT_EQ(client.counts().due, 2);
  EXPECT_EQ(client.push().sent, 2);
  EXPECT_EQ(outbox_count(kiosk_db, "sent"), 5);
}

}  // namespace
