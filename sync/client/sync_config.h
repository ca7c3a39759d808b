#pragma once
// The kiosk's sync settings: the [hq] table of the kiosk's TOML config (assets/config/kiosk.toml).
#include <string>

namespace sync_client {

// Where HQ is, who this kiosk is, and how hard to try.
struct SyncConfig {
  std::string url;           // e.g. https://hq.example.gov.cn ; empty: sync is off
  std::string device_id;
  std::string device_token;
  std::string ca_file;       // PEM bundle to trust instead of the system's (pinning a private CA)
  std::string database = "kiosk.db";
  int utc_offset_minutes = 8 * 60;
  int reconcile_at_minutes = 2 * 60;  // nightly reconciliation, local time ("02:00")
  int batch_size = 500;
  int timeout_seconds = 30;           // whole request
  int connect_timeout_seconds = 10;
  int backoff_base_seconds = 2;       // first retry after 1–2 s, doubling per failure …
  int backoff_cap_seconds = 900;      // … up to 7.5–15 min
  int pull_interval_seconds = 60;
  int poll_interval_seconds = 2;      // how often the worker looks for new records
};

// Reads the [hq] table (and `database`, `utc_offset_minutes`) of a kiosk config; throws std::runtime_error.
SyncConfig load_sync_config(const std::string& path);

}  // namespace sync_client
