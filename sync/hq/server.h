#pragma once
// hqd's HTTP API (sync/PROTOCOL.md): authentication, ingest, down-sync feed, reconcile, health.
#include <string>

#include "sync/hq/hq_store.h"

namespace hq {

// Where to listen; HTTPS belongs to a reverse proxy in front (see README).
struct ServeOptions {
  std::string bind = "127.0.0.1";
  int port = 8080;
};

// Serves until SIGINT or SIGTERM; returns the process exit code.
int serve(HqStore& store, const ServeOptions& options);

}  // namespace hq
