#include "sync/hq/server.h"

#include "sync/hq/purge.h"
#include "sync/hq/alert_raising.h"
#include "sync/hq/alerts_http.h"
#include "sync/hq/outgoing_calls.h"

#include "sync/hq/admin_http.h"
#include "sync/hq/console_api.h"
#include "sync/hq/console_casework_http.h"
#include "sync/hq/audit.h"
#include "sync/hq/auth_limiter.h"
#include "sync/hq/connection_guard.h"
#include "sync/hq/reference_routes.h"
#include "sync/hq/console_assets.h"
#include "sync/hq/forward_http.h"
#include "sync/hq/forward_outbox.h"
#include "sync/hq/console_http.h"
#include "sync/hq/dashboard.h"
#include "sync/hq/walks.h"
#include "sync/hq/public_receipt.h"
#include "sync/hq/published_results.h"
#include "sync/hq/fleet_list.h"
#include "sync/common/installed_assets.h"
#include "sync/hq/service_watchdog.h"
#include "sync/common/service_manager.h"

#include <httplib.h>
#include <malloc.h>
#include <pthread.h>
#include <signal.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <condition_variable>
#include <mutex>
#include <thread>

namespace hq {
namespace {

using nlohmann::json;

void reply_error(httplib::Response& res, int status, const std::string& message) {
  answer_json(res, status, {{"error", message}});
}

// Checks the Bearer token against the device id header; answers 401/403 itself when they fail, and 429 with
// Retry-After once the address or the device id has failed too often (a right token always passes: auth_limiter.h).
bool authorised(HqStore& store, const httplib::Request& req, httplib::Response& res, std::string& device_id) {
  device_id = req.get_header_value("X-Device-Id");
  const std::string auth = req.get_header_value("Authorization");
  const std::string prefix = "Bearer ";
  const std::string token = auth.rfind(prefix, 0) == 0 ? auth.substr(prefix.size()) : std::string();
  AuthLimiter* limiter = active_auth_limiter();
  switch (store.authenticate(device_id, token)) {
    case AuthResult::ok:
      if (limiter) limiter->succeeded(device_id);
      return true;
    case AuthResult::revoked:
      reply_error(res, 403, "device " + device_id + " is revoked");
      return false;
    case AuthResult::unknown: break;
  }
  if (limiter)
    if (const std::int64_t wait = limiter->failed(limiter->client_address(req), device_id)) {
      res.set_header("Retry-After", std::to_string(wait));
      reply_error(res, 429, "too many failed authentications; retry after " + std::to_string(wait) + " s");
      return false;
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

// The Content-Encodings a device body may come in, as cpp-httplib inflates them (gzip and zlib "deflate" through zlib,
// "br" through brotli); anything else is refused on the headers (415) rather than read as it is.
bool accepted_encoding(const std::string& e) {
  return e.empty() || e == "identity" || e == "gzip" || e == "deflate" || e == "br";
}

// Reads the body of a request already authorised, inflated as it arrives, and stops at the first piece past the
// limit: kMaxRequestBytes, and for a compressed body kMaxInflateRatio times its Content-Length (the exact bytes
// sent: cpp-httplib reads no more) or kInflateFloorBytes. Answers 413 (or 400 for a body that cannot be read) itself.
bool read_body(const httplib::Request& req, const httplib::ContentReader& reader, httplib::Response& res,
               std::string& body) {
  const std::string encoding = req.get_header_value("Content-Encoding");
  const bool compressed = !encoding.empty() && encoding != "identity";
  std::size_t limit = protocol::kMaxRequestBytes;
  if (compressed) {
    const std::uint64_t sent = std::strtoull(req.get_header_value("Content-Length").c_str(), nullptr, 10);
    limit = std::min<std::uint64_t>(limit, std::max<std::uint64_t>(protocol::kInflateFloorBytes,
                                                                   sent * protocol::kMaxInflateRatio));
  }
  bool too_large = false;
  const bool whole = reader([&](const char* data, std::size_t n) {
    if (body.size() + n > limit) {
      too_large = true;
      return false;
    }
    body.append(data, n);
    return true;
  });
  if (whole) return true;
  res.set_header("Connection", "close");  // the rest of the body is still on its way
  if (too_large && limit < protocol::kMaxRequestBytes)
    reply_error(res, 413, "the body inflates more than " + std::to_string(protocol::kMaxInflateRatio) + " to 1");
  else if (too_large || res.status == 413)
    reply_error(res, 413,
                "the body is larger than " + std::to_string(protocol::kMaxRequestBytes) + " bytes (after inflating)");
  else
    reply_error(res, 400, "the body could not be read (or inflated)");
  return false;
}

// A device endpoint that takes a body: the token is checked on the headers alone, before a byte of the body is
// read or inflated; then `handle(device, body)`.
template <typename F>
auto device_post(HqStore& store, F handle) {
  return [&store, handle](const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& reader) {
    std::string device, body;
    if (!authorised(store, req, res, device)) return res.set_header("Connection", "close");
    if (!read_body(req, reader, res, body)) return;
    guarded(res, [&] { handle(device, body, res); });
  };
}

constexpr std::size_t kWorkerThreads = 64;  // only requests with their headers in hold one

}  // namespace

int serve(HqStore& store, const ServeOptions& options) {
  // A forwarding configuration that cannot be read stops hqd before it serves (main prints why).
  std::optional<ForwardConfig> forwarding;
  if (!options.forward_config.empty())
    forwarding = load_forward_config(options.forward_config,
                                     common::installed_assets("hall-hqd", HQD_ASSETS_DIR));
  AuthLimiter limiter(store.clock(), AuthLimiter::Limits{}, options.trusted_proxies);
  // Each lockout goes into the audit log too (console 审计日志, action auth.lockout), never the secret tried.
  limiter.set_lockout_audit([&store](const std::string& account, const std::string& address, std::int64_t seconds) {
    try {
      store.locked([&](sync_db::Db& db) {
        audit(db, AuditEntry{0, store.hall_clock().now(), account, "", "auth.lockout", "account:" + account, "",
                             "refused for " + std::to_string(seconds) + " s after too many failed authentications",
                             address, "", ""});
      });
    } catch (const std::exception& e) {
      std::fprintf(stderr, "hqd: the lockout could not be audited: %s\n", e.what());
    }
  });
  set_active_auth_limiter(&limiter);
  struct Unset {
    ~Unset() { set_active_auth_limiter(nullptr); }
  } unset;
  // Request bodies of up to 8 MiB on up to 256 threads: glibc would keep each freed one in its thread's arena (its
  // mmap threshold rises to the largest block freed), so resident memory only grew. A fixed threshold puts every
  // large buffer in its own mapping, returned when freed: the fuzz test's peak went from 177 to 61 MB.
  mallopt(M_MMAP_THRESHOLD, 256 * 1024);
  // Signals go to one waiting thread, which stops the server cleanly.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  GuardedServer::Rules rules;
  rules.per_address = options.connections_per_address;
  rules.unlimited = limiter.trusted_proxies();
  rules.workers = kWorkerThreads;
  GuardedServer server(store.clock(), rules);
  server.set_payload_max_length(protocol::kMaxRequestBytes);  // larger bodies get 413
  server.set_tcp_nodelay(true);  // headers and body leave at once, not after a delayed ACK
  server.set_keep_alive_max_count(1000);  // a kiosk pushing many batches keeps its connection
  // Connections wait for their headers and idle between requests off the workers (connection_guard.h), with
  // deadlines for headers and bodies and a bound per client address.

  server.Get("/v1/health", [&](const httplib::Request&, httplib::Response& res) {
    guarded(res, [&] {
      res.set_content(json{{"status", "ok"}, {"protocol", protocol::kProtocolVersion}}.dump(), "application/json");
    });
  });
  server.Post("/v1/records", device_post(store, [&](const std::string& device, const std::string& body,
                                                     httplib::Response& res) {
    std::vector<protocol::RecordEnvelope> batch;
    try {
      batch = protocol::decode_batch(body);
    } catch (const protocol::TooLarge& e) {
      return reply_error(res, 413, e.what());  // split it and send again
    } catch (const protocol::DecodeError& e) {
      return reply_error(res, 400, e.what());
    }
    res.set_content(protocol::encode_results(store.ingest(device, batch)), "application/json");
  }));
  server.Post("/v1/status", device_post(store, [&](const std::string& device, const std::string& body,
                                                    httplib::Response& res) {
    const protocol::DeviceStatus status = protocol::decode_status(body);
    res.set_content(protocol::encode_status_answer(store.device_status(device, status)), "application/json");
  }));
  server.Get("/v1/reference", [&](const httplib::Request& req, httplib::Response& res) {
    std::string device;
    if (!authorised(store, req, res, device)) return;
    guarded(res, [&] {
      // Last month's figures, when a late rating or an 申诉 changed them; a failure here never holds up the feed.
      try {
        publish_results(store);
      } catch (const std::exception& e) {
        std::fprintf(stderr, "hqd: last month's results could not be published: %s\n", e.what());
      }
      res.set_content(store.reference_feed(req.get_param_value("cursor"), device), "application/json");
    });
  });
  server.Post("/v1/reconcile", device_post(store, [&](const std::string& device, const std::string& body,
                                                       httplib::Response& res) {
    const auto days = protocol::decode_reconcile_request(body);
    res.set_content(protocol::encode_reconcile_answer(store.reconcile(device, days)), "application/json");
  }));
  // Only the device bodies (records, reconcile) may come compressed, read by read_body; cpp-httplib would inflate a
  // compressed body sent to any other route into memory without a limit (a GET's too), so those are refused on the
  // headers: admin bodies are the bureau's files sent as they are. A compressed body says how long it is, which
  // bounds what it may inflate to, so it is not sent in chunks of unknown total.
  server.set_pre_routing_handler([](const httplib::Request& req, httplib::Response& res) {
    const std::string encoding = req.get_header_value("Content-Encoding");
    if (encoding.empty() || encoding == "identity") return httplib::Server::HandlerResponse::Unhandled;
    const bool device_body = req.method == "POST" && (req.path == "/v1/records" || req.path == "/v1/reconcile");
    if (device_body && accepted_encoding(encoding) && req.has_header("Content-Length"))
      return httplib::Server::HandlerResponse::Unhandled;
    res.set_header("Connection", "close");
    if (req.path.rfind("/v1/admin/", 0) == 0) reply_error(res, 415, "admin requests are sent without Content-Encoding");
    else if (!device_body) reply_error(res, 415, "only records and reconcile requests may be compressed");
    else if (!accepted_encoding(encoding)) reply_error(res, 415, "Content-Encoding is gzip, deflate or br, if any");
    else reply_error(res, 411, "a compressed body needs a Content-Length");
    return httplib::Server::HandlerResponse::Handled;
  });

  add_admin_routes(server, store);
  add_console_casework_routes(server, store);
  add_alert_routes(server, store);
  add_forward_routes(server, store, forwarding ? std::make_shared<const ForwardConfig>(*forwarding) : nullptr);
  add_reference_routes(server, store);
  add_fleet_routes(server, store);
  // The bureau's web console: its JSON API and its pages.
  const std::string assets = common::installed_assets("hall-hqd", HQD_ASSETS_DIR);
  add_console_routes(server, store, assets);
  add_dashboard_routes(server, store, assets);
  add_walk_routes(server, store);
  // What a receipt's QR code leads to, for citizens' phones: no sign-in, 10 look-ups a minute per address.
  LookupLimiter lookups(store.clock());
  add_public_routes(server, store, lookups);
  // The schedule published ahead, for citizens and departments' websites: read more often than a receipt (a calendar
  // app polls, a family looks), so 60 a minute per address.
  LookupLimiter schedule_lookups(store.clock(), 60);
  add_public_schedule_routes(server, store, schedule_lookups, options.hours);
  add_console_assets(server, assets);

  if (!server.bind_and_listen(options.bind, options.port)) {
    std::fprintf(stderr, "hqd: cannot listen on %s:%d\n", options.bind.c_str(), options.port);
    return 1;
  }
  // httplib forgets a stop() that comes before listen_after_bind() starts running (the port already accepts
  // connections then), so a SIGTERM during start-up waits until the server runs.
  std::atomic<bool> listen_done{false};
  std::thread waiter([&] {
    int sig = 0;
    sigwait(&signals, &sig);
    while (!listen_done && !server.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(5));
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
  // The outbox's sender (outgoing_calls.h): alerts' webhooks, and the escalation and fleet checks once a minute.
  OutgoingSender sender(store, [&store] {
    raise_escalations(store);
    raise_fleet_alerts(store);
  });
  // The provincial forwarding (forward_outbox.h), when configured; its rows are queued by ingest either way.
  std::unique_ptr<ForwardSender> forwarder;
  if (forwarding) {
    forwarder = std::make_unique<ForwardSender>(store, std::move(*forwarding));
    std::printf("hqd: forwarding ratings to %s\n", options.forward_config.c_str());
  }
  std::printf("hqd listening on %s:%d\n", options.bind.c_str(), options.port);
  std::fflush(stdout);
  common::service_ready();
  bool ok = false;
  {
    const ServiceWatchdog watchdog(options.bind, options.port);
    ok = server.listen_after_bind();
    listen_done = true;
    common::service_stopping();
    server.finish();
  }
  {
    std::lock_guard<std::mutex> lock(housekeeping_mutex);
    stopping = true;
  }
  housekeeping_wake.notify_all();
  housekeeping.join();
  sender.stop();
  if (forwarder) forwarder->stop();
  // listen_after_bind returns after stop(); make sure the waiter wakes if listening failed instead.
  if (waiter.joinable()) {
    pthread_kill(waiter.native_handle(), SIGTERM);
    waiter.join();
  }
  return ok ? 0 : 1;
}

}  // namespace hq
