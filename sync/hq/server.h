#pragma once
// hqd's HTTP API (sync/PROTOCOL.md): authentication, ingest, down-sync feed, reconcile, health.
#include <string>

#include "sync/hq/hq_store.h"
#include "sync/hq/public_schedule.h"

namespace hq {

// Where to listen; HTTPS belongs to a reverse proxy in front (see README).
struct ServeOptions {
  std::string bind = "127.0.0.1";
  int port = 8080;
  // Peers (comma-separated addresses) whose X-Forwarded-For header names the client, e.g. nginx on this host;
  // for them the header's address is the "source address" of the rate limits.
  std::string trusted_proxies = "127.0.0.1,::1";
  // Connections one client address may hold open at once (busy or idle); a trusted proxy is not limited.
  int connections_per_address = 16;
  // The hall's morning and afternoon, for the public schedule's page and calendar (--morning, --afternoon).
  HalfDayHours hours;
  // The provincial 好差评 forwarding's configuration file (forward_config.h); "" : off.
  std::string forward_config;
};

// Serves until SIGINT or SIGTERM; returns the process exit code.
int serve(HqStore& store, const ServeOptions& options);

}  // namespace hq
