#pragma once
// The hostile tests' HTTP side: a misbehaving HQ of a test's own on 127.0.0.1 for the kiosk's client (cpp-httplib
// routes the test sets up), and whether a real hqd still answers its health check.
#include <httplib.h>

#include <chrono>
#include <functional>
#include <thread>

#include "sync_fixture.h"

namespace sync_test {

// True when hqd on `port` answers /v1/health with 200 within 3 s.
inline bool health_answers(int port) {
  httplib::Client c("127.0.0.1", port);
  c.set_connection_timeout(3);
  c.set_read_timeout(3);
  const auto res = c.Get("/v1/health");
  return res && res->status == 200;
}

class FakeHq {
 public:
  explicit FakeHq(const std::function<void(httplib::Server&)>& routes) {
    routes(server_);
    port = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    for (int i = 0; i < 500 && !port_open(port); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ~FakeHq() {
    server_.stop();
    thread_.join();
  }
  FakeHq(const FakeHq&) = delete;
  FakeHq& operator=(const FakeHq&) = delete;
  int port = 0;

 private:
  httplib::Server server_;
  std::thread thread_;
};

}  // namespace sync_test
