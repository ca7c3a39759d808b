// Alerts end to end: a kiosk's 差评 and 办不成事 go to a real hqd on 127.0.0.1, which tells the departments' and the
// bureau's webhooks through its outbox (outgoing_calls.h); the receiver is this test's own HTTP server on 127.0.0.1,
// which can be down, answer 500, reset the connection or be slow. Every alert arrives exactly once after it recovers
// (counted by the event id hqd sends); after a kill -9 of hqd at least once with the same event id; the latency from
// the kiosk's push to arrival is printed. The formats of 企业微信 and 钉钉 (its HMAC signature checked here), no phone or
// citizen's name anywhere, the console's list and badge by role, escalations once each, and random webhook settings
// through the console API.
#include <gtest/gtest.h>
#include <httplib.h>
#include <poll.h>
#include <sodium.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <map>
#include <mutex>
#include <random>
#include <set>

#include "hq_fixture.h"
#include "sync/common/civil_time.h"

using namespace sync_test;
using namespace hq_test;
using nlohmann::json;

namespace {

constexpr const char* kLiaisonPassword = "Liaison-pass-2026";

// One request the receiver took in whole.
struct Arrival {
  std::string path, event_id, body;
  std::chrono::steady_clock::time_point at;
};

// A webhook receiver on 127.0.0.1 of this test's own, one connection at a time, as raw sockets so it can misbehave:
// ok (200), fail (500 with Retry-After: 1), reset (RST after reading the request), slow (answers 200 after a delay).
class Receiver {
 public:
  enum class Mode { ok, fail, reset, slow };
  // The port is held from construction by a bound socket that does not listen (a connect is refused, as to a
  // receiver that is down), so no other test's server can take it before up().
  Receiver() : port(0) {
    if (!reserve()) throw std::runtime_error(std::string("the receiver cannot bind a port: ") + std::strerror(errno));
    sockaddr_in a{};
    socklen_t n = sizeof a;
    getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &n);
    port = ntohs(a.sin_port);
  }
  ~Receiver() {
    stop();
    if (fd_ >= 0) close(fd_);
  }
  void up() {
    if (listening_) return;
    // After down(), connections hqd has not closed yet may hold the port for a moment.
    for (int i = 0; fd_ < 0 && i < 100; ++i)
      if (!reserve()) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    if (fd_ < 0 || listen(fd_, 16) != 0)
      throw std::runtime_error("the receiver cannot listen on port " + std::to_string(port) + ": " + std::strerror(errno));
    listening_ = true;
    stop_ = false;
    thread_ = std::thread([this] { serve(); });
  }
  void down() {
    if (!listening_) return;
    stop();
    reserve();  // best effort: up() tries again
  }
  std::string url(const std::string& path) const { return "http://127.0.0.1:" + std::to_string(port) + path; }
  std::vector<Arrival> arrivals() {
    std::lock_guard<std::mutex> lock(mutex_);
    return arrivals_;
  }
  // How many times each event id arrived (at `path` when given).
  std::map<std::string, int> by_event(const std::string& path = "") {
    std::map<std::string, int> out;
    for (const auto& a : arrivals())
      if (path.empty() || a.path.rfind(path, 0) == 0) ++out[a.event_id];
    return out;
  }
  std::atomic<Mode> mode{Mode::ok};
  std::atomic<int> slow_ms{2000};
  std::atomic<int> failed{0}, resets{0};
  int port;

 private:
  void serve() {
    while (!stop_) {
      pollfd p{fd_, POLLIN, 0};
      if (poll(&p, 1, 50) <= 0) continue;
      const int c = accept(fd_, nullptr, nullptr);
      if (c < 0) continue;
      handle(c);
    }
  }
  void handle(int c) {
    std::string in;
    char buf[8192];
    std::size_t need = std::string::npos;
    while (need == std::string::npos || in.size() < need) {
      pollfd p{c, POLLIN, 0};
      if (poll(&p, 1, 5000) <= 0) break;
      const ssize_t n = recv(c, buf, sizeof buf, 0);
      if (n <= 0) break;
      in.append(buf, static_cast<std::size_t>(n));
      const auto end = in.find("\r\n\r\n");
      if (end != std::string::npos && need == std::string::npos) {
        std::string head = in.substr(0, end);
        for (char& ch : head) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        const auto cl = head.find("content-length:");
        need = end + 4 + (cl == std::string::npos ? 0 : std::stoul(head.substr(cl + 15)));
      }
    }
    if (need == std::string::npos || in.size() < need) {
      close(c);
      return;
    }
    const Mode m = mode.load();
    if (m == Mode::reset) {
      ++resets;
      const linger l{1, 0};
      setsockopt(c, SOL_SOCKET, SO_LINGER, &l, sizeof l);
      close(c);
      return;
    }
    if (m == Mode::fail) {
      ++failed;
      const std::string r = "HTTP/1.1 500 Internal Server Error\r\nRetry-After: 1\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
      send(c, r.data(), r.size(), MSG_NOSIGNAL);
      close(c);
      return;
    }
    if (m == Mode::slow) std::this_thread::sleep_for(std::chrono::milliseconds(slow_ms.load()));
    Arrival a;
    a.at = std::chrono::steady_clock::now();
    const std::string line = in.substr(0, in.find("\r\n"));
    a.path = line.substr(line.find(' ') + 1, line.rfind(' ') - line.find(' ') - 1);
    const std::string head = in.substr(0, in.find("\r\n\r\n"));
    const auto h = head.find("X-Event-Id: ");
    if (h != std::string::npos) a.event_id = head.substr(h + 12, head.find("\r\n", h) - h - 12);
    a.body = in.substr(in.find("\r\n\r\n") + 4);
    {
      std::lock_guard<std::mutex> lock(mutex_);
      arrivals_.push_back(a);
    }
    const std::string r = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 27\r\nConnection: "
                          "close\r\n\r\n{\"errcode\":0,\"errmsg\":\"ok\"}";
    send(c, r.data(), r.size(), MSG_NOSIGNAL);
    close(c);
  }
  void stop() {
    if (!listening_) return;
    stop_ = true;
    if (thread_.joinable()) thread_.join();
    close(fd_);
    fd_ = -1;
    listening_ = false;
  }
  // Binds a fresh socket to `port` (any free port while it is 0) without listening; false if it cannot.
  bool reserve() {
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    const int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = htons(static_cast<std::uint16_t>(port));
    if (fd < 0 || bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
      const int e = errno;
      if (fd >= 0) close(fd);
      errno = e;
      return false;
    }
    fd_ = fd;
    return true;
  }
  int fd_ = -1;
  bool listening_ = false;
  std::atomic<bool> stop_{false};
  std::thread thread_;
  std::mutex mutex_;
  std::vector<Arrival> arrivals_;
};

// hqd serve on the fixture's database and port, optionally with --now (a restart with a later --now is time passing).
class Serve {
 public:
  Serve(const TempDir& dir, Hq& hq) : hq_(hq), log_(dir.file("serve.log")) {}
  void start(const std::string& now = "") {
    std::vector<std::string> argv = {hqd(), "serve", "--db", hq_.db, "--port", std::to_string(hq_.port), "--bind",
                                     "127.0.0.1"};
    if (!now.empty()) argv.insert(argv.end(), {"--now", now});
    process_.start(argv, log_);
    for (int i = 0; i < 500 && !port_open(hq_.port); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    ASSERT_TRUE(port_open(hq_.port)) << slurp(log_);
  }
  void kill(int sig) { process_.kill_now(sig); }
  std::string log() const { return slurp(log_); }

 private:
  Hq& hq_;
  std::string log_;
  Child process_;
};

struct Console {
  explicit Console(Hq& hq) : http("127.0.0.1", hq.port), db(hq.db) {
    const auto [rc, token] = run(hqd() + " admin-token --db " + hq.db);
    EXPECT_EQ(rc, 0);
    auth = {{"Authorization", "Bearer " + token}};
    http.set_read_timeout(10, 0);
  }
  json get(const std::string& path, int expect = 200) {
    auto res = http.Get(path.c_str(), auth);
    EXPECT_TRUE(res) << path;
    if (!res) return {};
    EXPECT_EQ(res->status, expect) << path << ": " << res->body;
    return json::parse(res->body, nullptr, false);
  }
  json post(const std::string& path, const json& body, int expect = 200) {
    auto res = http.Post(path.c_str(), auth, body.dump(), "application/json");
    EXPECT_TRUE(res) << path;
    if (!res) return {};
    EXPECT_EQ(res->status, expect) << path << ": " << res->body;
    return json::parse(res->body, nullptr, false);
  }
  std::int64_t webhook(const std::string& dept, const std::string& kind, const std::string& url,
                       const std::string& secret = "") {
    return post("/v1/console/webhooks", {{"department", dept}, {"kind", kind}, {"url", url}, {"secret", secret}}, 201)
        .value("id", std::int64_t{0});
  }
  httplib::Client http;
  httplib::Headers auth;
  std::string db;
};

// The hall's today (Beijing time) and a moment of it.
std::string hall_today() { return common::to_iso8601(std::time(nullptr), 480).substr(0, 10); }

// Waits up to `seconds` for pred().
template <typename P>
bool wait_for(double seconds, P pred) {
  const auto end = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  while (std::chrono::steady_clock::now() < end) {
    if (pred()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return pred();
}

// A 差评 of 冯堃 (o01, d08) now, with a phone and a comment naming the citizen and their phone.
std::string submit_complaint(const std::string& db, std::int64_t at) {
  core::Store store(db);
  core::Rating r = complaint_with_phone(at);
  r.comment = "我是王小明，电话13812345678";
  return store.submit_rating(r);
}

std::string base64_hmac(const std::string& secret, const std::string& message) {
  unsigned char mac[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256_state st;
  crypto_auth_hmacsha256_init(&st, reinterpret_cast<const unsigned char*>(secret.data()), secret.size());
  crypto_auth_hmacsha256_update(&st, reinterpret_cast<const unsigned char*>(message.data()), message.size());
  crypto_auth_hmacsha256_final(&st, mac);
  char b64[sodium_base64_ENCODED_LEN(crypto_auth_hmacsha256_BYTES, sodium_base64_VARIANT_ORIGINAL)];
  sodium_bin2base64(b64, sizeof b64, mac, sizeof mac, sodium_base64_VARIANT_ORIGINAL);
  return b64;
}

std::string url_decoded(const std::string& s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size()) {
      out += static_cast<char>(std::stoi(s.substr(i + 1, 2), nullptr, 16));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

std::string query_value(const std::string& path, const std::string& name) {
  const auto at = path.find(name + "=");
  if (at == std::string::npos) return "";
  const auto end = path.find('&', at);
  return path.substr(at + name.size() + 1, end == std::string::npos ? std::string::npos : end - at - name.size() - 1);
}

// A database with the demo data, a kiosk enrolled with it, hqd (started by each test), the receiver (down until up()),
// the console with the admin token and the kiosk's sync client.
struct World {
  TempDir dir;
  Hq hq{dir};
  Kiosk k{dir, hq, "kiosk-a"};
  Serve serve{dir, hq};
  Receiver rx;
  Console c{hq};
  sync_client::SyncClient client{k.config, k.db};
};

}  // namespace

TEST(HqAlerts, EveryFormatOnceNamingTheSittingOfficialWithoutPersonalData) {
  ASSERT_EQ(sodium_init() >= 0, true);
  World w;
  auto& [dir, hq, k, serve, rx, c, client] = w;
  serve.start();
  rx.up();
  c.webhook("区行政审批局", "generic", rx.url("/dept"));
  c.webhook("d01", "generic", rx.url("/other"));
  c.webhook("", "wecom", rx.url("/wecom?key=abc"));
  c.webhook("", "dingtalk", rx.url("/ding?access_token=t1"), "SECsecret123");
  ASSERT_TRUE(client.pull().ok());
  const std::int64_t now = std::time(nullptr);
  {
    core::Store store(k.db);
    store.check_in({"o01", "wA01", std::nullopt, hall_today(), protocol::HalfDay::am, now - 600, std::string("测试")});
  }
  ASSERT_TRUE(client.push().ok());
  submit_complaint(k.db, now);
  std::string receipt;
  {
    core::Store store(k.db);
    core::Report rep = many_trips_report(now);
    rep.name = "王小明";
    rep.phone = "13912345678";
    rep.description = "我叫王小明，电话13912345678，跑了三次";
    receipt = store.submit_report(rep, 1);
  }
  const auto pushed = std::chrono::steady_clock::now();
  ASSERT_TRUE(client.push().ok());
  ASSERT_TRUE(wait_for(30, [&] { return rx.arrivals().size() >= 6; })) << rx.arrivals().size() << serve.log();
  const double latency = std::chrono::duration<double>(rx.arrivals().front().at - pushed).count();
  std::printf("alert latency, kiosk push (POST /v1/records) to the receiver: %.3f s (first of 6 calls); last %.3f s\n",
              latency, std::chrono::duration<double>(rx.arrivals().back().at - pushed).count());
  EXPECT_LT(latency, 60.0);
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  const auto all = rx.arrivals();
  ASSERT_EQ(all.size(), 6u) << "2 alerts × (the department's webhook + the bureau's two)";
  EXPECT_EQ(rx.by_event("/other").size(), 0u) << "another department hears nothing";
  EXPECT_EQ(rx.by_event("/dept").size(), 2u);
  std::set<std::string> ids;
  for (const auto& a : all) {
    ids.insert(a.event_id);
    for (const char* secret : {"13812345678", "1381234", "5678", "13912345678", "王小明", "跑了三次", "我是"})
      EXPECT_EQ(a.body.find(secret), std::string::npos) << secret << " in " << a.body;
    const json body = json::parse(a.body, nullptr, false);
    ASSERT_TRUE(body.is_object()) << a.body;
    if (a.path.rfind("/dept", 0) == 0) {
      EXPECT_EQ(body["event_id"], a.event_id);
      EXPECT_EQ(body["department"], "区行政审批局");
      EXPECT_EQ(body["sitting"]["official"], "冯堃") << "the official sitting the window right now";
      EXPECT_NE(body["text"].get<std::string>().find("冯堃"), std::string::npos);
      if (body["kind"] == "bad_rating") {
        EXPECT_NE(body["text"].get<std::string>().find("等候时间长"), std::string::npos) << "a reason by its wording";
        EXPECT_EQ(body["text"].get<std::string>().find("long_wait"), std::string::npos) << "not by its id";
      }
      if (body["kind"] == "report") {
        EXPECT_EQ(body["receipt"], receipt);
      }
    } else if (a.path.rfind("/wecom", 0) == 0) {
      EXPECT_EQ(a.path, "/wecom?key=abc");
      EXPECT_EQ(body["msgtype"], "markdown");
      EXPECT_NE(body["markdown"]["content"].get<std::string>().find(a.event_id), std::string::npos);
    } else {
      ASSERT_EQ(a.path.rfind("/ding?access_token=t1&timestamp=", 0), 0u) << a.path;
      const std::string ts = query_value(a.path, "timestamp");
      EXPECT_EQ(url_decoded(query_value(a.path, "sign")), base64_hmac("SECsecret123", ts + "\nSECsecret123"));
      EXPECT_LT(std::llabs(std::stoll(ts) / 1000 - std::time(nullptr)), 60);
      EXPECT_EQ(body["msgtype"], "markdown");
      const std::string title = body["markdown"]["title"];
      EXPECT_TRUE(title == "差评提醒" || title == "办不成事提醒") << title;
      EXPECT_EQ(body["markdown"]["text"].get<std::string>().rfind("### " + title, 0), 0u);
    }
  }
  EXPECT_EQ(ids.size(), 6u) << "one event id per call";
  EXPECT_EQ(count(hq.db, "SELECT count(*) FROM outgoing_calls WHERE state='sent' AND attempts=1"), 6);
  // The console: the list and badge by role.
  auto list = c.get("/v1/console/alerts");
  ASSERT_EQ(list["alerts"].size(), 2u);
  EXPECT_EQ(list["unseen"], 2);
  EXPECT_EQ(list["alerts"][0]["kind"], "report");
  EXPECT_EQ(list["alerts"][1]["sitting"]["official"], "冯堃");
  EXPECT_EQ(list["alerts"][1]["reasons"], json::array({"等候时间长"})) << "the kiosks' wording, not the id long_wait";
  EXPECT_EQ(list.dump().find("1381234"), std::string::npos);
  EXPECT_EQ(list.dump().find("王小明"), std::string::npos);
  EXPECT_EQ(c.post("/v1/console/alerts/seen", {{"last_id", list["last_id"]}})["unseen"], 0);
  EXPECT_EQ(c.get("/v1/console/alerts/badge")["unseen"], 0);
  for (const auto& [login, dept, n] : std::vector<std::tuple<std::string, std::string, std::size_t>>{
           {"li", "区行政审批局", 2}, {"other", "区党政综合办公室", 0}}) {
    const auto [rc, out] = run("printf '%s\\n' '" + std::string(kLiaisonPassword) + "' | " + hqd() + " user add --login " +
                               login + " --role liaison --department " + dept + " --db " + hq.db + " 2>&1");
    ASSERT_EQ(rc, 0) << out;
    auto res = c.http.Post("/v1/console/login", json{{"login", login}, {"password", kLiaisonPassword}}.dump(),
                           "application/json");
    ASSERT_TRUE(res && res->status == 200) << (res ? res->body : "no answer");
    const std::string cookie = res->get_header_value("Set-Cookie").substr(0, res->get_header_value("Set-Cookie").find(';'));
    auto mine = c.http.Get("/v1/console/alerts", httplib::Headers{{"Cookie", cookie}});
    ASSERT_TRUE(mine && mine->status == 200);
    const json j = json::parse(mine->body);
    EXPECT_EQ(j["alerts"].size(), n) << login;
    EXPECT_EQ(j["unseen"], static_cast<int>(n)) << login;
    auto hooks = c.http.Get("/v1/console/webhooks", httplib::Headers{{"Cookie", cookie}});
    ASSERT_TRUE(hooks && hooks->status == 200);
    EXPECT_EQ(json::parse(hooks->body)["webhooks"].size(), 1u) << login << ": only their department's";
  }
  // Test-send through the outbox.
  const auto hooks = c.get("/v1/console/webhooks");
  const auto test = c.post("/v1/console/webhooks/" + std::to_string(hooks["webhooks"][0]["id"].get<int>()) + "/test",
                           json::object(), 202);
  ASSERT_TRUE(wait_for(10, [&] { return rx.by_event().count(test["event_id"]) == 1; }));
  // The receiver has it before hqd has read the answer and marked the call sent.
  EXPECT_TRUE(wait_for(10, [&] { return c.get("/v1/console/outgoing?state=sent")["calls"].size() == 7u; }))
      << c.get("/v1/console/outgoing?state=sent")["calls"].size();
}

TEST(HqAlerts, ReceiverDownFailingResettingAndSlowThenEveryAlertOnce) {
  World w;
  auto& [dir, hq, k, serve, rx, c, client] = w;
  serve.start();
  c.webhook("d08", "generic", rx.url("/hook"));
  ASSERT_TRUE(client.pull().ok());
  constexpr int kAlerts = 10;
  for (int i = 0; i < kAlerts; ++i) submit_complaint(k.db, std::time(nullptr) + i);
  ASSERT_TRUE(client.push().ok());
  std::this_thread::sleep_for(std::chrono::seconds(2));
  EXPECT_GT(count(hq.db, "SELECT count(*) FROM outgoing_calls WHERE state='pending' AND attempts>0 AND "
                         "last_error LIKE 'no answer%'"), 0);
  rx.mode = Receiver::Mode::fail;
  rx.up();
  ASSERT_TRUE(wait_for(20, [&] { return rx.failed >= 3; }));
  rx.mode = Receiver::Mode::reset;
  ASSERT_TRUE(wait_for(20, [&] { return rx.resets >= 3; }));
  rx.slow_ms = 1500;
  rx.mode = Receiver::Mode::slow;
  ASSERT_TRUE(wait_for(30, [&] { return !rx.arrivals().empty(); }));
  rx.mode = Receiver::Mode::ok;
  ASSERT_TRUE(wait_for(60, [&] { return rx.by_event().size() == kAlerts; })) << rx.by_event().size();
  std::this_thread::sleep_for(std::chrono::seconds(3));  // anything sent twice would arrive by now
  const auto seen = rx.by_event();
  EXPECT_EQ(seen.size(), static_cast<std::size_t>(kAlerts));
  for (const auto& [id, n] : seen) EXPECT_EQ(n, 1) << id << " arrived " << n << " times";
  EXPECT_EQ(rx.arrivals().size(), static_cast<std::size_t>(kAlerts));
  EXPECT_EQ(count(hq.db, "SELECT count(*) FROM outgoing_calls WHERE state='sent'"), kAlerts);
  EXPECT_GT(count(hq.db, "SELECT max(attempts) FROM outgoing_calls"), 3);
  std::printf("down, %d × 500, %d resets, slow: %d alerts arrived once each; most attempts of one: %lld\n",
              rx.failed.load(), rx.resets.load(), kAlerts,
              static_cast<long long>(count(hq.db, "SELECT max(attempts) FROM outgoing_calls")));
}

TEST(HqAlerts, KillNineWhileSendingAtLeastOnceWithTheSameEventId) {
  World w;
  auto& [dir, hq, k, serve, rx, c, client] = w;
  serve.start();
  rx.slow_ms = 700;
  rx.mode = Receiver::Mode::slow;
  rx.up();
  c.webhook("d08", "generic", rx.url("/hook"));
  ASSERT_TRUE(client.pull().ok());
  constexpr int kAlerts = 8;
  for (int i = 0; i < kAlerts; ++i) submit_complaint(k.db, std::time(nullptr) + i);
  ASSERT_TRUE(client.push().ok());
  ASSERT_TRUE(wait_for(30, [&] { return rx.arrivals().size() >= 3; }));
  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // the next call is in flight
  serve.kill(SIGKILL);
  std::set<std::string> queued;
  {
    sync_db::Db d(hq.db);
    sync_db::Stmt s(d, "SELECT event_id FROM outgoing_calls");
    while (s.step()) queued.insert(s.text(0));
  }
  EXPECT_EQ(queued.size(), static_cast<std::size_t>(kAlerts)) << "written with the records, before any was sent";
  rx.mode = Receiver::Mode::ok;
  serve.start();
  ASSERT_TRUE(wait_for(30, [&] { return rx.by_event().size() == kAlerts; }));
  std::this_thread::sleep_for(std::chrono::seconds(2));
  int extra = 0;
  for (const auto& [id, n] : rx.by_event()) {
    EXPECT_TRUE(queued.count(id)) << "every delivery carries a queued event id";
    extra += n - 1;
  }
  EXPECT_LE(extra, 1) << "only the call in flight at the kill may come again, with its event id";
  std::printf("kill -9 while sending: %zu deliveries for %d events (%d again, same event id; deduped: %zu)\n",
              rx.arrivals().size(), kAlerts, extra, rx.by_event().size());
  EXPECT_EQ(count(hq.db, "SELECT count(*) FROM outgoing_calls WHERE state='sent'"), kAlerts);
}

TEST(HqAlerts, ConcurrentIngestWhileSendingAThousandAlerts) {
  World w;
  auto& [dir, hq, k, serve, rx, c, client] = w;
  serve.start();
  rx.up();
  c.webhook("d08", "generic", rx.url("/hook"));
  ASSERT_TRUE(client.pull().ok());
  constexpr int kAlerts = 1000;
  const auto start = std::chrono::steady_clock::now();
  for (int batch = 0; batch < 10; ++batch) {
    {
      core::Store store(k.db);
      for (int i = 0; i < kAlerts / 10; ++i) {
        core::Rating r = complaint_with_phone(std::time(nullptr));
        store.submit_rating(r);
      }
    }
    ASSERT_TRUE(client.push().ok());  // while the sender delivers the batches before
  }
  const auto pushed = std::chrono::steady_clock::now();
  ASSERT_TRUE(wait_for(90, [&] { return rx.by_event().size() == kAlerts; })) << rx.by_event().size();
  const auto done = std::chrono::steady_clock::now();
  std::this_thread::sleep_for(std::chrono::seconds(1));
  EXPECT_EQ(rx.arrivals().size(), static_cast<std::size_t>(kAlerts));
  std::printf("%d 差评 pushed in %.2f s while sending; all %d alerts delivered %.2f s after the first push, %.2f s after "
              "the last\n",
              kAlerts, std::chrono::duration<double>(pushed - start).count(), kAlerts,
              std::chrono::duration<double>(done - start).count(), std::chrono::duration<double>(done - pushed).count());
  EXPECT_LT(std::chrono::duration<double>(done - pushed).count(), 60.0);
}

TEST(HqAlerts, EscalationsTheDayBeforeAndWhenOverdueOnceEach) {
  World w;
  auto& [dir, hq, k, serve, rx, c, client] = w;
  serve.start("2026-11-20T09:35:00+08:00");
  rx.up();
  c.webhook("d08", "generic", rx.url("/dept"));
  c.webhook("", "generic", rx.url("/bureau"));
  // This test counts the cases' escalations: the kiosk, silent while hqd's clock jumps days, alerts too (below).
  const auto cases = [&] {
    std::vector<Arrival> out;
    for (const auto& a : rx.arrivals())
      if (a.body.find("\"kind\":\"kiosk_") == std::string::npos) out.push_back(a);
    return out;
  };
  const auto cases_at = [&](const std::string& path) {
    std::set<std::string> ids;
    for (const auto& a : cases())
      if (a.path.rfind(path, 0) == 0) ids.insert(a.event_id);
    return ids.size();
  };
  auto all_sent = [&] {
    return wait_for(15, [&] { return count(hq.db, "SELECT count(*) FROM outgoing_calls WHERE state<>'sent'") == 0; });
  };
  ASSERT_TRUE(client.pull().ok());
  const std::string uuid = submit_complaint(k.db, common::parse_iso8601("2026-11-20T09:30:00+08:00", 480).value());
  ASSERT_TRUE(client.push().ok());
  ASSERT_TRUE(wait_for(15, [&] { return cases().size() == 2; }));
  serve.kill(SIGTERM);
  std::string deadline;
  {
    sync_db::Db d(hq.db);
    sync_db::Stmt s(d, "SELECT deadline FROM rating_cases WHERE rating_uuid=?");
    s.bind(1, uuid);
    ASSERT_TRUE(s.step());
    deadline = s.text(0);
  }
  std::string before = common::add_days(deadline, -1);
  while (common::weekday_of(before) >= 5) before = common::add_days(before, -1);  // 0 = Monday
  serve.start(before + "T10:00:00+08:00");
  ASSERT_TRUE(wait_for(15, [&] { return cases().size() == 3; })) << "the day before: " << before << serve.log();
  EXPECT_EQ(cases_at("/dept"), 2u) << "due_soon goes to the department";
  EXPECT_NE(cases().back().body.find("due_soon"), std::string::npos);
  // A kill between the receiver's 200 and the outbox's "sent" would send that call again (same event id, allowed);
  // this test counts escalations, so it kills only once the outbox has recorded every delivery.
  ASSERT_TRUE(all_sent());
  serve.kill(SIGKILL);
  serve.start(before + "T15:00:00+08:00");  // the same day again: nothing new
  std::this_thread::sleep_for(std::chrono::seconds(2));
  EXPECT_EQ(cases().size(), 3u);
  serve.kill(SIGKILL);
  serve.start(common::add_days(deadline, 1) + "T09:00:00+08:00");
  ASSERT_TRUE(wait_for(15, [&] { return cases().size() == 4; }));
  EXPECT_EQ(cases_at("/bureau"), 2u) << "overdue goes to the bureau";
  EXPECT_NE(cases().back().body.find("overdue"), std::string::npos);
  ASSERT_TRUE(all_sent());
  serve.kill(SIGKILL);
  serve.start(common::add_days(deadline, 2) + "T09:00:00+08:00");
  std::this_thread::sleep_for(std::chrono::seconds(2));
  EXPECT_EQ(cases().size(), 4u) << "once each";
  EXPECT_EQ(count(hq.db, "SELECT count(*) FROM alerts WHERE subject_kind<>'kiosk'"), 3);
  EXPECT_EQ(count(hq.db, "SELECT count(*) FROM alerts WHERE kind='kiosk_silent'"), 1)
      << "the kiosk, last heard on the 20th, is silent once: no report came between the restarts";
  for (const auto& a : rx.arrivals()) EXPECT_EQ(a.body.find("13812345678"), std::string::npos);
}

TEST(HqAlerts, RandomWebhookSettingsNeverBreakHqd) {
  TempDir dir;
  Hq hq(dir);
  Serve serve(dir, hq);
  serve.start();
  Console c(hq);
  std::mt19937 rng(20261202);
  const std::vector<std::string> parts = {"http://", "https://", "ftp://", "127.0.0.1", ":8080", ":0", ":99999", "/",
                                          "/a b", "?key=", "\xff\xfe", "\xe4\xb8", "中文", "\"", "<", "@", "%00", "\\",
                                          "qyapi.weixin.qq.com", "/cgi-bin/webhook/send", "-", ".", "\t", "\x01"};
  auto random_text = [&](int max_parts) {
    std::string s;
    const int n = static_cast<int>(rng() % static_cast<unsigned>(max_parts));
    for (int i = 0; i < n; ++i) {
      if (rng() % 4 == 0) s += static_cast<char>(rng() % 256);
      else s += parts[rng() % parts.size()];
    }
    return s;
  };
  // A JSON string literal of raw bytes (invalid UTF-8 stays invalid: the body is written by hand).
  auto literal = [](const std::string& s) {
    std::string out = "\"";
    for (const char ch : s) {
      if (ch == '"' || ch == '\\') out += '\\';
      if (static_cast<unsigned char>(ch) < 0x20) {
        char buf[8];
        std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned char>(ch));
        out += buf;
      } else {
        out += ch;
      }
    }
    return out + "\"";
  };
  const std::vector<std::string> kinds = {"wecom", "dingtalk", "generic", "slack", ""};
  const std::vector<std::string> depts = {"d08", "区行政审批局", "", "nope", "\xff"};
  int created = 0, refused = 0;
  for (int i = 0; i < 300; ++i) {
    const std::string url = rng() % 3 == 0 ? "https://oapi.dingtalk.com/robot/send?access_token=" + std::to_string(i)
                                           : random_text(6);
    const std::string secret = rng() % 2 ? random_text(3) : "SEC" + std::to_string(rng());
    const std::string body = "{\"department\":" + literal(depts[rng() % depts.size()]) +
                             ",\"kind\":" + literal(kinds[rng() % kinds.size()]) + ",\"url\":" + literal(url) +
                             ",\"secret\":" + literal(secret) + "}";
    const std::string path = rng() % 4 == 0 && created > 0 ? "/v1/console/webhooks/1" : "/v1/console/webhooks";
    auto res = c.http.Post(path.c_str(), c.auth, body, "application/json");
    ASSERT_TRUE(res) << "hqd stopped answering at request " << i;
    ASSERT_LT(res->status, 500) << body << " → " << res->body;
    if (res->status == 201 || res->status == 200) {
      const auto id = json::parse(res->body)["id"].get<int>();
      if (res->status == 200) continue;  // a change of webhook 1: its kind, URL or secret checked the same way
      ++created;
      const auto list = c.get("/v1/console/webhooks");
      bool found = false;
      for (const auto& w : list["webhooks"])
        if (w["id"] == id) found = w["url"] == url && w["has_secret"] == !secret.empty();
      EXPECT_TRUE(found) << "stored as sent: " << url;
      EXPECT_TRUE(url.rfind("http", 0) == 0 && std::all_of(url.begin(), url.end(), [](char ch) {
        return static_cast<unsigned char>(ch) > 0x20 && static_cast<unsigned char>(ch) < 0x7f;
      })) << url;
    } else {
      ++refused;
      EXPECT_TRUE(res->status == 400 || res->status == 404 || res->status == 403) << res->status << res->body;
    }
  }
  EXPECT_GT(created, 10);
  EXPECT_GT(refused, 50);
  EXPECT_EQ(c.get("/v1/health")["status"], "ok");
  EXPECT_EQ(count(hq.db, "SELECT count(*) FROM audit_log WHERE action='webhook.add'"), created);
  EXPECT_EQ(count(hq.db, "SELECT count(*) FROM audit_log WHERE after LIKE '%SEC%'"), 0) << "no secret in the audit log";
}

// --- The fleet: what kiosks report of themselves, and the alerts HQ raises of them. ---

namespace {

// The kiosk's config file, read by the kiosk's one loader (core::load_config), with the screen it names.
core::HqConfig kiosk_config(const TempDir& dir, const core::HqConfig& c, const std::string& orientation) {
  const std::string toml = dir.file("kiosk-" + c.device_id + ".toml");
  write_config(toml, c);
  const std::string rest = slurp(toml);
  write(toml, "orientation = \"" + orientation + "\"\n" + rest);
  core::HqConfig loaded = core::load_config(toml).hq;
  loaded.connect_timeout_seconds = 2;
  return loaded;
}

json fleet_kiosk(Console& c, const std::string& device) {
  const json all = c.get("/v1/console/fleet");
  for (const auto& k : all["kiosks"])
    if (k["device"] == device) return k;
  return {};
}

}  // namespace

// A real kiosk store and sync client: a report refused by HQ (another kiosk's receipt number) is parked, two 差评 made
// two hours ago wait while HQ is down, and the kiosk's status (as kiosk-sync status sends it) carries the outbox, the
// last error, the free disk and the screen of its config to the console's 设备 list and `hqd kiosks`; an older kiosk's
// report without those fields is still taken. The parked records and the old backlog alert the bureau once each, and
// a second look (a restart of hqd runs the check again) raises nothing more.
TEST(HqFleet, AKiosksOutboxDiskScreenAndErrorReachTheConsoleAndAlertOnce) {
  World w;
  auto& [dir, hq, k, serve, rx, c, unused] = w;
  serve.start();
  rx.up();
  c.webhook("", "generic", rx.url("/bureau"));
  c.webhook("d08", "generic", rx.url("/dept"));
  sync_client::SyncClient client(kiosk_config(dir, k.config, "landscape"), k.db);
  ASSERT_TRUE(client.pull().ok());
  const std::int64_t now = std::time(nullptr);
  {
    core::Store store(k.db);
    core::Report rep = many_trips_report(now);
    rep.name = "王小明";
    rep.phone = "13912345678";
    store.submit_report(rep, 7);  // kiosk-a is number 1: HQ refuses a receipt of number 7
  }
  const auto p = client.push();
  EXPECT_EQ(p.parked, 1) << p.error;
  // A report alerts when it arrives; this one never did. Nothing has alerted so far but nothing is wrong either.
  EXPECT_EQ(fleet_kiosk(c, "kiosk-a")["parked"], 1) << "the push's own status report says so";
  serve.kill(SIGTERM);
  {
    core::Store store(k.db);
    store.submit_rating(complaint_with_phone(now - 7200));
    store.submit_rating(complaint_with_phone(now - 7100));
  }
  const auto down = client.push();
  EXPECT_FALSE(down.ok());
  serve.start();
  ASSERT_EQ(client.report_status(), "");
  const json kj = fleet_kiosk(c, "kiosk-a");
  EXPECT_EQ(kj["pending"], 2) << kj.dump();
  EXPECT_EQ(kj["parked"], 1);
  EXPECT_GE(kj["oldest_pending_minutes"].get<int>(), 119);
  EXPECT_LE(kj["oldest_pending_minutes"].get<int>(), 122);
  EXPECT_GT(kj["free_bytes"].get<std::int64_t>(), 0);
  EXPECT_EQ(kj["orientation"], "landscape");
  EXPECT_EQ(kj["kiosk_number"], 1);
  ASSERT_TRUE(kj["last_error"].is_string()) << kj.dump();
  EXPECT_EQ(kj["last_error"].get<std::string>().rfind("network:", 0), 0u) << kj["last_error"];
  EXPECT_TRUE(kj["parked_alert"].get<bool>());
  EXPECT_TRUE(kj["backlog_alert"].get<bool>());
  EXPECT_FALSE(kj["silent"].get<bool>());
  EXPECT_TRUE(kj["troubled"].get<bool>());
  const json fleet = c.get("/v1/console/fleet");
  EXPECT_EQ(fleet["silent_minutes"], 30);
  EXPECT_EQ(fleet["backlog_minutes"], 60);
  const auto [rc, text] = run(hqd() + " kiosks --db " + hq.db);
  EXPECT_EQ(rc, 0);
  for (const char* part : {"2 pending (oldest 1", "1 parked", "landscape", "last error: network:", "[PARKED RECORDS]",
                           "[BACKLOG over an hour]"})
    EXPECT_NE(text.find(part), std::string::npos) << part << " in " << text;

  // An older kiosk's report: none of the new fields, taken all the same and shown as not said.
  const std::string token_b = hq.enrol("kiosk-b");
  auto res = c.http.Post("/v1/status", {{"Authorization", "Bearer " + token_b}, {"X-Device-Id", "kiosk-b"}},
                         R"({"protocol":1,"storage":"ok","storage_since":0,"next_seq":1,"seq_confirmed":true,)"
                         R"("version":"0.1.0","events":[]})",
                         "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200) << res->body;
  const json kb = fleet_kiosk(c, "kiosk-b");
  EXPECT_TRUE(kb["pending"].is_null() && kb["parked"].is_null() && kb["orientation"].is_null()) << kb.dump();
  EXPECT_EQ(kb["version"], "0.1.0");
  EXPECT_FALSE(kb["troubled"].get<bool>());

  // The check at hqd's start raises the parked records and the backlog, to the bureau only.
  serve.kill(SIGTERM);
  serve.start();
  ASSERT_TRUE(wait_for(15, [&] { return rx.by_event("/bureau").size() >= 2; })) << serve.log();
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  EXPECT_EQ(rx.by_event("/bureau").size(), 2u);
  EXPECT_EQ(rx.by_event("/dept").size(), 0u) << "a kiosk is the bureau's, not a department's";
  std::set<std::string> kinds;
  for (const auto& a : rx.arrivals()) {
    const json b = json::parse(a.body);
    kinds.insert(b["kind"].get<std::string>());
    EXPECT_EQ(b["kiosk"], "kiosk-a");
    EXPECT_NE(b["text"].get<std::string>().find("kiosk-a（1号机）"), std::string::npos) << b["text"];
    for (const char* secret : {"13812345678", "13912345678", "王小明"})
      EXPECT_EQ(a.body.find(secret), std::string::npos) << secret << " in " << a.body;
  }
  EXPECT_EQ(kinds, (std::set<std::string>{"kiosk_parked", "kiosk_backlog"}));
  const auto list = c.get("/v1/console/alerts");
  ASSERT_EQ(list["alerts"].size(), 2u);
  EXPECT_EQ(list["unseen"], 2);
  EXPECT_EQ(list["alerts"][0]["subject_kind"], "kiosk");
  // Looking again (a restart runs the check at once; the kiosk reports the same): nothing new.
  ASSERT_EQ(client.report_status(), "");
  serve.kill(SIGTERM);
  serve.start();
  std::this_thread::sleep_for(std::chrono::seconds(2));
  EXPECT_EQ(rx.arrivals().size(), 2u);
  EXPECT_EQ(count(hq.db, "SELECT count(*) FROM alerts"), 2);
}

// A kiosk silent for 30 minutes alerts the bureau once (its 企业微信 robot and its generic webhook), whether it never
// reported (counted from its enrolment) or went quiet; looking again does not alert again, and a kiosk that comes
// back and falls silent once more alerts once more. hqd's clock moves by restarts with --now.
TEST(HqFleet, ASilentKioskAlertsOncePerSilence) {
  World w;
  auto& [dir, hq, k, serve, rx, c, unused] = w;
  const auto at = [](const char* hhmm) { return std::string("2026-11-27T") + hhmm + ":00+08:00"; };
  {
    const auto [rc, out] = run(hqd() + " enrol --db " + hq.db + " --device kiosk-b --now " + at("09:45"));
    ASSERT_EQ(rc, 0) << out;
  }
  serve.start(at("10:00"));
  rx.up();
  c.webhook("", "generic", rx.url("/bureau"));
  c.webhook("", "wecom", rx.url("/wecom?key=abc"));
  sync_client::SyncClient client(kiosk_config(dir, k.config, "portrait"), k.db);
  ASSERT_TRUE(client.pull().ok());
  ASSERT_EQ(client.report_status(), "");  // heard at 10:00
  const auto silent_alerts = [&] { return count(hq.db, "SELECT count(*) FROM alerts WHERE kind='kiosk_silent'"); };
  const auto restart = [&](const char* hhmm) {
    serve.kill(SIGTERM);
    serve.start(at(hhmm));
  };
  EXPECT_EQ(silent_alerts(), 0);
  // kiosk-b, enrolled at 09:45 and never heard from, is silent by 10:20; kiosk-a was heard 20 minutes ago.
  restart("10:20");
  ASSERT_TRUE(wait_for(15, [&] { return rx.arrivals().size() == 2; })) << serve.log();
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  EXPECT_EQ(rx.arrivals().size(), 2u);
  EXPECT_EQ(silent_alerts(), 1);
  EXPECT_FALSE(fleet_kiosk(c, "kiosk-a")["silent"].get<bool>());
  restart("10:31");
  ASSERT_TRUE(wait_for(15, [&] { return rx.arrivals().size() == 4; })) << serve.log();
  const json ka = fleet_kiosk(c, "kiosk-a");
  EXPECT_TRUE(ka["silent"].get<bool>());
  EXPECT_EQ(ka["silent_since_local"], "2026-11-27 10:00");
  EXPECT_EQ(ka["orientation"], "portrait");
  const auto list = c.get("/v1/console/alerts");
  ASSERT_EQ(list["alerts"].size(), 2u);
  EXPECT_EQ(list["alerts"][0]["kind"], "kiosk_silent");
  EXPECT_EQ(list["alerts"][0]["kiosk"], "kiosk-a");
  EXPECT_EQ(list["alerts"][0]["since_local"], "2026-11-27 10:00");
  EXPECT_EQ(list["alerts"][1]["kiosk"], "kiosk-b");
  EXPECT_EQ(list["alerts"][1]["never"], true);
  for (const auto& a : rx.arrivals())
    if (a.path.rfind("/wecom", 0) == 0) {
      const std::string md = json::parse(a.body)["markdown"]["content"];
      EXPECT_EQ(md.rfind("### 终端失联提醒", 0), 0u) << md;
    }
  restart("10:40");  // looking again
  std::this_thread::sleep_for(std::chrono::seconds(2));
  EXPECT_EQ(rx.arrivals().size(), 4u);
  ASSERT_EQ(client.report_status(), "");  // kiosk-a is back at 10:40
  EXPECT_FALSE(fleet_kiosk(c, "kiosk-a")["silent"].get<bool>());
  restart("11:30");  // and silent again: a new silence, a new alert; kiosk-b's silence goes on (no new alert)
  ASSERT_TRUE(wait_for(15, [&] { return rx.arrivals().size() == 6; })) << serve.log();
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  EXPECT_EQ(rx.arrivals().size(), 6u);
  EXPECT_EQ(silent_alerts(), 3);
  EXPECT_EQ(count(hq.db, "SELECT count(*) FROM alerts WHERE subject='kiosk-a'"), 2);
  EXPECT_EQ(rx.by_event().size(), 6u) << "each call once";
}
