#include "sync/client/sync_config.h"

#include <stdexcept>
#include <toml++/toml.h>

namespace sync_client {

SyncConfig load_sync_config(const std::string& path) {
  toml::table t;
  try {
    t = toml::parse_file(path);
  } catch (const toml::parse_error& e) {
    throw std::runtime_error("cannot read config " + path + ": " + std::string(e.description()));
  }
  SyncConfig c;
  c.database = t["database"].value_or(c.database);
  c.utc_offset_minutes = t["utc_offset_minutes"].value_or(c.utc_offset_minutes);
  if (auto* hq = t["hq"].as_table()) {
    const toml::table& h = *hq;
    c.url = h["url"].value_or(c.url);
    c.device_id = h["device_id"].value_or(c.device_id);
    c.device_token = h["device_token"].value_or(c.device_token);
    c.ca_file = h["ca_file"].value_or(c.ca_file);
    c.batch_size = h["batch_size"].value_or(c.batch_size);
    c.timeout_seconds = h["timeout_seconds"].value_or(c.timeout_seconds);
    c.backoff_base_seconds = h["backoff_base_seconds"].value_or(c.backoff_base_seconds);
    c.backoff_cap_seconds = h["backoff_cap_seconds"].value_or(c.backoff_cap_seconds);
    c.pull_interval_seconds = h["pull_interval_seconds"].value_or(c.pull_interval_seconds);
    if (auto at = h["reconcile_at"].value<std::string>()) {
      int hh = -1, mm = -1;
      if (at->size() != 5 || (*at)[2] != ':' || std::sscanf(at->c_str(), "%2d:%2d", &hh, &mm) != 2 || hh < 0 ||
          hh > 23 || mm < 0 || mm > 59)
        throw std::runtime_error("hq.reconcile_at must be HH:MM, not \"" + *at + "\"");
      c.reconcile_at_minutes = hh * 60 + mm;
    }
  }
  while (!c.url.empty() && c.url.back() == '/') c.url.pop_back();
  if (!c.url.empty() && c.url.rfind("http://", 0) != 0 && c.url.rfind("https://", 0) != 0)
    throw std::runtime_error("hq.url must start with https:// (or http:// for a local test), not \"" + c.url + "\"");
  if (c.batch_size < 1 || c.batch_size > 1000) throw std::runtime_error("hq.batch_size must be 1..1000");
  if (c.timeout_seconds < 1 || c.backoff_base_seconds < 1 || c.backoff_cap_seconds < c.backoff_base_seconds)
    throw std::runtime_error("hq timeouts and backoff must be positive, with the cap at least the base");
  return c;
}

}  // namespace sync_client
