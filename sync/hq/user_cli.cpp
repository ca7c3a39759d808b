#include "sync/hq/user_cli.h"

#include <sodium.h>
#include <unistd.h>

#include <cstdio>
#include <map>

#include "sync/common/civil_time.h"
#include "sync/hq/accounts.h"
#include "sync/hq/admin_cli.h"
#include "sync/hq/admin_error.h"

namespace hq {

const char* const kUserHelp = R"(
console accounts (the web console at http://HOST:PORT/console/):
  hqd user add --db FILE --login NAME [--name 姓名] --role admin|liaison|viewer [--department NAME]
                                          a liaison (联络员) belongs to one department, named as HQ lists it;
                                          the password is read from stdin (asked twice at a terminal): at least
                                          10 characters, letters and digits or symbols, the login not in it
  hqd user list --db FILE                 every account: role, department, disabled, locked, last sign-in
  hqd user disable --db FILE --login NAME     no more sign-ins; its sessions end at once
  hqd user enable --db FILE --login NAME
  hqd user reset --db FILE --login NAME       a new password (from stdin, as for add); ends its sessions and
                                              lifts a lockout
)";

namespace {

// The password for an account: one line of stdin, or typed twice at a terminal.
std::string new_password() {
  std::string p = read_secret_line("password: ");
  if (isatty(STDIN_FILENO)) {
    std::string again = read_secret_line("the same password again: ");
    const bool same = again == p;
    sodium_memzero(again.data(), again.size());
    if (!same) {
      sodium_memzero(p.data(), p.size());
      throw AdminError("the two passwords differ; nothing changed");
    }
  }
  return p;
}

std::string local_time(std::int64_t t, int offset) {
  if (!t) return "-";
  const auto c = common::to_civil(t, offset);
  return c.date() + " " + c.hhmm();
}

}  // namespace

int user_main(int argc, char** argv) {
  if (argc < 3) {
    std::fputs(kUserHelp, stderr);
    return 2;
  }
  const std::string sub = argv[2];
  std::map<std::string, std::string> opt;
  for (int i = 3; i < argc; ++i) {
    const std::string a = argv[i];
    static const char* const kOptions[] = {"--db", "--login", "--name", "--role", "--department", "--now"};
    bool known = false;
    for (const char* o : kOptions) known = known || a == o;
    if (!known || i + 1 >= argc) {
      std::fprintf(stderr, "hqd: %s %s (see hqd --help)\n", known ? "a value is needed after" : "unknown option",
                   a.c_str());
      return 2;
    }
    opt[a.substr(2)] = argv[++i];
  }
  auto need = [&](const char* key) -> std::string {
    const auto it = opt.find(key);
    if (it == opt.end() || it->second.empty()) throw AdminError(std::string("--") + key + " is required");
    return it->second;
  };
  // Changes from the command line are the machine's operator's: audited as "cli".
  const Principal cli{"cli", Role::admin, ""};
  try {
    if (sub != "add" && sub != "list" && sub != "disable" && sub != "enable" && sub != "reset") {
      std::fprintf(stderr, "hqd: user add|list|disable|enable|reset (see hqd --help)\n");
      return 2;
    }
    const std::string db = need("db");
    if (sodium_init() < 0) return 1;
    const auto clock = make_clock(opt["now"]);
    HqStore store(db, *clock);
    if (sub == "add") {
      const std::string login = need("login");
      check_login(login);
      const auto role = protocol::from_string<Role>(need("role"));
      if (!role) throw AdminError(phrase("hq.account.role"));
      std::string password = new_password();
      add_user(store, cli, login, opt["name"], *role, opt["department"], password);
      std::printf("account %s added (%s)\n", login.c_str(), protocol::to_string(*role));
    } else if (sub == "list") {
      const int offset = store.hall_clock().utc_offset_minutes();
      std::printf("%-20s %-12s %-8s %-24s %-9s %-17s %s\n", "login", "name", "role", "department", "state",
                  "last sign-in", "locked until");
      for (const auto& u : list_users(store))
        std::printf("%-20s %-12s %-8s %-24s %-9s %-17s %s\n", u.login.c_str(), u.name.empty() ? "-" : u.name.c_str(),
                    protocol::to_string(u.role),
                    u.department.empty() ? "-" : u.department.c_str(), u.disabled ? "disabled" : "active",
                    local_time(u.last_login, offset).c_str(), local_time(u.locked_until, offset).c_str());
    } else if (sub == "disable" || sub == "enable") {
      set_user_disabled(store, cli, need("login"), sub == "disable");
      std::printf("account %s %sd\n", opt["login"].c_str(), sub.c_str());
    } else {
      const std::string login = need("login");
      std::string password = new_password();
      reset_password(store, cli, login, password);
      std::printf("password of %s set; its sessions ended\n", login.c_str());
    }
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "hqd: %s\n", e.what());
    return 1;
  }
}

}  // namespace hq
