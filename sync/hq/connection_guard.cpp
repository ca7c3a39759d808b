#include "sync/hq/connection_guard.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>

namespace hq {

namespace {

constexpr std::size_t kMaxHeaderBytes = 64 * 1024;
constexpr double kReadGapSeconds = 10;
constexpr double kWriteSeconds = 30;

std::string address_of(const sockaddr_storage& a, int& port) {
  char ip[INET6_ADDRSTRLEN] = "";
  if (a.ss_family == AF_INET) {
    const auto* v4 = reinterpret_cast<const sockaddr_in*>(&a);
    inet_ntop(AF_INET, &v4->sin_addr, ip, sizeof ip);
    port = ntohs(v4->sin_port);
  } else if (a.ss_family == AF_INET6) {
    const auto* v6 = reinterpret_cast<const sockaddr_in6*>(&a);
    inet_ntop(AF_INET6, &v6->sin6_addr, ip, sizeof ip);
    port = ntohs(v6->sin6_port);
  }
  return ip;
}

// Forwards httplib's tasks (new connections) to the guard's pool, which outlives httplib's listening loop.
class Forwarder : public httplib::TaskQueue {
 public:
  explicit Forwarder(httplib::ThreadPool& pool) : pool_(pool) {}
  void enqueue(std::function<void()> fn) override { pool_.enqueue(std::move(fn)); }
  void shutdown() override {}

 private:
  httplib::ThreadPool& pool_;
};

}  // namespace

struct GuardedServer::Conn {
  int fd = -1;
  std::string ip, local_ip;
  int port = 0, local_port = 0;
  std::string buf;              // bytes received and not yet handed to httplib
  double since = 0;             // parked: when it became idle or its first header byte came
  bool started = false;         // some bytes of the next request have come
  std::size_t requests = 0;
};

// A connection as httplib reads and writes it: the bytes the poller already has, then the socket, each wait
// bounded by the request's deadline.
class ConnStream : public httplib::Stream {
 public:
  ConnStream(GuardedServer::Conn& c, const common::Clock& clock, double header_deadline, double body_seconds)
      : c_(c), clock_(clock), deadline_(header_deadline), body_seconds_(body_seconds) {}
  bool is_readable() const override { return !c_.buf.empty() || wait(POLLIN, kReadGapSeconds); }
  bool is_writable() const override { return wait(POLLOUT, kWriteSeconds); }
  ssize_t read(char* ptr, std::size_t size) override {
    if (c_.buf.empty()) {
      if (!wait(POLLIN, kReadGapSeconds)) return -1;
      char chunk[16384];
      const ssize_t n = ::recv(c_.fd, chunk, sizeof chunk, MSG_DONTWAIT);
      if (n <= 0) return n == 0 ? 0 : -1;
      c_.buf.append(chunk, static_cast<std::size_t>(n));
    }
    const std::size_t n = std::min(size, c_.buf.size());
    std::memcpy(ptr, c_.buf.data(), n);
    // The end of the headers (the first empty line) starts the body's deadline.
    for (std::size_t i = 0; i < n && !in_body_; ++i) {
      tail_ = (tail_ << 8) | static_cast<unsigned char>(c_.buf[i]);
      if ((tail_ & 0xFFFFFFFF) == 0x0D0A0D0A) {
        in_body_ = true;
        deadline_ = clock_.elapsed() + body_seconds_;
      }
    }
    c_.buf.erase(0, n);
    return static_cast<ssize_t>(n);
  }
  ssize_t write(const char* ptr, std::size_t size) override {
    std::size_t sent = 0;
    const double until = clock_.elapsed() + kWriteSeconds;
    while (sent < size) {
      const ssize_t n = ::send(c_.fd, ptr + sent, size - sent, MSG_NOSIGNAL | MSG_DONTWAIT);
      if (n > 0) {
        sent += static_cast<std::size_t>(n);
        continue;
      }
      if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) return -1;
      const double left = until - clock_.elapsed();
      pollfd p{c_.fd, POLLOUT, 0};
      if (left <= 0 || ::poll(&p, 1, static_cast<int>(left * 1000) + 1) <= 0) return -1;
    }
    return static_cast<ssize_t>(sent);
  }
  void get_remote_ip_and_port(std::string& ip, int& port) const override {
    ip = c_.ip;
    port = c_.port;
  }
  void get_local_ip_and_port(std::string& ip, int& port) const override {
    ip = c_.local_ip;
    port = c_.local_port;
  }
  socket_t socket() const override { return c_.fd; }

 private:
  // Waits for the socket, at most `gap` seconds and never past the request's deadline.
  bool wait(short events, double gap) const {
    const double left = std::min(gap, events == POLLIN ? deadline_ - clock_.elapsed() : gap);
    if (left <= 0) return false;
    pollfd p{c_.fd, events, 0};
    return ::poll(&p, 1, static_cast<int>(left * 1000) + 1) > 0 && (p.revents & (events | POLLHUP | POLLERR));
  }
  GuardedServer::Conn& c_;
  const common::Clock& clock_;
  double deadline_;
  double body_seconds_;
  bool in_body_ = false;
  std::uint64_t tail_ = 0;
};

GuardedServer::GuardedServer(const common::Clock& clock, Rules rules)
    : clock_(clock), rules_(std::move(rules)), pool_(std::make_unique<httplib::ThreadPool>(rules_.workers)) {
  new_task_queue = [this] { return new Forwarder(*pool_); };
  set_socket_options([this](socket_t sock) {
    httplib::default_socket_options(sock);
    listen_fd_ = sock;
  });
  epoll_ = ::epoll_create1(EPOLL_CLOEXEC);
  wake_ = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.fd = wake_;
  ::epoll_ctl(epoll_, EPOLL_CTL_ADD, wake_, &ev);
  poller_ = std::thread([this] { poll_loop(); });
}

GuardedServer::~GuardedServer() {
  finish();
  if (epoll_ >= 0) ::close(epoll_);
  if (wake_ >= 0) ::close(wake_);
}

bool GuardedServer::bind_and_listen(const std::string& host, int port, int backlog) {
  if (!bind_to_port(host.c_str(), port)) return false;
  // listen() on a listening socket sets its backlog anew (Linux's inet_listen).
  return listen_fd_ >= 0 && ::listen(listen_fd_, backlog) == 0;
}

void GuardedServer::finish() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (stopping_) return;
    stopping_ = true;
  }
  const std::uint64_t one = 1;
  if (::write(wake_, &one, sizeof one) < 0) {
    // The poller also wakes every 250 ms.
  }
  if (poller_.joinable()) poller_.join();
  std::vector<Conn*> left;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    for (auto& [fd, c] : parked_) left.push_back(c);
    parked_.clear();
  }
  for (Conn* c : left) close_conn(c);
  pool_->shutdown();  // the requests under way finish; their connections close (stopping_)
}

bool GuardedServer::process_and_close_socket(socket_t sock) {
  auto c = std::make_unique<Conn>();
  c->fd = sock;
  sockaddr_storage a{};
  socklen_t len = sizeof a;
  if (::getpeername(sock, reinterpret_cast<sockaddr*>(&a), &len) == 0) c->ip = address_of(a, c->port);
  len = sizeof a;
  if (::getsockname(sock, reinterpret_cast<sockaddr*>(&a), &len) == 0) c->local_ip = address_of(a, c->local_port);
  {
    std::lock_guard<std::mutex> lock(mutex_);
    const bool unlimited = std::find(rules_.unlimited.begin(), rules_.unlimited.end(), c->ip) != rules_.unlimited.end();
    if (stopping_ || open_ >= rules_.max_connections || (!unlimited && per_address_[c->ip] >= rules_.per_address)) {
      ::shutdown(sock, SHUT_RDWR);
      ::close(sock);
      return false;
    }
    ++per_address_[c->ip];
    ++open_;
  }
  park(c.release());  // the poller hands it to a worker once its headers are in
  return true;
}

bool GuardedServer::header_complete(const Conn& c) const {
  // Blank lines before a request line are allowed (RFC 9112 2.2); headers end at the first empty line after it.
  const auto start = c.buf.find_first_not_of("\r\n");
  return start != std::string::npos && c.buf.find("\r\n\r\n", start) != std::string::npos;
}

void GuardedServer::serve(Conn* c) {
  while (true) {
    ConnStream stream(*c, clock_, clock_.elapsed() + rules_.header_seconds, rules_.body_seconds);
    ++c->requests;
    bool closed = false;
    const bool last = c->requests >= keep_alive_max_count_;
    const bool ok = process_request(stream, last, closed, nullptr);
    if (!ok || closed || last) return close_conn(c);
    if (!header_complete(*c)) break;  // a pipelined request with its headers in: go on here
  }
  park(c);
}

void GuardedServer::park(Conn* c) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!stopping_) {
      c->since = clock_.elapsed();
      c->started = !c->buf.empty();
      parked_[c->fd] = c;
      epoll_event ev{};
      ev.events = EPOLLIN | EPOLLRDHUP;
      ev.data.fd = c->fd;
      ::epoll_ctl(epoll_, EPOLL_CTL_ADD, c->fd, &ev);
      return;
    }
  }
  close_conn(c);
}

void GuardedServer::close_conn(Conn* c) {
  ::shutdown(c->fd, SHUT_RDWR);
  ::close(c->fd);
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (--per_address_[c->ip] <= 0) per_address_.erase(c->ip);
    --open_;
  }
  delete c;
}

void GuardedServer::poll_loop() {
  std::vector<epoll_event> events(256);
  while (true) {
    const int n = ::epoll_wait(epoll_, events.data(), static_cast<int>(events.size()), 250);
    std::vector<Conn*> ready, expired;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (stopping_) return;
      const double now = clock_.elapsed();
      for (int i = 0; i < n; ++i) {
        const int fd = events[i].data.fd;
        auto it = parked_.find(fd);
        if (it == parked_.end()) continue;
        Conn* c = it->second;
        char chunk[16384];
        const ssize_t got = ::recv(fd, chunk, sizeof chunk, MSG_DONTWAIT);
        if (got <= 0 && !(got < 0 && (errno == EAGAIN || errno == EINTR))) {
          expired.push_back(c);  // closed by the peer
        } else if (got > 0) {
          if (!c->started) c->since = now;  // the request's header deadline runs from its first byte
          c->started = true;
          c->buf.append(chunk, static_cast<std::size_t>(got));
          if (header_complete(*c)) ready.push_back(c);
          else if (c->buf.size() > kMaxHeaderBytes) expired.push_back(c);
          else continue;
        } else {
          continue;
        }
        ::epoll_ctl(epoll_, EPOLL_CTL_DEL, fd, nullptr);
        parked_.erase(it);
      }
      // Idle too long, or headers too slow (a header line every few seconds never completes in time).
      for (auto it = parked_.begin(); it != parked_.end();) {
        Conn* c = it->second;
        const double limit = c->started ? rules_.header_seconds : rules_.idle_seconds;
        if (now - c->since < limit) {
          ++it;
          continue;
        }
        ::epoll_ctl(epoll_, EPOLL_CTL_DEL, c->fd, nullptr);
        expired.push_back(c);
        it = parked_.erase(it);
      }
    }
    for (Conn* c : expired) {
      if (c->started) {
        static const char kTimeout[] = "HTTP/1.1 408 Request Timeout\r\nConnection: close\r\nContent-Length: 0\r\n\r\n";
        (void)!::send(c->fd, kTimeout, sizeof kTimeout - 1, MSG_NOSIGNAL | MSG_DONTWAIT);
      }
      close_conn(c);
    }
    for (Conn* c : ready) pool_->enqueue([this, c] { serve(c); });
  }
}

}  // namespace hq
