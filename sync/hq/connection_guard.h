#pragma once
// hqd's HTTP server: cpp-httplib's request handling behind connection rules a hostile client cannot get around.
// A connection is held by no worker thread while it is idle or still sending its request line and headers (one
// poller thread watches them all); workers get only requests whose headers are complete, so half-open and idle
// keep-alive connections never starve the workers and /v1/health is answered while hqd runs.
#include <httplib.h>

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "sync/common/clock.h"

namespace hq {

// cpp-httplib's Server with deadlines for headers and bodies, idle connections parked off the workers, and a
// bounded number of connections per client address.
class GuardedServer : public httplib::Server {
 public:
  struct Rules {
    double header_seconds = 10;  // a request's line and headers must be complete this long after its first byte
    double body_seconds = 60;    // its body this long after the headers (and no gap of more than 10 s)
    double idle_seconds = 5;     // an idle keep-alive connection is closed after this
    int per_address = 16;        // open connections per client address; more are closed at once
    std::vector<std::string> unlimited;  // addresses without that bound (trusted proxies such as nginx)
    std::size_t workers = 64;
    std::size_t max_connections = 4096;  // in all; more are closed at once
  };
  // `clock` (elapsed()) must outlive the server.
  GuardedServer(const common::Clock& clock, Rules rules);
  ~GuardedServer() override;
  // httplib's bind_to_port(), then a listen backlog of `backlog`: Debian's libcpp-httplib is built with a backlog of
  // 5, and hundreds of kiosks connecting at once (after an HQ restart) overflowed it, so the kernel dropped their
  // handshakes for tens of seconds. False if the port cannot be bound.
  bool bind_and_listen(const std::string& host, int port, int backlog = 1024);
  // After listen_after_bind() returns: closes parked connections and waits for the workers.
  void finish();

  struct Conn;

 private:
  bool process_and_close_socket(socket_t sock) override;
  void serve(Conn* c);  // on a worker: the requests whose headers are in, then back to the poller
  void park(Conn* c);
  void close_conn(Conn* c);
  void poll_loop();
  bool header_complete(const Conn& c) const;

  const common::Clock& clock_;
  Rules rules_;
  std::unique_ptr<httplib::ThreadPool> pool_;
  int epoll_ = -1, wake_ = -1;
  int listen_fd_ = -1;  // the socket httplib binds, seen through its socket options hook
  std::thread poller_;
  std::mutex mutex_;
  std::map<int, Conn*> parked_;  // by socket
  std::map<std::string, int> per_address_;
  std::size_t open_ = 0;
  bool stopping_ = false;
};

}  // namespace hq
