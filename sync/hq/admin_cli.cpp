#include "sync/hq/admin_cli.h"
#include "sync/common/read_text.h"

#include <sodium.h>
#include <termios.h>
#include <unistd.h>

#include <cstdio>
#include <iostream>
#include <map>
#include <tuple>

#include "sync/common/civil_time.h"
#include "sync/common/installed_assets.h"
#include "sync/hq/admin_error.h"
#include "sync/hq/admin_tokens.h"
#include "sync/hq/casework.h"
#include "sync/hq/importers.h"
#include "sync/hq/pins.h"
#include "sync/hq/purge.h"
#include "sync/hq/reference_lookup.h"
#include "sync/hq/export.h"

namespace hq {

const char* const kAdminHelp = R"(
bureau (admin) commands:
  hqd import-hall --db FILE HALL.csv                                窗口, 名称, 部门[, 简称]: departments and windows
  hqd set-hall --db FILE [--utc-offset ±HH:MM]                      the hall's UTC offset (default +08:00) for its
                                                                    dates; prints it (restart hqd serve after)
  hqd import-officials --db FILE OFFICIALS.csv                      姓名, 职务, 级别, 部门, 联系电话
  hqd import-schedule --db FILE [--department ID|NAME] [--year Y] [--add-officials yes] SCHEDULE.csv
                                          附件2: 序号, 日期, 姓名, 职务, 联系电话, 备注 (department from 填报单位)
  hqd import-items --db FILE --department ID|NAME ITEMS.csv         事项清单: 序号, 事项名称, 类型, …
  hqd import-calendar --db FILE CALENDAR.csv                        日期 (date or 2027-02-15至2027-02-23), 类型 放假|上班
  hqd publish-reasons --db FILE [--version V] REASONS.csv           差评原因: 分类, 原因[, 英文][, 编号]
  hqd set-pin --db FILE --official ID|NAME [--department ID|NAME]   reads the PIN (4–8 digits) from stdin
  hqd set-report --db FILE --receipt R --status accepted|in_progress|done [--reply TEXT]  (no --reply: it stays)
  hqd follow-up --db FILE --rating UUID --note TEXT                 the 回访 of a 差评
  hqd purge-personal --db FILE [--days 365]                         delete phones and names of matters closed
                                                                    that long ago (hqd serve does it daily)
  hqd admin-token --db FILE                                         a new admin token for /v1/admin (shown once)
  hqd export --db FILE --table attachment3|ratings|reports|compliance|callbacks
             (--period 2026Q2|2026H1|2026 | --from YYYY-MM-DD --to YYYY-MM-DD)
             [--department ID|NAME|each] [--follow-up-days N] [--assets DIR] --format csv|xlsx --out FILE
             (--department each: one file per department, its name added to the file name)
             (--assets: the kiosks' assets: the words of i18n/zh-CN.json, and the reason list and calendar
              used until HQ publishes its own; default: the source tree's assets/)
  CSV files may be UTF-8 (with or without BOM) or GB18030/GBK; an import with any bad row imports nothing.
)";

namespace {

const char* const kCommands[] = {"import-hall", "set-hall", "import-officials", "import-schedule", "import-items", "import-calendar",
                                 "publish-reasons",  "set-pin",         "set-report",   "follow-up",
                                 "admin-token",      "export",          "purge-personal"};

std::string read_file(const std::string& path) {
  auto text = common::read_text(path);
  if (!text) throw AdminError("cannot read \"" + path + "\"");
  return std::move(*text);
}

int report(const ImportResult& r, const std::string& file) {
  if (r.ok()) {
    std::printf("imported %zu rows from %s\n", r.imported, file.c_str());
    for (const auto& n : r.notes) std::printf("  %s\n", n.c_str());
    return 0;
  }
  std::fprintf(stderr, "hqd: %s: nothing imported; %zu bad row(s):\n", file.c_str(), r.errors.size());
  for (const auto& e : r.errors) std::fprintf(stderr, "  %s\n", e.c_str());
  return 1;
}

}  // namespace

std::string read_secret_line(const char* prompt) {
  const bool tty = isatty(STDIN_FILENO) != 0;
  termios old{};
  if (tty) {
    std::fputs(prompt, stderr);
    tcgetattr(STDIN_FILENO, &old);
    termios quiet = old;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
  }
  std::string line;
  std::getline(std::cin, line);
  if (tty) {
    tcsetattr(STDIN_FILENO, TCSANOW, &old);
    std::fputs("\n", stderr);
  }
  while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
  return line;
}

bool is_admin_command(const std::string& command) {
  for (const char* c : kCommands)
    if (command == c) return true;
  return false;
}

int admin_main(int argc, char** argv) {
  const std::string command = argv[1];
  std::map<std::string, std::string> opt;
  std::string file;
  for (int i = 2; i < argc; ++i) {
    const std::string a = argv[i];
    if (a.rfind("--", 0) == 0) {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "hqd: %s needs a value\n", a.c_str());
        return 2;
      }
      static const char* const kOptions[] = {"db",     "department", "year", "official", "receipt", "status", "reply",
                                             "rating", "note",       "table", "from",    "to",      "format", "out",
                                             "period", "follow-up-days", "add-officials", "version", "assets", "days",
                                             "now", "utc-offset"};
      bool known = false;
      for (const char* o : kOptions) known = known || a.substr(2) == o;
      if (!known) {
        std::fprintf(stderr, "hqd: unknown option %s (see hqd --help)\n", a.c_str());
        return 2;
      }
      opt[a.substr(2)] = argv[++i];
    } else if (file.empty()) {
      file = a;
    } else {
      std::fprintf(stderr, "hqd: unexpected argument %s\n", a.c_str());
      return 2;
    }
  }
  auto need = [&](const char* key) -> std::string {
    auto it = opt.find(key);
    if (it == opt.end() || it->second.empty()) throw AdminError(std::string("--") + key + " is required");
    return it->second;
  };
  try {
    if (opt.find("db") == opt.end()) throw AdminError("--db FILE is required");
    if (sodium_init() < 0) return 1;
    const auto clock = make_clock(opt["now"]);
    HqStore store(opt["db"], *clock);
    if (command == "import-hall") return report(import_hall(store, read_file(file)), file);
    if (command == "set-hall") {
      if (auto it = opt.find("utc-offset"); it != opt.end()) {
        const auto minutes = common::parse_utc_offset(it->second);
        if (!minutes) throw AdminError("--utc-offset must be ±HH:MM (at most ±14:00), e.g. +08:00");
        store.set_hall_utc_offset(*minutes);
      }
      std::printf("utc offset %s\n", common::format_utc_offset(store.hall_clock().utc_offset_minutes()).c_str());
      return 0;
    }
    if (command == "import-officials") return report(import_officials(store, read_file(file)), file);
    if (command == "import-schedule") {
      ScheduleImport how{opt["department"], 0, false};
      if (auto it = opt.find("year"); it != opt.end()) {
        how.year = std::atoi(it->second.c_str());
        if (how.year < 2000 || how.year > 2099) throw AdminError("--year must be 2000..2099");
      }
      if (auto it = opt.find("add-officials"); it != opt.end()) {
        if (it->second != "yes" && it->second != "no") throw AdminError("--add-officials is yes or no");
        how.add_officials = it->second == "yes";
      }
      return report(import_schedule(store, how, read_file(file)), file);
    }
    if (command == "import-items") return report(import_items(store, need("department"), read_file(file)), file);
    if (command == "import-calendar") return report(import_calendar(store, read_file(file)), file);
    if (command == "publish-reasons") return report(publish_reasons(store, read_file(file), opt["version"]), file);
    if (command == "set-pin") {
      const std::string official = official_id(store, need("official"), opt["department"]);
      std::string pin = read_secret_line("PIN (4–8 digits): ");
      set_pin(store, official, pin);
      std::printf("PIN set for %s\n", official.c_str());
      return 0;
    }
    if (command == "set-report") {
      const auto reply = opt.find("reply");
      set_report(store, need("receipt"), need("status"),
                 reply == opt.end() ? std::nullopt : std::optional<std::string>(reply->second));
      return 0;
    }
    if (command == "follow-up") {
      follow_up(store, need("rating"), need("note"));
      return 0;
    }
    if (command == "purge-personal") {
      const int days = opt.count("days") ? std::atoi(opt["days"].c_str()) : 365;
      if (days < 1) throw AdminError("--days must be at least 1");
      std::printf("personal fields deleted from %zu records\n", purge_personal(store, days));
      return 0;
    }
    if (command == "admin-token") {
      std::printf("%s\n", new_admin_token(store).c_str());
      return 0;
    }
    if (command == "export") {
      const bool period = opt.count("period") > 0;
      if (period == (opt.count("from") || opt.count("to")))
        throw AdminError("give either --period (2026Q2, 2026H1, 2026) or --from and --to");
      const bool each = opt["department"] == "each";
      ExportOptions e{need("table"), period ? "" : need("from"), period ? "" : need("to"),
                      opt["department"].empty() || each ? "" : department_id(store, opt["department"]), need("format"),
                      need("out"), 15, opt.count("assets") ? opt["assets"] : common::installed_assets("hall-hqd", HQD_ASSETS_DIR)};
      if (period) {
        const auto dates = period_dates(opt["period"]);
        if (!dates) throw AdminError("--period is a quarter (2026Q2), a half-year (2026H1) or a year (2026)");
        std::tie(e.from, e.to) = *dates;
      }
      if (opt.count("follow-up-days")) {
        e.follow_up_days = std::atoi(opt["follow-up-days"].c_str());
        if (e.follow_up_days < 1 || e.follow_up_days > 60) throw AdminError("--follow-up-days must be 1..60");
      }
      if (!each) {
        export_table(store, e);
        return 0;
      }
      // One file per department, named after it: 附件3.xlsx → 附件3-区行政审批局.xlsx.
      const std::string out = e.out;
      const auto dot = out.find_last_of('.');
      const auto slash = out.find_last_of('/');
      const bool has_ext = dot != std::string::npos && (slash == std::string::npos || dot > slash);
      for (const auto& [id, name] : departments(store)) {
        e.department_id = id;
        e.out = (has_ext ? out.substr(0, dot) : out) + "-" + name + (has_ext ? out.substr(dot) : "");
        export_table(store, e);
        std::printf("%s\n", e.out.c_str());
      }
      return 0;
    }
  } catch (const AdminError& e) {
    std::fprintf(stderr, "hqd: %s\n", e.what());
    return 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "hqd: %s\n", e.what());
    return 1;
  }
  return 2;
}

}  // namespace hq
