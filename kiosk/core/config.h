#pragma once
// The kiosk's settings, the sync worker's among them, read from one TOML file by one loader (see
// assets/config/kiosk.toml for every key).
#include <stdexcept>
#include <string>

#include "sync/protocol/schedule_ahead.h"

namespace core {

// Raised for an unreadable or invalid config file; what() says which key and why.
struct ConfigError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

using protocol::HalfDayHours;  // the hall's half-days ([hours]), minutes after midnight

// How the kiosk syncs with HQ: the [hq] table. `database`, `utc_offset_minutes` and `orientation` repeat the
// top-level keys so that the sync worker and kiosk-sync need only this.
struct HqConfig {
  std::string url;  // e.g. https://hq.example.gov.cn ; empty: sync is off
  std::string device_id;
  std::string device_token;
  std::string ca_file;  // PEM bundle to trust instead of the system's (pinning a private CA)
  std::string database = "kiosk.db";
  int utc_offset_minutes = 8 * 60;
  std::string orientation = "portrait";  // the screen, as the kiosk's status report tells HQ
  int reconcile_at_minutes = 2 * 60;  // nightly reconciliation, local time ("02:00")
  int batch_size = 500;
  int timeout_seconds = 30;  // whole request
  int connect_timeout_seconds = 10;
  int backoff_base_seconds = 2;  // first retry after 1–2 s, doubling per failure …
  int backoff_cap_seconds = 900;  // … up to 7.5–15 min
  int pull_interval_seconds = 60;
  int poll_interval_seconds = 2;  // how often the worker looks for new records
};

struct Config {
  std::string database = "kiosk.db";
  std::string hall_name = "枣庄高新区政务服务大厅";
  std::string orientation = "portrait";  // portrait (1080×1920) or landscape (1920×1080)
  int screen_rotation = 0;  // degrees the compositor turns the panel (deploy/systemd/kiosk-session): 0, 90, 180, 270
  std::string language = "zh-CN";        // zh-CN or en
  int idle_timeout_seconds = 90;
  // "software" draws on the CPU with no OpenGL loaded at all (right for kiosks without a real GPU);
  // "auto" lets SDL pick an accelerated renderer.
  std::string renderer = "software";
  int utc_offset_minutes = 8 * 60;
  HalfDayHours hours;
  double min_sitting_hours = 3.5;
  std::string operator_pin_hash;  // argon2id; empty: no operator screen
  std::string pinyin_dictionary = "/usr/lib/x86_64-linux-gnu/googlepinyin/data/dict_pinyin.dat";
  std::string assets_dir;   // empty: the built-in default
  int kiosk_number = 1;     // 1–999, unique in the zone: the first digits of this kiosk's receipt numbers
  // Follow-up link encoded in the receipt's QR code (follow_up_url); {receipt} is the receipt number, {hq} the [hq]
  // url: by default HQ's progress page for the receipt (sync/hq/public_receipt.h).
  std::string follow_up_link = "{hq}/public/r/{receipt}";
  int reply_working_days = 5;  // promised reply time for a 办不成事 report
  int thanks_seconds = 10;     // the thank-you screen returns home by itself after this
  HqConfig hq;
};

// Reads the file; keys it does not set keep their defaults. Throws ConfigError.
Config load_config(const std::string& path);

// What a receipt's QR code holds: follow_up_link with {receipt} and {hq} (the [hq] url, no trailing /) filled in;
// the receipt number alone when the link needs an HQ this kiosk does not have.
std::string follow_up_url(const Config& c, const std::string& receipt);

}  // namespace core
