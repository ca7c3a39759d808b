#pragma once
// The kiosk's settings, read from a TOML file (see assets/config/kiosk.toml for every key).
#include <stdexcept>
#include <string>

namespace core {

// Raised for an unreadable or invalid config file; what() says which key and why.
struct ConfigError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct HalfDayHours {
  int am_start = 9 * 60, am_end = 12 * 60;   // minutes after midnight
  int pm_start = 13 * 60, pm_end = 17 * 60;
};

struct Config {
  std::string database = "kiosk.db";
  std::string hall_name = "枣庄高新区政务服务大厅";
  std::string orientation = "portrait";  // portrait (1080×1920) or landscape (1920×1080)
  std::string language = "zh-CN";        // zh-CN or en
  int idle_timeout_seconds = 90;
  // "software" draws on the CPU with no OpenGL loaded at all (right for kiosks without a real GPU);
  // "auto" lets SDL pick an accelerated renderer.
  std::string renderer = "software";
  int utc_offset_minutes = 8 * 60;
  HalfDayHours hours;
  double min_sitting_hours = 3.5;
  int pin_max_failures = 5;
  int pin_lockout_minutes = 5;
  std::string operator_pin_hash;  // argon2id; empty: no operator screen
  std::string pinyin_dictionary = "/usr/lib/x86_64-linux-gnu/googlepinyin/data/dict_pinyin.dat";
  std::string assets_dir;   // empty: the built-in default
  int kiosk_number = 1;     // 1–999, unique in the zone: the first digits of this kiosk's receipt numbers
  // Follow-up link encoded in the receipt's QR code; {receipt} is replaced by the receipt number.
  std::string follow_up_link = "https://zwfw.zzgxq.gov.cn/bbcs/{receipt}";
  int reply_working_days = 5;  // promised reply time for a 办不成事 report
  int thanks_seconds = 10;     // the thank-you screen returns home by itself after this
  std::string hq_url;       // sync issue
  std::string device_id;
  std::string device_token;
  std::string damaged_database;  // set at start-up when a damaged database was set aside (not a file key)
};

// Reads the file; keys it does not set keep their defaults. Throws ConfigError.
Config load_config(const std::string& path);

}  // namespace core
