// The console's accounts through the real hqd: `hqd user` on the command line, sign-in over HTTP on 127.0.0.1
// (cookie flags, CSRF on every change, the admin token still working), lockout and idle expiry across restarts on
// hqd's --now clock, roles and departments, the audit log with its CSV, and the console's files.
#include <gtest/gtest.h>
#include <httplib.h>

#include <random>

#include "hq_fixture.h"
#include "kiosk/core/clock.h"
#include "kiosk/core/store.h"

using namespace sync_test;
using namespace hq_test;
using nlohmann::json;

namespace {

constexpr const char* kStart = "2026-11-20T10:00:00+08:00";
constexpr const char* kAdminPassword = "Bureau-admin-2026";
constexpr const char* kLiaisonPassword = "Liaison#d08-pass";

// `hqd user …` with `password` on stdin; exit status and what it printed (stdout and stderr).
std::pair<int, std::string> user_cli(const std::string& db, const std::string& args, const std::string& password = "") {
  return run("printf '%s\\n' '" + password + "' | " + hqd() + " user " + args + " --db " + db + " 2>&1");
}

// hqd serve on 127.0.0.1 with its clock starting at `now` (a restart with a later --now is time passing).
class Server {
 public:
  Server(const TempDir& dir, const std::string& db) : db_(db), log_(dir.file("serve.log")), port(free_port()) {}
  void start(const std::string& now) {
    process_.start({hqd(), "serve", "--db", db_, "--port", std::to_string(port), "--bind", "127.0.0.1", "--now", now},
                   log_);
    for (int i = 0; i < 500 && !port_open(port); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    ASSERT_TRUE(port_open(port)) << slurp(log_);
  }
  void stop() { process_.kill_now(SIGTERM); }
  httplib::Client client() const { return httplib::Client("127.0.0.1", port); }

 private:
  std::string db_, log_;
  Child process_;

 public:
  int port;
};

// A signed-in console session: its cookie and CSRF token.
struct Session {
  int status = 0;
  std::string cookie, set_cookie, csrf;
  json body;
};

Session sign_in(const Server& s, const std::string& login, const std::string& password,
                const httplib::Headers& extra = {}) {
  auto c = s.client();
  const auto res = c.Post("/v1/console/login", extra, json{{"login", login}, {"password", password}}.dump(),
                          "application/json");
  Session out;
  if (!res) return out;
  out.status = res->status;
  out.body = json::parse(res->body, nullptr, false);
  out.set_cookie = res->get_header_value("Set-Cookie");
  const auto semi = out.set_cookie.find(';');
  out.cookie = out.set_cookie.substr(0, semi);
  if (out.body.is_object() && out.body.contains("csrf_token")) out.csrf = out.body["csrf_token"];
  return out;
}

httplib::Headers with(const Session& s, bool csrf) {
  httplib::Headers h{{"Cookie", s.cookie}};
  if (csrf) h.emplace("X-CSRF-Token", s.csrf);
  return h;
}

int get_status(const Server& s, const std::string& path, const httplib::Headers& h) {
  auto c = s.client();
  const auto res = c.Get(path.c_str(), h);
  return res ? res->status : -1;
}

int post_status(const Server& s, const std::string& path, const httplib::Headers& h, const json& body) {
  auto c = s.client();
  const auto res = c.Post(path.c_str(), h, body.dump(), "application/json");
  return res ? res->status : -1;
}

std::int64_t audit_count(const std::string& db, const std::string& where) {
  sync_db::Db d(db);
  sync_db::Stmt q(d, "SELECT count(*) FROM audit_log WHERE " + where);
  q.step();
  return q.integer(0);
}

// An hqd database with the demo reference data, an admin and a liaison of 区行政审批局 (d08).
struct Bureau {
  Bureau() {
    EXPECT_EQ(user_cli(hq.db, "add --login boss --role admin --now 2026-11-20T09:00:00+08:00", kAdminPassword).first, 0);
    EXPECT_EQ(user_cli(hq.db, "add --login li --role liaison --department 区行政审批局 --now 2026-11-20T09:00:00+08:00",
                       kLiaisonPassword).first,
              0);
  }
  TempDir dir;
  Hq hq{dir};
  Server server{dir, hq.db};
};

}  // namespace

TEST(HqConsole, UserCommandsRefuseWeakPasswordsBadLoginsAndUnknownDepartments) {
  TempDir dir;
  Hq hq(dir);
  const std::vector<std::pair<std::string, std::string>> weak = {
      {"short1", "at least 10 characters"},
      {"abcdefghijkl", "letters and digits"},
      {"12345678901", "letters and digits"},
      {"aaaa1111aaaa", "5 different characters"},
      {"xWang-2026-pass", "must not contain the login"},
  };
  for (const auto& [password, why] : weak) {
    const auto [rc, out] = user_cli(hq.db, "add --login wang --role admin", password);
    EXPECT_EQ(rc, 1) << password;
    EXPECT_NE(out.find(why), std::string::npos) << password << ": " << out;
    EXPECT_EQ(out.find(password), std::string::npos) << "the password is never echoed: " << out;
  }
  auto [rc, out] = user_cli(hq.db, "add --login li --role liaison --department 没有这个部门", kLiaisonPassword);
  EXPECT_EQ(rc, 1);
  EXPECT_NE(out.find("区行政审批局"), std::string::npos) << "the refusal names the departments: " << out;
  std::tie(rc, out) = user_cli(hq.db, "add --login li --role liaison", kLiaisonPassword);
  EXPECT_EQ(rc, 1);
  EXPECT_NE(out.find("needs a department"), std::string::npos) << out;
  std::tie(rc, out) = user_cli(hq.db, "add --login v --role viewer --department 区行政审批局", kLiaisonPassword);
  EXPECT_EQ(rc, 1);
  std::tie(rc, out) = user_cli(hq.db, "add --login wang --role boss", kAdminPassword);
  EXPECT_EQ(rc, 1);
  for (const std::string& login : std::vector<std::string>{"'two words'", "admin-token", "cli", "\"$(printf 'a\\tb')\"",
                                                           std::string(65, 'x')}) {
    std::tie(rc, out) = user_cli(hq.db, "add --login " + login + " --role viewer", kAdminPassword);
    EXPECT_EQ(rc, 1) << login << ": " << out;
  }
  {
    sync_db::Db d(hq.db);
    sync_db::Stmt q(d, "SELECT count(*) FROM users");
    q.step();
    EXPECT_EQ(q.integer(0), 0) << "nothing refused was added";
  }
  std::tie(rc, out) = user_cli(hq.db, "add --login li --role liaison --department 区行政审批局", kLiaisonPassword);
  ASSERT_EQ(rc, 0) << out;
  std::tie(rc, out) = user_cli(hq.db, "add --login LI --role viewer", kAdminPassword);
  EXPECT_EQ(rc, 1) << "logins differ in more than case: " << out;
  std::tie(rc, out) = user_cli(hq.db, "list");
  ASSERT_EQ(rc, 0) << out;
  EXPECT_NE(out.find("li "), std::string::npos) << out;
  EXPECT_NE(out.find("区行政审批局"), std::string::npos) << out;
  EXPECT_EQ(out.find(kLiaisonPassword), std::string::npos);
  // Only an argon2id hash is stored, and each change is in the audit log as done from the command line.
  {
    sync_db::Db d(hq.db);
    sync_db::Stmt q(d, "SELECT password_hash FROM users WHERE login='li'");
    ASSERT_TRUE(q.step());
    EXPECT_EQ(q.text(0).rfind("$argon2id$", 0), 0u) << q.text(0);
  }
  EXPECT_EQ(run("grep -c 'Liaison#d08' " + hq.db + "* ").second.find_first_not_of("0\n"), std::string::npos);
  EXPECT_EQ(user_cli(hq.db, "disable --login li").first, 0);
  EXPECT_EQ(user_cli(hq.db, "disable --login nobody").first, 1);
  EXPECT_EQ(user_cli(hq.db, "reset --login li", "short").first, 1);
  EXPECT_EQ(user_cli(hq.db, "reset --login li", "Another-pass-77").first, 0);
  EXPECT_EQ(audit_count(hq.db, "actor='cli' AND action IN ('user.add','user.disable','user.reset')"), 3);
}

TEST(HqConsole, RandomLoginsAndPasswordsNeverCrashAndNeverLeak) {
  TempDir dir;
  Hq hq(dir);
  Server server(dir, hq.db);
  server.start(kStart);
  std::mt19937 rng(20261120);
  std::uniform_int_distribution<int> byte(0, 255), len(0, 80);
  for (int i = 0; i < 200; ++i) {
    std::string login, password;
    for (int n = len(rng); n > 0; --n) login += static_cast<char>(byte(rng));
    for (int n = len(rng); n > 0; --n) password += static_cast<char>(byte(rng));
    auto c = server.client();
    // Sometimes valid JSON with random strings, sometimes random bytes as the body.
    const std::string body = i % 3 ? json{{"login", login}, {"password", password}}.dump(-1, ' ', false,
                                                                                         json::error_handler_t::replace)
                                   : login + password;
    const auto res = c.Post("/v1/console/login", body, "application/json");
    ASSERT_TRUE(res) << "hqd answered request " << i;
    // After ten failures from this address, 429 (sync.Security.ConsoleSignInsFromOneAddressAreLimitedAcrossLogins).
    EXPECT_TRUE(res->status == 400 || res->status == 401 || res->status == 429) << res->status << " " << res->body;
    if (res->status == 429) {
      EXPECT_FALSE(res->get_header_value("Retry-After").empty());
    }
    EXPECT_TRUE(res->get_header_value("Set-Cookie").empty());
  }
  // Random cookies and CSRF headers are nobody.
  for (int i = 0; i < 50; ++i) {
    std::string cookie = "hq_session=";
    for (int n = 64; n > 0; --n) cookie += "0123456789abcdef"[byte(rng) % 16];
    EXPECT_EQ(get_status(server, "/v1/console/me", {{"Cookie", cookie}}), 401);
  }
}

TEST(HqConsole, SessionCookieCsrfAndTheAdminTokenTogether) {
  Bureau b;
  b.server.start(kStart);
  auto s = sign_in(b.server, "boss", kAdminPassword);
  ASSERT_EQ(s.status, 200) << s.body.dump();
  EXPECT_NE(s.set_cookie.find("HttpOnly"), std::string::npos) << s.set_cookie;
  EXPECT_NE(s.set_cookie.find("SameSite=Strict"), std::string::npos) << s.set_cookie;
  EXPECT_NE(s.set_cookie.find("Path=/"), std::string::npos) << s.set_cookie;
  EXPECT_EQ(s.set_cookie.find("Secure"), std::string::npos) << "plain HTTP: no Secure " << s.set_cookie;
  EXPECT_EQ(s.csrf.size(), 64u);
  EXPECT_EQ(s.body["user"]["role"], "admin");
  // Only a hash of the session id is stored.
  {
    const std::string id = s.cookie.substr(s.cookie.find('=') + 1);
    sync_db::Db d(b.hq.db);
    sync_db::Stmt q(d, "SELECT count(*) FROM sessions WHERE id_hash=?");
    q.bind(1, id);
    q.step();
    EXPECT_EQ(q.integer(0), 0);
  }
  // Behind the HTTPS proxy the cookie is Secure.
  const auto https = sign_in(b.server, "boss", kAdminPassword, {{"X-Forwarded-Proto", "https"}});
  EXPECT_NE(https.set_cookie.find("; Secure"), std::string::npos) << https.set_cookie;

  EXPECT_EQ(get_status(b.server, "/v1/console/me", with(s, false)), 200);
  auto c = b.server.client();
  const auto me = c.Get("/v1/console/me", with(s, false));
  ASSERT_TRUE(me);
  EXPECT_EQ(json::parse(me->body)["csrf_token"], s.csrf);
  const json viewer = {{"login", "leader"}, {"role", "viewer"}, {"password", "Reads-all-2026"}};
  EXPECT_EQ(post_status(b.server, "/v1/console/users", with(s, false), viewer), 403) << "no CSRF header";
  auto wrong = s;
  wrong.csrf[0] = wrong.csrf[0] == 'a' ? 'b' : 'a';
  EXPECT_EQ(post_status(b.server, "/v1/console/users", with(wrong, true), viewer), 403) << "a wrong CSRF header";
  auto mixed = s;
  mixed.csrf = https.csrf;
  EXPECT_EQ(post_status(b.server, "/v1/console/users", with(mixed, true), viewer), 403)
      << "another session's CSRF token";
  EXPECT_EQ(post_status(b.server, "/v1/console/users", with(s, true), viewer), 201);
  EXPECT_EQ(post_status(b.server, "/v1/console/users", with(s, true), viewer), 400) << "already there";
  EXPECT_EQ(post_status(b.server, "/v1/console/users", {}, viewer), 401);
  EXPECT_EQ(audit_count(b.hq.db, "actor='boss' AND action='user.add' AND object='user:leader'"), 1);
  // The admin token keeps working for scripts, with no CSRF header.
  const auto [rc, token] = run(hqd() + " admin-token --db " + b.hq.db);
  ASSERT_EQ(rc, 0);
  EXPECT_EQ(get_status(b.server, "/v1/console/users", {{"Authorization", "Bearer " + token}}), 200);
  EXPECT_EQ(post_status(b.server, "/v1/console/users/disable", {{"Authorization", "Bearer " + token}},
                        {{"login", "leader"}}),
            200);
  EXPECT_EQ(audit_count(b.hq.db, "actor='admin-token' AND action='user.disable' AND object='user:leader'"), 1);
  // A wrong token is not rescued by a good cookie sent with it.
  auto h = with(s, true);
  h.emplace("Authorization", "Bearer " + std::string(64, '0'));
  EXPECT_EQ(get_status(b.server, "/v1/console/users", h), 401);
  // The admin's own account cannot be disabled from its own session.
  EXPECT_EQ(post_status(b.server, "/v1/console/users/disable", with(s, true), {{"login", "boss"}}), 400);
  // Logout needs the CSRF header too, ends the session, and is audited.
  EXPECT_EQ(post_status(b.server, "/v1/console/logout", with(s, false), json::object()), 403);
  EXPECT_EQ(post_status(b.server, "/v1/console/logout", with(s, true), json::object()), 200);
  EXPECT_EQ(get_status(b.server, "/v1/console/me", with(s, false)), 401);
  EXPECT_EQ(get_status(b.server, "/v1/console/me", with(https, false)), 200) << "other sessions go on";
  EXPECT_EQ(audit_count(b.hq.db, "actor='boss' AND action='logout' AND source='127.0.0.1'"), 1);
  EXPECT_EQ(audit_count(b.hq.db, "actor='boss' AND action='login'"), 2);
}

TEST(HqConsole, FiveFailuresLockTheLoginFor15MinutesAcrossARestart) {
  Bureau b;
  b.server.start(kStart);
  for (int i = 1; i <= 4; ++i) {
    const auto s = sign_in(b.server, "li", "Wrong-password-" + std::to_string(i));
    EXPECT_EQ(s.status, 401);
    EXPECT_EQ(s.body["failures_left"], 5 - i);
    EXPECT_TRUE(s.set_cookie.empty());
  }
  auto s = sign_in(b.server, "li", "Wrong-password-5");
  EXPECT_EQ(s.status, 429) << s.body.dump();
  EXPECT_EQ(s.body["reason"], "locked");
  EXPECT_EQ(s.body["locked_until"].get<std::string>().rfind("2026-11-20T02:15:0", 0), 0u) << s.body.dump();
  s = sign_in(b.server, "li", kLiaisonPassword);
  EXPECT_EQ(s.status, 429) << "the right password is refused while locked";
  EXPECT_TRUE(s.set_cookie.empty());
  EXPECT_EQ(sign_in(b.server, "boss", kAdminPassword).status, 200) << "other logins are not locked";
  // Unknown logins answer like wrong passwords.
  EXPECT_EQ(sign_in(b.server, "nobody", kLiaisonPassword).status, 401);
  b.server.stop();
  b.server.start("2026-11-20T10:14:00+08:00");
  EXPECT_EQ(sign_in(b.server, "li", kLiaisonPassword).status, 429) << "the lockout is stored";
  EXPECT_NE(user_cli(b.hq.db, "list --now 2026-11-20T10:14:30+08:00").second.find("2026-11-20 10:15"),
            std::string::npos)
      << "hqd user list shows until when";
  b.server.stop();
  b.server.start("2026-11-20T10:16:00+08:00");
  s = sign_in(b.server, "li", kLiaisonPassword);
  EXPECT_EQ(s.status, 200) << s.body.dump();
  EXPECT_EQ(s.body["user"]["department"], "区行政审批局");
  EXPECT_EQ(audit_count(b.hq.db, "actor='li' AND action='login.failed'"), 5);
  EXPECT_EQ(audit_count(b.hq.db, "actor='li' AND action='login.locked'"), 2);
  EXPECT_EQ(audit_count(b.hq.db, "actor='li' AND action='login'"), 1);
  // A reset lifts a lockout at once.
  for (int i = 0; i < 5; ++i) sign_in(b.server, "li", "Wrong-password-x");
  EXPECT_EQ(sign_in(b.server, "li", kLiaisonPassword).status, 429);
  ASSERT_EQ(user_cli(b.hq.db, "reset --login li", "Fresh-start-2027").first, 0);
  EXPECT_EQ(sign_in(b.server, "li", "Fresh-start-2027").status, 200);
}

TEST(HqConsole, SessionsEndAfter30IdleMinutesAndWhenTheAccountIsDisabled) {
  Bureau b;
  b.server.start(kStart);
  const auto s = sign_in(b.server, "li", kLiaisonPassword);
  ASSERT_EQ(s.status, 200);
  b.server.stop();
  b.server.start("2026-11-20T10:29:00+08:00");
  EXPECT_EQ(get_status(b.server, "/v1/console/me", with(s, false)), 200) << "29 minutes: still signed in";
  b.server.stop();
  b.server.start("2026-11-20T10:58:00+08:00");
  EXPECT_EQ(get_status(b.server, "/v1/console/me", with(s, false)), 200) << "used at 10:29, so alive at 10:58";
  b.server.stop();
  b.server.start("2026-11-20T11:29:00+08:00");
  EXPECT_EQ(get_status(b.server, "/v1/console/me", with(s, false)), 401) << "31 idle minutes";
  const auto again = sign_in(b.server, "li", kLiaisonPassword);
  ASSERT_EQ(again.status, 200);
  ASSERT_EQ(user_cli(b.hq.db, "disable --login li").first, 0);
  EXPECT_EQ(get_status(b.server, "/v1/console/me", with(again, false)), 401);
  EXPECT_EQ(sign_in(b.server, "li", kLiaisonPassword).status, 403);
  EXPECT_EQ(sign_in(b.server, "li", "Wrong-password-1").status, 401) << "a wrong password says nothing more";
}

TEST(HqConsole, RolesAndDepartmentsDecideWhatIsSeen) {
  Bureau b;
  ASSERT_EQ(user_cli(b.hq.db, "add --login leader --role viewer", "Reads-all-2026").first, 0);
  b.hq.start();
  Kiosk k(b.dir, b.hq, "kiosk-a");
  sync_client::SyncClient client(k.config, k.db);
  ASSERT_TRUE(client.pull().ok());
  const auto at = core::parse_iso8601("2026-11-20T09:30:00+08:00", 480).value();
  {
    core::Store store(k.db);
    for (const char* dept : {"d08", "d08", "d02"}) {
      core::Report rep;
      rep.department_id = dept;
      rep.item_name = "企业开办";
      rep.kind = core::ReportKind::many_trips;
      rep.description = "跑了三次";
      rep.due_date = "2026-11-27";
      rep.at = at;
      store.submit_report(rep, 1);
    }
    core::Rating r;
    r.target_id = "o01";  // 冯堃 of d08
    r.target_name = "冯堃";
    r.level = core::Level::dissatisfied;
    r.reasons = {"long_wait"};
    r.at = at;
    store.submit_rating(r);
  }
  ASSERT_TRUE(client.push().ok());
  b.hq.stop();
  b.server.start(kStart);
  const auto admin = sign_in(b.server, "boss", kAdminPassword);
  const auto li = sign_in(b.server, "li", kLiaisonPassword);
  const auto leader = sign_in(b.server, "leader", "Reads-all-2026");
  ASSERT_EQ(li.status, 200);
  auto overview = [&](const Session& s) {
    auto c = b.server.client();
    const auto res = c.Get("/v1/console/overview", with(s, false));
    return res && res->status == 200 ? json::parse(res->body) : json();
  };
  const json a = overview(admin), l = overview(li), v = overview(leader);
  EXPECT_EQ(a["reports_today"], 3);
  EXPECT_EQ(a["ratings_today"], 1);
  EXPECT_EQ(a["bad_ratings_today"], 1);
  EXPECT_EQ(a["kiosks"], 1);
  EXPECT_EQ(l["reports_today"], 2) << "the liaison counts only 区行政审批局's";
  EXPECT_EQ(l["ratings_today"], 1);
  EXPECT_FALSE(l.contains("kiosks"));
  EXPECT_FALSE(l.contains("users"));
  EXPECT_EQ(v["reports_today"], 3);
  EXPECT_FALSE(v.contains("users"));
  for (const char* path : {"/v1/console/users", "/v1/console/audit", "/v1/console/audit.csv"}) {
    EXPECT_EQ(get_status(b.server, path, with(li, false)), 403) << path;
    EXPECT_EQ(get_status(b.server, path, with(leader, false)), 403) << path;
    EXPECT_EQ(get_status(b.server, path, with(admin, false)), 200) << path;
  }
  const json add = {{"login", "x1"}, {"role", "viewer"}, {"password", "Reads-all-2026"}};
  EXPECT_EQ(post_status(b.server, "/v1/console/users", with(li, true), add), 403);
  EXPECT_EQ(post_status(b.server, "/v1/console/users", with(leader, true), add), 403);
  EXPECT_EQ(post_status(b.server, "/v1/admin/report", with(li, true), {{"receipt", "x"}, {"status", "done"}}), 403);
}

TEST(HqConsole, AuditLogPagesFiltersAndExportsAndAdminRoutesWriteIt) {
  Bureau b;
  b.server.start(kStart);
  const auto admin = sign_in(b.server, "boss", kAdminPassword);
  ASSERT_EQ(admin.status, 200);
  for (int i = 0; i < 7; ++i) sign_in(b.server, "nobody", "Wrong-pass-" + std::to_string(i));
  // An admin route's change through the session (with its CSRF header) is audited with who did it.
  auto c = b.server.client();
  auto h = with(admin, true);
  const auto res = c.Post("/v1/admin/pin", h, json{{"official", "o05"}, {"pin", "73915846"}}.dump(), "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200) << res->body;
  EXPECT_EQ(audit_count(b.hq.db, "actor='boss' AND action='pin.set' AND object='official:o05'"), 1);
  EXPECT_EQ(audit_count(b.hq.db, "after LIKE '%73915846%' OR before LIKE '%73915846%'"), 0) << "never the PIN";
  const auto csv_import = c.Post("/v1/admin/calendar", h, "日期,类型\n2026-12-31,放假\n", "text/csv");
  ASSERT_TRUE(csv_import);
  EXPECT_EQ(csv_import->status, 200) << csv_import->body;
  EXPECT_EQ(audit_count(b.hq.db, "actor='boss' AND action='calendar.import' AND after LIKE '%\"imported\":1%'"), 1);
  // Pages of 3, newest first, until the end.
  std::vector<std::int64_t> ids;
  std::string next;
  for (int page = 0; page < 20; ++page) {
    const auto r = c.Get(("/v1/console/audit?limit=3" + (next.empty() ? "" : "&before_id=" + next)).c_str(),
                         with(admin, false));
    ASSERT_TRUE(r && r->status == 200);
    const json j = json::parse(r->body);
    for (const auto& e : j["entries"]) ids.push_back(e["id"]);
    if (j["next_before_id"].is_null()) break;
    next = std::to_string(j["next_before_id"].get<std::int64_t>());
  }
  const auto total = audit_count(b.hq.db, "1");
  EXPECT_EQ(static_cast<std::int64_t>(ids.size()), total);
  EXPECT_TRUE(std::is_sorted(ids.rbegin(), ids.rend()));
  // Filters: an action family, an account, dates.
  auto entries = [&](const std::string& q) {
    const auto r = c.Get(("/v1/console/audit?" + q).c_str(), with(admin, false));
    return r && r->status == 200 ? json::parse(r->body)["entries"] : json();
  };
  EXPECT_EQ(entries("action=login.").size(), 7u);
  EXPECT_EQ(entries("actor=nobody&action=login.failed").size(), 5u) << "the sixth and seventh found it locked";
  EXPECT_EQ(entries("actor=nobody&action=login.locked").size(), 2u);
  EXPECT_EQ(entries("actor=boss&action=login").size(), 1u);
  EXPECT_EQ(entries("from=2026-11-20&to=2026-11-20").size(), static_cast<std::size_t>(total));
  EXPECT_EQ(entries("from=2026-11-21").size(), 0u);
  EXPECT_EQ(get_status(b.server, "/v1/console/audit?from=yesterday", with(admin, false)), 400);
  EXPECT_EQ(get_status(b.server, "/v1/console/audit?limit=100000", with(admin, false)), 400);
  // The CSV: a header row in Chinese and one row per entry, a formula-looking cell made inert.
  sign_in(b.server, "=cmd|'/C_calc'!A0", "Wrong-pass-1");
  const auto csv = c.Get("/v1/console/audit.csv?action=login.failed", with(admin, false));
  ASSERT_TRUE(csv && csv->status == 200);
  EXPECT_NE(csv->get_header_value("Content-Type").find("text/csv"), std::string::npos);
  const auto rows = read_csv(csv->body);
  ASSERT_EQ(rows.size(), 1u + 5u + 1u) << csv->body;
  EXPECT_EQ(rows[0][0], "时间");
  EXPECT_EQ(rows[1][1].rfind("'=cmd", 0), 0u) << rows[1][1];
  EXPECT_EQ(rows[2][1], "nobody");
  EXPECT_EQ(rows[2][3], "login.failed");
  EXPECT_EQ(rows[2][0].rfind("2026-11-20 10:0", 0), 0u) << rows[2][0];
}

TEST(HqConsole, ConsoleFilesAreServedSafely) {
  Bureau b;
  b.server.start(kStart);
  auto c = b.server.client();
  const auto root = c.Get("/");
  ASSERT_TRUE(root);
  EXPECT_EQ(root->status, 302);
  EXPECT_EQ(root->get_header_value("Location"), "/console/");
  const std::vector<std::pair<std::string, std::string>> files = {
      {"/console/", "text/html"}, {"/console/app.js", "text/javascript"}, {"/console/console.css", "text/css"},
      {"/console/pages/login.js", "text/javascript"}, {"/console/i18n/zh-CN.json", "application/json"},
      {"/console/i18n/en.json", "application/json"}, {"/console/lib/chart.js/chart.min.js", "text/javascript"}};
  for (const auto& [path, type] : files) {
    const auto r = c.Get(path.c_str());
    ASSERT_TRUE(r) << path;
    EXPECT_EQ(r->status, 200) << path;
    EXPECT_EQ(r->get_header_value("Content-Type").rfind(type, 0), 0u) << path;
    EXPECT_EQ(r->get_header_value("X-Content-Type-Options"), "nosniff");
    EXPECT_NE(r->get_header_value("Content-Security-Policy").find("default-src 'self'"), std::string::npos);
  }
  EXPECT_EQ(c.Get("/console/i18n/zh-CN.json")->body, slurp(std::string(KIOSK_ASSETS_DIR) + "/i18n/zh-CN.json"));
  // The charts' library is Debian's libjs-chart.js, as installed.
  EXPECT_EQ(c.Get("/console/lib/chart.js/chart.min.js")->body, slurp("/usr/share/javascript/chart.js/chart.min.js"));
  // Nothing outside the console's folder and the words, however the path is spelt.
  for (const std::string path :
       {"/console/../config/kiosk.toml", "/console/%2e%2e/config/kiosk.toml", "/console/..%2fconfig/kiosk.toml",
        "/console/i18n/../config/kiosk.toml", "/console/.hidden.js", "/console//etc/passwd", "/console/README.md",
        "/console/pages/", "/console/i18n/", "/console/app.js%00.html", "/console/%2fetc%2fpasswd",
        "/console/i18n/zh-CN.json/..", "/console/../../../../../../etc/passwd", "/console/lib/jquery/jquery.js",
        "/console/lib/chart.js/", "/console/lib/chart.js/../jquery/jquery.js", "/console/lib/chart.js",
        "/console/lib/chart.js/%2e%2e/jquery/jquery.js"}) {
    const auto r = c.Get(path.c_str());
    ASSERT_TRUE(r) << path;
    EXPECT_TRUE(r->status == 404 || r->status == 400) << path << " " << r->status;
    EXPECT_EQ(r->body.find("[hq]"), std::string::npos) << path;
  }
  std::mt19937 rng(7);
  std::uniform_int_distribution<int> pick(0, 7);
  const char* parts[] = {"..", "/", "%2e", "%2f", "i18n", "app.js", ".", "%00"};
  for (int i = 0; i < 300; ++i) {
    std::string p = "/console/";
    for (int n = 1 + pick(rng); n > 0; --n) p += parts[pick(rng)];
    const auto r = c.Get(p.c_str());
    ASSERT_TRUE(r) << p;
    EXPECT_NE(r->status, 500) << p;
    if (r->status == 200) {
      EXPECT_NE(p.find("app.js"), std::string::npos) << p;
    }
  }
}
