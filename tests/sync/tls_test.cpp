// Certificates are verified: a kiosk refuses an HTTPS server it cannot verify, and trusts one whose CA
// its config pins (`[hq] ca_file`). The HTTPS server is the test's own (cpp-httplib over OpenSSL) on
// 127.0.0.1, passing requests to a real hqd — as the bureau's reverse proxy would.
#include <gtest/gtest.h>
#include <httplib.h>

#include "sync_fixture.h"

using namespace sync_test;

namespace {

// A self-signed certificate for 127.0.0.1, made with the openssl command.
void make_certificate(const TempDir& dir, const std::string& name) {
  const auto [rc, out] = run("openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1 "
                             "-addext subjectAltName=IP:127.0.0.1 -keyout " + dir.file(name + ".key") +
                             " -out " + dir.file(name + ".pem") + " 2>&1");
  ASSERT_EQ(rc, 0) << out;
}

// An HTTPS front for hqd that stops by itself when destroyed.
class TlsFront {
 public:
  TlsFront(const TempDir& dir, int hq_port)
      : server_(dir.file("front.pem").c_str(), dir.file("front.key").c_str()), hq_port_(hq_port) {
    auto pass = [this](const httplib::Request& req, httplib::Response& res) {
      httplib::Client hq("127.0.0.1", hq_port_);
      httplib::Headers h = {{"Authorization", req.get_header_value("Authorization")},
                            {"X-Device-Id", req.get_header_value("X-Device-Id")}};
      std::string path = req.path;
      if (!req.params.empty()) path += "?cursor=" + req.get_param_value("cursor");
      auto r = req.method == "POST" ? hq.Post(path.c_str(), h, req.body, "application/json") : hq.Get(path.c_str(), h);
      if (!r) {
        res.status = 502;
        return;
      }
      res.status = r->status;
      res.set_content(r->body, "application/json");
    };
    server_.Post("/v1/records", pass);
    server_.Get("/v1/reference", pass);
    port = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });  // the socket already listens
  }
  ~TlsFront() {
    server_.stop();
    thread_.join();
  }
  int port = 0;

 private:
  httplib::SSLServer server_;
  int hq_port_;
  std::thread thread_;
};

}  // namespace

TEST(SyncTls, CertificatesAreVerifiedAndACaFilePinsTheServer) {
  TempDir dir;
  make_certificate(dir, "front");
  make_certificate(dir, "stranger");
  Hq hq(dir);
  hq.start();
  const std::string token = hq.enrol("kiosk-a");
  const std::string db = dir.file("kiosk.db");
  make_kiosk_db(db);
  queue_checkins(db, 10, 1795830000);
  TlsFront front(dir, hq.port);
  ASSERT_GT(front.port, 0);
  auto config = client_config(hq, "kiosk-a", token, db);
  config.url = "https://127.0.0.1:" + std::to_string(front.port);

  // The system's CAs do not know this certificate: refused, nothing sent.
  {
    sync_client::SyncClient client(config, db);
    const auto r = client.push();
    EXPECT_EQ(r.requests, 1);
    EXPECT_EQ(r.sent, 0);
    EXPECT_NE(r.error.find("network"), std::string::npos) << r.error;
    std::printf("without the CA: %s\n", r.error.c_str());
    EXPECT_FALSE(client.pull().ok());
  }
  // Pinned to another CA: still refused. Each later try runs on a clock a day on, past the backoff.
  const common::OffsetClock next_day(common::SystemClock().now() + 86400);
  const common::OffsetClock day_after(common::SystemClock().now() + 2 * 86400);
  config.ca_file = dir.file("stranger.pem");
  {
    sync_client::SyncClient client(config, db, next_day);
    const auto r = client.push();
    EXPECT_EQ(r.requests, 1);
    EXPECT_EQ(r.sent, 0);
    EXPECT_NE(r.error.find("network"), std::string::npos) << r.error;
  }
  EXPECT_EQ(hq.count(), 0);
  // Pinned to the server's own certificate: delivered.
  config.ca_file = dir.file("front.pem");
  sync_client::SyncClient client(config, db, day_after);
  const auto r = client.push();
  EXPECT_EQ(r.sent, 10) << r.error;
  EXPECT_TRUE(client.pull().ok());
  EXPECT_EQ(hq.count(), 10);
}
