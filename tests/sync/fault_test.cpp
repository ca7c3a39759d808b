// The sync client against a misbehaving server of our own on 127.0.0.1, which sits in front of a real
// hqd: slow answers, connection resets, truncated and malformed JSON, 500, 429 with Retry-After, 413,
// and acks lost after HQ stored the batch. Nothing may crash, be lost or be doubled; backoff must show.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <poll.h>

#include <atomic>
#include <mutex>

#include "sync_fixture.h"

using namespace sync_test;

namespace {

enum class Fault { slow, reset, truncated, malformed, error500, busy429, too_large, lost_ack, pass };

// A one-connection-at-a-time HTTP/1.1 server: each request gets the next fault of the script, then
// everything passes through to hqd. Stops by itself after a bounded number of connections or on stop().
class FaultyProxy {
 public:
  FaultyProxy(int hq_port, std::vector<Fault> script) : hq_port_(hq_port), script_(std::move(script)) {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    setsockopt(fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a);
    socklen_t len = sizeof a;
    getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &len);
    port = ntohs(a.sin_port);
    listen(fd_, 16);
    thread_ = std::thread([this] { loop(); });
  }
  ~FaultyProxy() {
    stop_ = true;
    thread_.join();
    close(fd_);
  }
  // When each request arrived (seconds since start) and the fault it got.
  std::vector<std::pair<double, Fault>> log() {
    std::lock_guard<std::mutex> lock(mutex_);
    return log_;
  }
  int port = 0;

 private:
  void loop() {
    for (int connections = 0; connections < 2000 && !stop_;) {
      pollfd p{fd_, POLLIN, 0};
      if (poll(&p, 1, 50) <= 0) continue;
      const int c = accept(fd_, nullptr, nullptr);
      if (c < 0) continue;
      ++connections;
      serve(c);
    }
  }
  static bool read_request(int c, std::string& head, std::string& body) {
    std::string buf;
    char tmp[65536];
    std::size_t end = std::string::npos;
    while ((end = buf.find("\r\n\r\n")) == std::string::npos) {
      const ssize_t n = recv(c, tmp, sizeof tmp, 0);
      if (n <= 0) return false;
      buf.append(tmp, static_cast<std::size_t>(n));
    }
    head = buf.substr(0, end);
    body = buf.substr(end + 4);
    std::size_t length = 0;
    std::string lower = head;
    for (char& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    if (auto at = lower.find("content-length:"); at != std::string::npos)
      length = std::stoul(lower.substr(at + 15));
    while (body.size() < length) {
      const ssize_t n = recv(c, tmp, sizeof tmp, 0);
      if (n <= 0) return false;
      body.append(tmp, static_cast<std::size_t>(n));
    }
    return true;
  }
  static std::string header(const std::string& head, const std::string& name) {
    auto at = head.find(name + ": ");
    if (at == std::string::npos) return {};
    auto end = head.find("\r\n", at);
    return head.substr(at + name.size() + 2, end - at - name.size() - 2);
  }
  static void send_all(int c, const std::string& s) { send(c, s.data(), s.size(), MSG_NOSIGNAL); }
  static std::string response(int status, const std::string& reason, const std::string& body,
                              const std::string& extra = {}) {
    return "HTTP/1.1 " + std::to_string(status) + " " + reason + "\r\nContent-Type: application/json\r\n" + extra +
           "Content-Length: " + std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
  }
  static void reset(int c) {
    linger l{1, 0};  // close with RST
    setsockopt(c, SOL_SOCKET, SO_LINGER, &l, sizeof l);
    close(c);
  }
  // Forwards to hqd; the status and body it answered.
  std::pair<int, std::string> forward(const std::string& head, const std::string& body) {
    httplib::Client hq("127.0.0.1", hq_port_);
    httplib::Headers h = {{"Authorization", header(head, "Authorization")},
                          {"X-Device-Id", header(head, "X-Device-Id")}};
    const std::string path = head.substr(head.find(' ') + 1, head.find(' ', head.find(' ') + 1) - head.find(' ') - 1);
    auto res = head.rfind("POST", 0) == 0 ? hq.Post(path.c_str(), h, body, "application/json")
                                          : hq.Get(path.c_str(), h);
    if (!res) return {502, R"({"error":"hq unreachable"})"};
    return {res->status, res->body};
  }
  void serve(int c) {
    std::string head, body;
    if (!read_request(c, head, body)) return reset(c);
    Fault f = Fault::pass;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (next_ < script_.size()) f = script_[next_++];
      log_.emplace_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0_).count(), f);
    }
    switch (f) {
      case Fault::slow:
        std::this_thread::sleep_for(std::chrono::milliseconds(1500));  // past the client's 1 s timeout
        return reset(c);
      case Fault::reset: return reset(c);
      case Fault::truncated:
        send_all(c, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 400\r\n\r\n"
                    "{\"protocol\":1,\"results\":[{\"uuid\":\"");
        return reset(c);
      case Fault::malformed: send_all(c, response(200, "OK", "<html>bad gateway</html>")); break;
      case Fault::error500: send_all(c, response(500, "Internal Server Error", R"({"error":"oops"})")); break;
      case Fault::busy429:
        send_all(c, response(429, "Too Many Requests", R"({"error":"slow down"})", "Retry-After: 2\r\n"));
        break;
      case Fault::too_large: send_all(c, response(413, "Payload Too Large", R"({"error":"too large"})")); break;
      case Fault::lost_ack:
        forward(head, body);  // HQ stores the batch, the kiosk never hears it
        return reset(c);
      case Fault::pass: {
        const auto [status, answer] = forward(head, body);
        send_all(c, response(status, "X", answer));
        break;
      }
    }
    close(c);
  }

  int fd_ = -1;
  int hq_port_;
  std::vector<Fault> script_;
  std::size_t next_ = 0;
  std::atomic<bool> stop_{false};
  std::thread thread_;
  std::mutex mutex_;
  std::vector<std::pair<double, Fault>> log_;
  std::chrono::steady_clock::time_point t0_ = std::chrono::steady_clock::now();
};

// A running hqd with kiosk-a enrolled and the kiosk's database made.
struct EnrolledKiosk {
  TempDir dir;
  Hq hq{dir};
  std::string token, db = dir.file("kiosk.db");
  EnrolledKiosk() {
    hq.start();
    token = hq.enrol("kiosk-a");
    make_kiosk_db(db);
  }
  // The kiosk's sync settings, talking to HQ through `proxy` with a short timeout.
  core::HqConfig through(const FaultyProxy& proxy) {
    auto config = client_config(hq, "kiosk-a", token, db);
    config.url = "http://127.0.0.1:" + std::to_string(proxy.port);
    config.timeout_seconds = 1;
    return config;
  }
};

}  // namespace

TEST(SyncFaults, MisbehavingServerNoCrashNoLossNoDuplicateBackoffObserved) {
  EnrolledKiosk k;
  Hq& hq = k.hq;
  const std::string& db = k.db;
  const int n = 40;
  const auto uuids = queue_checkins(db, n, 1795830000);
  FaultyProxy proxy(hq.port, {Fault::slow, Fault::reset, Fault::truncated, Fault::malformed, Fault::error500,
                              Fault::busy429, Fault::lost_ack, Fault::too_large, Fault::lost_ack});
  auto config = k.through(proxy);
  config.batch_size = 20;
  sync_client::SyncClient client(config, db);
  const auto end = std::chrono::steady_clock::now() + std::chrono::seconds(40);
  int rounds = 0;
  while (client.counts().pending > 0 && std::chrono::steady_clock::now() < end) {
    client.push();
    ++rounds;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_EQ(client.counts().pending, 0);
  EXPECT_EQ(client.counts().sent, n);
  EXPECT_EQ(client.counts().parked, 0);
  EXPECT_EQ(hq.count(), n);

  // Backoff: after every failure the next request waited at least the jittered minimum (0.5 s with a
  // 1 s base), and at least Retry-After (2 s) after the 429.
  const auto log = proxy.log();
  ASSERT_GE(log.size(), 10u);
  for (std::size_t i = 0; i + 1 < log.size(); ++i) {
    const double gap = log[i + 1].first - log[i].first;
    switch (log[i].second) {
      case Fault::busy429: EXPECT_GE(gap, 2.0) << "request " << i; break;
      case Fault::too_large: EXPECT_LT(gap, 0.5) << "a 413 splits the batch at once"; break;
      case Fault::pass: break;
      default: EXPECT_GE(gap, 0.5) << "request " << i; break;
    }
  }
  std::printf("%zu requests in %d push rounds\n", log.size(), rounds);
}

TEST(SyncFaults, MalformedReferenceLeavesKioskDataAndCursorAlone) {
  EnrolledKiosk k;
  Hq& hq = k.hq;
  const std::string& db = k.db;
  FaultyProxy proxy(hq.port, {Fault::malformed, Fault::truncated, Fault::error500});
  auto config = k.through(proxy);
  sync_client::SyncClient client(config, db);
  for (int i = 0; i < 3; ++i) {
    const auto r = client.pull();
    EXPECT_FALSE(r.ok());
    EXPECT_EQ(client.reference_cursor(), "");
  }
  const auto r = client.pull();
  EXPECT_TRUE(r.ok()) << r.error;
  EXPECT_NE(client.reference_cursor(), "");
  core::Store store(db);
  EXPECT_EQ(store.officials().size(), 20u);
}
