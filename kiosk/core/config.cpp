#include "kiosk/core/config.h"

#include <optional>
#include <toml++/toml.h>

#include "kiosk/core/clock.h"
#include "kiosk/core/outbox.h"

namespace core {
namespace {

void read_hhmm(const toml::table& t, const char* table, const char* key, int& out) {
  if (auto v = t[key].value<std::string>()) {
    auto m = parse_hhmm(*v);
    if (!m) throw ConfigError(std::string(table) + "." + key + " must be HH:MM, not \"" + *v + "\"");
    out = *m;
  }
}

void read_hq(const toml::table& h, HqConfig& c) {
  c.url = h["url"].value_or(c.url);
  c.device_id = h["device_id"].value_or(c.device_id);
  c.device_token = h["device_token"].value_or(c.device_token);
  c.ca_file = h["ca_file"].value_or(c.ca_file);
  c.batch_size = h["batch_size"].value_or(c.batch_size);
  c.timeout_seconds = h["timeout_seconds"].value_or(c.timeout_seconds);
  c.backoff_base_seconds = h["backoff_base_seconds"].value_or(c.backoff_base_seconds);
  c.backoff_cap_seconds = h["backoff_cap_seconds"].value_or(c.backoff_cap_seconds);
  c.pull_interval_seconds = h["pull_interval_seconds"].value_or(c.pull_interval_seconds);
  read_hhmm(h, "hq", "reconcile_at", c.reconcile_at_minutes);
  while (!c.url.empty() && c.url.back() == '/') c.url.pop_back();
  if (!c.url.empty() && c.url.rfind("http://", 0) != 0 && c.url.rfind("https://", 0) != 0)
    throw ConfigError("hq.url must start with https:// (or http:// for a local test), not \"" + c.url + "\"");
  if (c.batch_size < 1 || c.batch_size > 1000) throw ConfigError("hq.batch_size must be 1..1000");
  if (c.timeout_seconds < 1 || c.backoff_base_seconds < 1 || c.backoff_cap_seconds < c.backoff_base_seconds)
    throw ConfigError("hq timeouts and backoff must be positive, with the cap at least the base");
  if (c.backoff_cap_seconds > kLongestWaitSeconds)
    throw ConfigError("hq.backoff_cap_seconds is at most " + std::to_string(kLongestWaitSeconds) +
                      " (no record waits longer)");
}

}  // namespace

Config load_config(const std::string& path) {
  toml::table t;
  try {
    t = toml::parse_file(path);
  } catch (const toml::parse_error& e) {
    throw ConfigError("cannot read config " + path + ": " + std::string(e.description()));
  }
  Config c;
  c.database = t["database"].value_or(c.database);
  c.hall_name = t["hall_name"].value_or(c.hall_name);
  c.orientation = t["orientation"].value_or(c.orientation);
  c.screen_rotation = t["screen_rotation"].value_or(c.screen_rotation);
  c.language = t["language"].value_or(c.language);
  c.renderer = t["renderer"].value_or(c.renderer);
  c.idle_timeout_seconds = t["idle_timeout_seconds"].value_or(c.idle_timeout_seconds);
  c.utc_offset_minutes = t["utc_offset_minutes"].value_or(c.utc_offset_minutes);
  c.min_sitting_hours = t["min_sitting_hours"].value_or(c.min_sitting_hours);
  c.operator_pin_hash = t["operator_pin_hash"].value_or(c.operator_pin_hash);
  c.pinyin_dictionary = t["pinyin_dictionary"].value_or(c.pinyin_dictionary);
  c.assets_dir = t["assets_dir"].value_or(c.assets_dir);
  c.kiosk_number = t["kiosk_number"].value_or(c.kiosk_number);
  c.follow_up_link = t["follow_up_link"].value_or(c.follow_up_link);
  c.reply_working_days = t["reply_working_days"].value_or(c.reply_working_days);
  c.thanks_seconds = t["thanks_seconds"].value_or(c.thanks_seconds);
  if (auto* hours = t["hours"].as_table()) {
    read_hhmm(*hours, "hours", "am_start", c.hours.am_start);
    read_hhmm(*hours, "hours", "am_end", c.hours.am_end);
    read_hhmm(*hours, "hours", "pm_start", c.hours.pm_start);
    read_hhmm(*hours, "hours", "pm_end", c.hours.pm_end);
  }
  c.hq.database = c.database;
  c.hq.utc_offset_minutes = c.utc_offset_minutes;
  if (auto* hq = t["hq"].as_table()) read_hq(*hq, c.hq);
  if (c.orientation != "portrait" && c.orientation != "landscape")
    throw ConfigError("orientation must be portrait or landscape, not \"" + c.orientation + "\"");
  if (c.screen_rotation != 0 && c.screen_rotation != 90 && c.screen_rotation != 180 && c.screen_rotation != 270)
    throw ConfigError("screen_rotation must be 0, 90, 180 or 270");
  c.hq.orientation = c.orientation;
  if (c.language != "zh-CN" && c.language != "en")
    throw ConfigError("language must be zh-CN or en, not \"" + c.language + "\"");
  if (c.kiosk_number < 1 || c.kiosk_number > 999) throw ConfigError("kiosk_number must be between 1 and 999");
  if (c.reply_working_days < 1 || c.reply_working_days > 60)
    throw ConfigError("reply_working_days must be between 1 and 60");
  if (c.renderer != "software" && c.renderer != "auto")
    throw ConfigError("renderer must be software or auto, not \"" + c.renderer + "\"");
  if (c.idle_timeout_seconds < 20 || c.idle_timeout_seconds > 3600)
    throw ConfigError("idle_timeout_seconds must be between 20 and 3600");
  if (c.hours.am_start >= c.hours.am_end || c.hours.am_end > c.hours.pm_start ||
      c.hours.pm_start >= c.hours.pm_end)
    throw ConfigError("hours must run am_start < am_end <= pm_start < pm_end");
  return c;
}

std::string follow_up_url(const Config& c, const std::string& receipt) {
  std::string link = c.follow_up_link;
  std::string hq = c.hq.url;
  while (!hq.empty() && hq.back() == '/') hq.pop_back();
  if (const auto at = link.find("{hq}"); at != std::string::npos) {
    if (hq.empty()) return receipt;
    link.replace(at, 4, hq);
  }
  if (const auto at = link.find("{receipt}"); at != std::string::npos) link.replace(at, 9, receipt);
  return link;
}

}  // namespace core
