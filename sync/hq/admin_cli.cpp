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
#include "sync/hq/file_names.h"
#include "sync/hq/admin_tokens.h"
#include "sync/hq/forward_report.h"
#include "sync/hq/casework.h"
#include "sync/hq/rating_cases.h"
#include "sync/hq/report_cases.h"
#include "sync/hq/importers.h"
#include "sync/hq/pin_lockouts.h"
#include "sync/hq/pins.h"
#include "sync/protocol/pin_lockout.h"
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
  hqd set-pin --db FILE --official ID|NAME [--department ID|NAME]   reads the PIN (6–8 digits) from stdin; also
                                                                    ends the official's PIN lock
  hqd pin-locks --db FILE                                           officials with wrong PINs counted (every kiosk)
  hqd pin-reset --db FILE --official ID|NAME [--department ID|NAME] ends an official's PIN lock on every kiosk
  hqd set-report --db FILE --receipt R --status accepted|in_progress|done [--reply TEXT]  (no --reply: it stays)
             [--department ID|NAME] [--promised YYYY-MM-DD] [--note TEXT]
                                          status also 已受理|办理中|已办结; --department: 转办; R as printed, e.g.
                                          "0011 0660 0016" or 0011-0660-0016
  hqd follow-up --db FILE --rating UUID --note TEXT                 the 回访 of a 差评 (its case: 已回访)
  hqd rating --db FILE list|counts|show|state|appeal|decide         差评处置:
             list [--department D] [--state S] [--overdue yes] [--appeal pending] [--from D --to D] [--limit N]
             show --rating UUID;  state --rating UUID --state 待核实|整改中|已反馈|已回访 --note TEXT
             appeal --rating UUID --ground 恶意|误评 --reason TEXT;  decide --rating UUID --approve yes|no [--note T]
  hqd report --db FILE list|counts|show                             办不成事: list [--department D] [--state S]
             [--overdue yes] [--from D --to D] [--limit N];  show --receipt R
  hqd set-deadlines --db FILE [--verify N] [--rectify N] [--revisit N]   working days for 核实 (2), 整改 (5), 回访 (15)
  hqd purge-personal --db FILE [--days 365]                         delete phones and names of matters closed
                                                                    that long ago (hqd serve does it daily)
  hqd admin-token --db FILE                                         a new admin token for /v1/admin (shown once)
  hqd forwards --db FILE [--from D --to D]                          the provincial forwarding by day of the ratings:
                                                                    sent, held, failed, waiting (sync/FORWARDING.md)
  hqd export --db FILE --table attachment3|ratings|reports|compliance|callbacks|walks|items
             (--period 2026Q2|2026H1|2026|2026-04-01..2026-05-15 | --from YYYY-MM-DD --to YYYY-MM-DD)
             [--department ID|NAME|each] [--follow-up-days N] [--assets DIR] --format csv|xlsx --out FILE
             (--department each: one file per department, its name added to the file name)
             (--assets: the kiosks' assets: the words of i18n/zh-CN.json, and the reason list and calendar
              used until HQ publishes its own; default: the source tree's assets/)
  CSV files may be UTF-8 (with or without BOM) or GB18030/GBK; an import with any bad row imports nothing.
)";

namespace {

const char* const kCommands[] = {"import-hall", "set-hall", "import-officials", "import-schedule", "import-items", "import-calendar",
                                 "publish-reasons",  "set-pin",         "pin-locks",    "pin-reset",
                                 "set-report",       "follow-up",       "admin-token",  "export",
                                 "purge-personal",   "rating",          "report",       "set-deadlines", "forwards"};

std::string read_file(const std::string& path) {
  auto text = common::read_text(path);
  if (!text) throw AdminError("cannot read \"" + path + "\"");
  return std::move(*text);
}

int report(const ImportResult& r, const std::string& file) {
  if (r.ok()) {
    std::printf("imported %zu rows from %s\n", r.imported, file.c_str());
    for (const auto& n : say(r.notes, Language::en)) std::printf("  %s\n", n.c_str());
    return 0;
  }
  std::fprintf(stderr, "hqd: %s: nothing imported; %zu bad row(s):\n", file.c_str(), r.errors.size());
  for (const auto& e : say(r.errors, Language::en)) std::fprintf(stderr, "  %s\n", e.c_str());
  return 1;
}

bool yes_no(const std::string& v, const char* what) {
  if (v == "yes" || v == "是") return true;
  if (v == "no" || v == "否" || v.empty()) return false;
  throw AdminError(std::string("--") + what + " is yes or no");
}

// `hqd rating …` and `hqd report …`: the casework lists and details as a clerk reads them, and 差评 changes.
int casework_command(HqStore& store, const std::string& command, const std::string& sub,
                     std::map<std::string, std::string>& opt) {
  const Principal who = cli_principal();
  auto need = [&](const char* key) -> std::string {
    if (opt[key].empty()) throw AdminError(std::string("--") + key + " is required");
    return opt[key];
  };
  const bool ratings = command == "rating";
  if (sub == "list") {
    CaseQuery q;
    q.department = opt["department"];
    q.state = opt["state"];
    q.overdue = yes_no(opt["overdue"], "overdue");
    q.appeal = opt["appeal"];
    q.from = opt["from"];
    q.to = opt["to"];
    q.limit = opt["limit"].empty() ? 50 : std::atoi(opt["limit"].c_str());
    const nlohmann::json page = ratings ? list_rating_cases(store, who, q) : list_report_cases(store, who, q);
    for (const auto& c : page["items"]) {
      const std::string deadline = ratings ? c["deadline"].is_string() ? c["deadline"].get<std::string>() : "-"
                                           : c["promised"].get<std::string>();
      std::printf("%s  %s  %s  %s  %s  期限 %s%s  %s\n", c["date"].get<std::string>().c_str(),
                  c["department"].get<std::string>().c_str(),
                  (ratings ? c["target"]["name"] : c["item"]).get<std::string>().c_str(),
                  (ratings ? c["level_name"] : c["kind_name"]).get<std::string>().c_str(),
                  c["state_name"].get<std::string>().c_str(), deadline.c_str(),
                  c["overdue"].get<bool>() ? "  逾期" : "",
                  (ratings ? c["id"] : c["receipt"]).get<std::string>().c_str());
    }
    if (page["items"].empty()) std::printf("(none)\n");
    return 0;
  }
  if (sub == "counts") {
    const nlohmann::json c = ratings ? rating_case_counts(store, who) : report_case_counts(store, who);
    for (const auto& d : c["departments"])
      std::printf("%s  total %lld  open %lld  overdue %lld\n", d["department"].get<std::string>().c_str(),
                  static_cast<long long>(d["total"].get<std::int64_t>()), static_cast<long long>(d["open"].get<std::int64_t>()),
                  static_cast<long long>(d["overdue"].get<std::int64_t>()));
    return 0;
  }
  if (sub == "show") {
    const nlohmann::json c = ratings ? rating_case(store, who, need("rating")) : report_case(store, who, need("receipt"));
    std::printf("%s\n", c.dump(2, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
    return 0;
  }
  if (ratings && sub == "state") {
    change_rating_state(store, who, need("rating"), need("state"), need("note"));
    return 0;
  }
  if (ratings && sub == "appeal") {
    appeal_rating(store, who, need("rating"), need("ground"), need("reason"));
    return 0;
  }
  if (ratings && sub == "decide") {
    decide_appeal(store, who, need("rating"), yes_no(need("approve"), "approve"), opt["note"]);
    return 0;
  }
  throw AdminError("hqd " + command + " takes " +
                   (ratings ? "list, counts, show, state, appeal or decide" : "list, counts or show") + " (see hqd --help)");
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
                                             "now", "utc-offset", "state", "overdue", "appeal", "limit", "ground",
                                             "approve", "verify", "rectify", "revisit", "promised"};
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
      ScheduleImport how{opt["department"], 0, false, {}};
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
      std::string pin = read_secret_line("PIN (6–8 digits): ");
      set_pin(store, official, pin);
      std::printf("PIN set for %s\n", official.c_str());
      return 0;
    }
    if (command == "pin-reset") {
      const std::string official = official_id(store, need("official"), opt["department"]);
      reset_pin_lock(store, official);
      std::printf("PIN lock of %s reset; every kiosk clears it at its next pull\n", official.c_str());
      return 0;
    }
    if (command == "pin-locks") {
      for (const auto& row : pin_locks(store)) {
        const std::string until = row.locked_until == protocol::kLockedUntilReset ? "until reset"
                                  : row.locked_until > 0 ? "until " + common::format_timestamp_utc(row.locked_until)
                                                         : "not locked";
        std::printf("%s\t%d wrong\t%s\n", row.official_id.c_str(), row.failures, until.c_str());
      }
      return 0;
    }
    if (command == "set-report") {
      const auto reply = opt.find("reply");
      ReportChange ch;
      ch.state = need("status");
      if (reply != opt.end()) ch.reply = reply->second;
      ch.department = opt["department"];
      ch.promised = opt["promised"];
      ch.note = opt["note"];
      ch.reply_needed_when_done = false;
      change_report(store, cli_principal(), need("receipt"), ch);
      return 0;
    }
    if (command == "rating" || command == "report") return casework_command(store, command, file, opt);
    if (command == "set-deadlines") {
      CaseDeadlines d = rating_deadlines(store);
      for (auto [key, member] : {std::pair{"verify", &CaseDeadlines::to_verify},
                                 std::pair{"rectify", &CaseDeadlines::rectifying},
                                 std::pair{"revisit", &CaseDeadlines::answered}})
        if (opt.count(key)) d.*member = std::atoi(opt[key].c_str());
      set_rating_deadlines(store, cli_principal(), d);
      std::printf("核实 %d, 整改 %d, 回访 %d working days\n", d.to_verify, d.rectifying, d.answered);
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
    if (command == "forwards") {
      std::printf("date\tsent\theld\tfailed\tpending\n");
      for (const ForwardDay& d : forward_days(store, opt["from"], opt["to"]))
        std::printf("%s\t%lld\t%lld\t%lld\t%lld\n", d.date.c_str(), static_cast<long long>(d.sent),
                    static_cast<long long>(d.held), static_cast<long long>(d.failed), static_cast<long long>(d.pending));
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
        if (!dates)
          throw AdminError("--period is a quarter (2026Q2), a half-year (2026H1) or a year (2026), or dates "
                           "(2026-04-01..2026-05-15)");
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
      for (const auto& [id, name] : departments(store)) {
        e.department_id = id;
        e.out = path_with_name(out, name);
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
