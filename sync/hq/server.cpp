#include "sync/hq/server.h"

#include "sync/hq/purge.h"

#include "sync/hq/admin_http.h"

#include <httplib.h>
#include <pthread.h>
#include <signal.h>

#include <cstdio>
#include <condition_variable>
#include <mutex>
#include <thread>

namespace hq {
namespace {

using nlohmann::json;

void reply_error(httplib::Response& res, int status, const std::string& message) {
  res.status = status;
  res.set_content(json{{"error", message}}.dump(), "application/json");
}

// Checks the Bearer token against the device id header; answers 401/403 itself when they fail.
bool authorised(HqStore& store, const httplib::Request& req, httplib::Response& res, std::string& device_id) {
  device_id = req.get_header_value("X-Device-Id");
  const std::string auth = req.get_header_value("Authorization");
  const std::string prefix = "Bearer ";
  const std::string token = auth.rfind(prefix, 0) == 0 ? auth.substr(prefix.size()) : std::string();
  switch (store.authenticate(device_id, token)) {
    case AuthResult::ok: return true;
    case AuthResult::revoked:
      reply_error(res, 403, "device " + device_id + " is revoked");
      return false;
    case AuthResult::unknown: break;
  }
  res.set_header("WWW-Authenticate", "Bearer");
  reply_error(res, 401, device_id.empty() || token.empty() ? "missing X-Device-Id or bearer token"
                                                           : "unknown device or wrong token");
  return false;
}

// Runs a handler, turning a storage failure into 503 with Retry-After (the kiosk retries later).
template <typename F>
void guarded(httplib::Response& res, F&& f) {
  try {
    f();
  } catch (const protocol::DecodeError& e) {
    reply_error(res, 400, e.what());
  } catch (const std::exception& e) {
    std::fprintf(stderr, "hqd: %s\n", e.what());
    res.set_header("Retry-After", "5");
    reply_error(res, 503, "storage unavailable, retry later");
  }
}

}  // namespace

int serve(HqStore& store, const ServeOptions& options) {
  // Signals go to one waiting thread, which stops the server cleanly.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  httplib::Server server;
  server.set_payload_max_length(protocol::kMaxRequestBytes);  // larger bodies get 413
  server.set_tcp_nodelay(true);  // headers and body leave at once, not after a delayed ACK
  server.set_keep_alive_max_count(1000);  // a kiosk pushing many batches keeps its connection

  server.Get("/v1/health", [&](const httplib::Request&, httplib::Response& res) {
    guarded(res, [&] {
      res.set_content(json{{"status", "ok"}, {"protocol", protocol::kProtocolVersion}}.dump(), "application/json");
    });
  });
  server.Post("/v1/records", [&](const httplib::Request& req, httplib::Response& res) {
    std::string device;
    if (!authorised(store, req, res, device)) return;
    guarded(res, [&] {
      std::vector<protocol::RecordEnvelope> batch;
      try {
        batch = protocol::decode_batch(req.body);
      } catch (const protocol::TooLarge& e) {
        return reply_error(res, 413, e.what());  // split it and send again
      } catch (const protocol::DecodeError& e) {
        return reply_error(res, 400, e.what());
      }
      res.set_content(protocol::encode_results(store.ingest(device, batch)), "application/json");
    });
  });
  server.Get("/v1/reference", [&](const httplib::Request& req, httplib::Response& res) {
    std::string device;
    if (!authorised(store, req, res, device)) return;
    guarded(res, [&] { res.set_content(store.reference_feed(req.get_param_value("cursor"), device), "application/json"); });
  });
  server.Post("/v1/reconcile", [&](const httplib::Request& req, httplib::Response& res) {
    std::string device;
    if (!authorised(store, req, res, device)) return;
    guarded(res, [&] {
      const auto days = protocol::decode_reconcile_request(req.body);
      res.set_content(protocol::encode_reconcile_answer(store.reconcile(device, days)), "application/json");
    });
  });

  add_admin_routes(server, store);

  if (!server.bind_to_port(options.bind.c_str(), options.port)) {
    std::fprintf(stderr, "hqd: cannot listen on %s:%d\n", options.bind.c_str(), options.port);
    return 1;
  }
  std::thread waiter([&] {
    int sig = 0;
    sigwait(&signals, &sig);
    server.stop();
  });
  // Once at start and then daily: personal fields of matters closed a year ago go (PIPL; the kiosk's notice).
  std::mutex housekeeping_mutex;
  std::condition_variable housekeeping_wake;
  bool stopping = false;
  std::thread housekeeping([&] {
    std::unique_lock<std::mutex> lock(housekeeping_mutex);
    do {
      try {
        if (const std::size_t n = purge_personal(store)) std::printf("hqd: personal fields deleted from %zu records\n", n);
      } catch (const std::exception& e) {
        std::fprintf(stderr, "hqd: deleting old personal fields failed: %s\n", e.what());
      }
      std::fflush(stdout);
    } while (!housekeeping_wake.wait_for(lock, std::chrono::hours(24), [&] { return stopping; }));
  });
  std::printf("hqd listening on %s:%d\n", options.bind.c_str(), options.port);
  std::fflush(stdout);
  const bool ok = server.listen_after_bind();
  {
    std::lock_guard<std::mutex> lock(housekeeping_mutex);
    stopping = true;
  }
  housekeeping_wake.notify_all();
  housekeeping.join();
  // listen_after_bind returns after stop(); make sure the waiter wakes if listening failed instead.
  if (waiter.joinable()) {
    pthread_kill(waiter.native_handle(), SIGTERM);
    waiter.join();
  }
  return ok ? 0 : 1;
}

}  // namespace hq
