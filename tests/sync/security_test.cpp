// The six holes of the outside security test (issue 19), each tried again against a real hqd on 127.0.0.1:
// a report under another kiosk's receipt, a check-out of another kiosk's sitting, token guessing (device and
// admin), names that could become paths, plus the kiosk's side in tests/scenarios/store_faults.scn.
#include <gtest/gtest.h>
#include <httplib.h>

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "kiosk/core/store.h"
#include "sync/protocol/damm.h"
#include "sync_fixture.h"

namespace {

using nlohmann::json;
using namespace sync_test;

struct Device {
  std::string id, token;
  httplib::Headers headers() const { return {{"Authorization", "Bearer " + token}, {"X-Device-Id", id}}; }
};

// A receipt of kiosk `number`: day 1061, count `n`, with its Damm check digit.
std::string receipt_of(int number, int n) {
  char body[16];
  std::snprintf(body, sizeof body, "%03d1061%04d", number, n);
  return std::string(body) + protocol::damm_check_digit(body);
}

json envelope(const std::string& kind, const json& body) {
  return {{"uuid", body.at("uuid")}, {"kind", kind}, {"created_at", "2026-11-27T10:20:00+08:00"}, {"body", body}};
}

json report(const std::string& receipt, const std::string& phone = "13912345678") {
  return {{"uuid", core::new_uuid()}, {"receipt", receipt},     {"created_at", "2026-11-27T10:20:00+08:00"},
          {"department_id", "d08"}, {"item_name", "企业开办"}, {"kind", "materials"},
          {"description", "材料太多"}, {"due_date", "2026-12-04"}, {"phone", phone}};
}

json checkin(const std::string& official) {
  return {{"uuid", core::new_uuid()}, {"official_id", official}, {"window_id", "wA01"}, {"schedule_id", nullptr},
          {"date", "2026-11-27"}, {"half", "am"}, {"checkin_at", "2026-11-27T09:00:00+08:00"},
          {"unscheduled_reason", "临时"}};
}

json checkout(const std::string& sitting, const json& official) {
  return {{"uuid", core::new_uuid()}, {"sitting_uuid", sitting}, {"checkout_at", "2026-11-27T11:50:00+08:00"},
          {"visitors", 3}, {"counts", false}, {"auto_closed", false}, {"problems", json::array()},
          {"official_id", official}};
}

// Posts one record; the HTTP status and the record's answer {status, reason}.
std::pair<int, json> post(int port, const Device& d, const json& record) {
  httplib::Client c("127.0.0.1", port);
  const auto res = c.Post("/v1/records", d.headers(),
                          json{{"protocol", 1}, {"records", json::array({record})}}.dump(), "application/json");
  if (!res) return {0, json()};
  const json j = json::parse(res->body, nullptr, false);
  return {res->status, j.is_object() && j.contains("results") ? j["results"][0] : json()};
}

std::string slurp(const std::string& path) {
  std::ifstream f(path);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

// Rows of hqd's audit log matching `where`.
std::int64_t audit_count(const std::string& db, const std::string& where) {
  sync_db::Db d(db);
  sync_db::Stmt s(d, "SELECT count(*) FROM audit_log WHERE " + where);
  s.step();
  return s.integer(0);
}

std::string enrol_with(const Hq& hq, const std::string& device, const std::string& options) {
  const auto [rc, out] = run(std::string(HQD_BINARY) + " enrol --db " + hq.db + " --device " + device + " " + options +
                             " 2>/dev/null");
  EXPECT_EQ(rc, 0) << out;
  return out;
}

class Security : public ::testing::Test {
 protected:
  void SetUp() override {
    a = {"kiosk-a", hq.enrol("kiosk-a")};  // kiosk number 1
    b = {"kiosk-b", hq.enrol("kiosk-b")};  // kiosk number 2
    hq.start();
  }
  TempDir dir;
  Hq hq{dir};
  Device a, b;
};

// Hole 1: a reply leaked to another kiosk through a report filed under that kiosk's receipt.
TEST_F(Security, AReportUnderAnotherKiosksReceiptIsInvalidAndRepliesReachOnlyItsKiosk) {
  const std::string theirs = receipt_of(2, 1);
  ASSERT_EQ(post(hq.port, b, envelope("report", report(theirs))).second["status"], "accepted");
  const auto [status, answer] = post(hq.port, a, envelope("report", report(theirs)));
  EXPECT_EQ(status, 200);
  EXPECT_EQ(answer["status"], "invalid");
  EXPECT_NE(answer.value("reason", "").find("is not this kiosk's"), std::string::npos) << answer.dump();
  EXPECT_EQ(post(hq.port, a, envelope("report", report(receipt_of(1, 1)))).second["status"], "accepted");
  EXPECT_EQ(hq.count("receipt='" + theirs + "'"), 1);
  EXPECT_EQ(hq.count("receipt='" + theirs + "' AND device_id='kiosk-b'"), 1);

  // A kiosk that has another's number now (renumbered) still cannot take over a receipt HQ holds from another.
  enrol_with(hq, "kiosk-b", "--kiosk-number 5");
  Device c{"kiosk-c", enrol_with(hq, "kiosk-c", "--kiosk-number 2")};
  const auto [st2, again] = post(hq.port, c, envelope("report", report(theirs)));
  EXPECT_EQ(again["status"], "invalid");
  EXPECT_NE(again.value("reason", "").find("filed by another kiosk"), std::string::npos) << again.dump();

  // The reply (with the citizen's phone in it) goes to kiosk-b only.
  ASSERT_EQ(run(std::string(HQD_BINARY) + " set-report --db " + hq.db + " --receipt " + theirs +
                " --status accepted --reply '已致电 13912345678'").first, 0);
  auto feed = [&](const Device& d) {
    httplib::Client cl("127.0.0.1", hq.port);
    const auto res = cl.Get("/v1/reference?cursor=0", d.headers());
    return res && res->status == 200 ? res->body : std::string();
  };
  b.token = enrol_with(hq, "kiosk-b", "");  // re-enrolled above: its token changed
  EXPECT_NE(feed(b).find(theirs), std::string::npos);
  EXPECT_EQ(feed(a).find(theirs), std::string::npos);
  EXPECT_EQ(feed(c).find(theirs), std::string::npos);
  EXPECT_EQ(feed(a).find("13912345678"), std::string::npos);
}

// Hole 2: a kiosk closed a sitting another kiosk recorded.
TEST_F(Security, ACheckOutOfAnotherKiosksSittingNeedsItsOfficialAndTheSameHall) {
  const json in = checkin("o01");
  const std::string sitting = in.at("uuid");
  ASSERT_EQ(post(hq.port, a, envelope("checkin", in)).second["status"], "accepted");
  auto open = [&] {
    sync_db::Db d(hq.db);
    sync_db::Stmt s(d, "SELECT checkout_at IS NULL FROM sittings WHERE uuid=?");
    s.bind(1, sitting);
    return s.step() && s.integer(0) == 1;
  };
  EXPECT_EQ(post(hq.port, b, envelope("checkout", checkout(sitting, nullptr))).second["status"], "invalid");
  EXPECT_EQ(post(hq.port, b, envelope("checkout", checkout(sitting, "o02"))).second["status"], "invalid");
  Device other_hall{"kiosk-x", enrol_with(hq, "kiosk-x", "--hall 薛城区大厅")};
  EXPECT_EQ(post(hq.port, other_hall, envelope("checkout", checkout(sitting, "o01"))).second["status"], "invalid");
  EXPECT_TRUE(open()) << "no refused check-out closed the sitting";
  EXPECT_EQ(post(hq.port, b, envelope("checkout", checkout(sitting, "o01"))).second["status"], "accepted");
  EXPECT_FALSE(open());
  // The check-in's own kiosk needs no name; every record keeps the device that sent it.
  const json in2 = checkin("o02");
  ASSERT_EQ(post(hq.port, a, envelope("checkin", in2)).second["status"], "accepted");
  EXPECT_EQ(post(hq.port, a, envelope("checkout", checkout(in2.at("uuid"), nullptr))).second["status"], "accepted");
  EXPECT_EQ(hq.count("device_id='kiosk-a'"), 3);
  EXPECT_EQ(hq.count("device_id='kiosk-b'"), 1);
  EXPECT_EQ(hq.count("device_id NOT IN ('kiosk-a', 'kiosk-b')"), 0);
}

// Hole 3: no limit on guessing device tokens or the admin token.
TEST_F(Security, GuessingTokensIsLimitedButTheRightTokenAlwaysPasses) {
  httplib::Client c("127.0.0.1", hq.port);
  const std::string guess(64, 'f');
  int refused401 = 0, limited = 0;
  std::string retry_after;
  for (int i = 0; i < 14; ++i) {
    const auto res = c.Get("/v1/reference?cursor=0", {{"Authorization", "Bearer " + guess}, {"X-Device-Id", "kiosk-a"}});
    ASSERT_TRUE(res);
    if (res->status == 401) ++refused401;
    if (res->status == 429) {
      ++limited;
      retry_after = res->get_header_value("Retry-After");
    }
    // The honest kiosk-a, between the guesses at its id: never slowed.
    const auto ok = c.Get("/v1/reference?cursor=0", a.headers());
    ASSERT_TRUE(ok);
    EXPECT_EQ(ok->status, 200) << "guess " << i;
  }
  EXPECT_EQ(refused401, 10);
  EXPECT_EQ(limited, 4);
  EXPECT_GE(std::atoi(retry_after.c_str()), 30);
  // Guesses at many ids from one address are limited by the address.
  int by_address = 0;
  for (int i = 0; i < 12; ++i) {
    const auto res = c.Get("/v1/reference", {{"Authorization", "Bearer " + guess}, {"X-Device-Id", "k" + std::to_string(i)}});
    if (res && res->status == 429) ++by_address;
  }
  EXPECT_GT(by_address, 0);
  const auto b_ok = c.Get("/v1/reference?cursor=0", b.headers());
  ASSERT_TRUE(b_ok);
  EXPECT_EQ(b_ok->status, 200);

  // The admin token, from another address behind the trusted proxy (X-Forwarded-For from 127.0.0.1).
  const auto [rc, admin] = run(std::string(HQD_BINARY) + " admin-token --db " + hq.db);
  ASSERT_EQ(rc, 0);
  int admin_limited = 0;
  for (int i = 0; i < 12; ++i) {
    const auto res = c.Post("/v1/admin/report", {{"Authorization", "Bearer " + guess}, {"X-Forwarded-For", "10.1.2.3"}},
                            "{}", "application/json");
    if (res && res->status == 429) ++admin_limited;
  }
  EXPECT_EQ(admin_limited, 2);
  const auto admin_ok = c.Post("/v1/admin/report", {{"Authorization", "Bearer " + admin}, {"X-Forwarded-For", "10.1.2.3"}},
                               json{{"receipt", receipt_of(1, 9)}, {"status", "done"}}.dump(), "application/json");
  ASSERT_TRUE(admin_ok);
  EXPECT_EQ(admin_ok->status, 404) << "the right token is let through (the receipt is unknown)";
  // Each lockout is an audit line naming who and where, never the token tried.
  const std::string log = slurp(dir.file("hqd.log"));
  EXPECT_NE(log.find("auth.lockout account=kiosk-a address=127.0.0.1"), std::string::npos) << log;
  EXPECT_NE(log.find("account=admin-token address=10.1.2.3"), std::string::npos) << log;
  EXPECT_EQ(log.find(guess), std::string::npos);
  EXPECT_EQ(log.find(a.token), std::string::npos);
  // And in the audit log the console shows (审计日志), with the address as its source.
  EXPECT_GE(audit_count(hq.db, "action='auth.lockout' AND actor='kiosk-a' AND source='127.0.0.1'"), 1);
  EXPECT_GE(audit_count(hq.db, "action='auth.lockout' AND actor='admin-token' AND source='10.1.2.3'"), 1);
  EXPECT_EQ(audit_count(hq.db, "instr(before || after || object, '" + guess + "') > 0"), 0);
}

// Hole 3 for the console's sign-in: one address trying many logins (password spraying) is limited like a device
// guessing tokens, while the login itself locks after 5 (tests/hq/console_test.cpp); nobody else is slowed.
TEST_F(Security, ConsoleSignInsFromOneAddressAreLimitedAcrossLogins) {
  ASSERT_EQ(run("printf '%s\\n' 'Right-password-2026' | " + std::string(HQD_BINARY) + " user add --db " + hq.db +
                " --login wang --role admin 2>&1").first, 0);
  httplib::Client c("127.0.0.1", hq.port);
  auto sign_in = [&](const std::string& address, const std::string& login, const std::string& password) {
    const auto res = c.Post("/v1/console/login", {{"X-Forwarded-For", address}},
                            json{{"login", login}, {"password", password}}.dump(), "application/json");
    return res ? std::make_pair(res->status, res->get_header_value("Retry-After")) : std::make_pair(0, std::string());
  };
  // Eleven logins, one wrong password each (the per-login lockout never comes into it); and a login that is not
  // even a possible one counts the same.
  int refused = 0, limited = 0;
  for (int i = 0; i < 11; ++i) {
    const auto [status, retry] = sign_in("10.9.9.9", i == 3 ? "bad login" : "user" + std::to_string(i), "Guess-12345");
    refused += status == 401;
    limited += status == 429 && std::atoi(retry.c_str()) >= 30;
  }
  EXPECT_EQ(refused, 10);
  EXPECT_EQ(limited, 1);
  // While the address is locked not even the right password is checked (a right guess looks like a wrong one).
  EXPECT_EQ(sign_in("10.9.9.9", "wang", "Right-password-2026").first, 429);
  // From anywhere else wang signs in at once.
  EXPECT_EQ(sign_in("10.8.8.8", "wang", "Right-password-2026").first, 200);
  EXPECT_GE(audit_count(hq.db, "action='auth.lockout' AND source='10.9.9.9'"), 1);
  EXPECT_EQ(audit_count(hq.db, "action='login' AND actor='wang' AND source='10.8.8.8'"), 1);
  EXPECT_EQ(audit_count(hq.db, "instr(before || after, 'Guess-12345') > 0"), 0);
}

// Hole 4: names were not checked (a department named x/../../escape/pwned was stored).
TEST_F(Security, NamesThatCouldBecomePathsOrHideCharactersAreNeverStored) {
  const auto [rc, admin] = run(std::string(HQD_BINARY) + " admin-token --db " + hq.db);
  ASSERT_EQ(rc, 0);
  httplib::Client c("127.0.0.1", hq.port);
  auto departments_named = [&](const std::string& like) {
    sync_db::Db d(hq.db);
    sync_db::Stmt s(d, "SELECT count(*) FROM reference WHERE tbl='departments' AND body LIKE ?");
    s.bind(1, "%" + like + "%");
    s.step();
    return s.integer(0);
  };
  for (const std::string& name : {std::string("x/../../escape/pwned"), std::string("a\\b"), std::string("ab\x07") + "c",
                                  std::string("甲\xe2\x80\xae乙"), std::string(".."), std::string(61, 'x')}) {
    const auto res = c.Post("/v1/admin/hall", {{"Authorization", "Bearer " + admin}},
                            "窗口,名称,部门\nZ01,试,"  + name + "\n", "text/csv");
    ASSERT_TRUE(res);
    EXPECT_TRUE(res->status == 400 || res->status == 422) << name << ": " << res->status << " " << res->body;
    EXPECT_EQ(departments_named(name.substr(0, 3)), 0) << name;
  }
  // The same through the command line, for reference files and device ids.
  const std::string file = dir.file("bad.json");
  std::ofstream(file) << R"({"protocol": 1, "full": false, "departments": [{"id": "../d", "name": "好", "short_name": "", "sort": 1}]})";
  EXPECT_NE(run(std::string(HQD_BINARY) + " import-reference --db " + hq.db + " " + file + " 2>&1").first, 0);
  EXPECT_NE(run(std::string(HQD_BINARY) + " enrol --db " + hq.db + " --device 'a/b' 2>&1").first, 0);
  EXPECT_EQ(departments_named("../d"), 0);
  // A good name still goes in.
  const auto ok = c.Post("/v1/admin/hall", {{"Authorization", "Bearer " + admin}}, "窗口,名称,部门\nZ01,试,区试验局\n", "text/csv");
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 200) << ok->body;
  EXPECT_EQ(departments_named("区试验局"), 1);
}

// Hole 4 through the console's own edits (the grid pages' rows and the accounts page): every name a person types
// there is checked by the same rules before anything is stored.
TEST_F(Security, ConsoleEditsStoreNoNameThatCouldBecomeAPath) {
  const auto [rc, admin] = run(std::string(HQD_BINARY) + " admin-token --db " + hq.db);
  ASSERT_EQ(rc, 0);
  httplib::Client c("127.0.0.1", hq.port);
  const httplib::Headers auth = {{"Authorization", "Bearer " + admin}};
  auto post_row = [&](const std::string& table, const json& row) {
    const auto res = c.Post("/v1/console/" + table, auth, row.dump(), "application/json");
    return res ? res->status : 0;
  };
  auto stored = [&](const std::string& table, const std::string& like) {
    sync_db::Db d(hq.db);
    sync_db::Stmt q(d, "SELECT count(*) FROM reference WHERE tbl=? AND instr(body, ?) > 0");
    q.bind(1, table).bind(2, like);
    q.step();
    return q.integer(0);
  };
  const std::string rlo = "\xe2\x80\xae";  // U+202E, which turns the text after it around on screen
  for (const std::string& name : {std::string("x/../../escape/pwned"), std::string("甲\\乙"), std::string("冯\n堃"),
                                  "冯" + rlo + "堃", std::string(31 * 3, 'a')}) {
    EXPECT_EQ(post_row("officials", {{"name", name}, {"title", "科员"}, {"rank", "chief"}, {"department", "d08"}}), 400)
        << name;
    EXPECT_EQ(stored("officials", name.substr(0, 4)), 0) << name;
  }
  for (const std::string& text : {std::string("窗口\x07"), "窗" + rlo + "口", std::string(41 * 3, 'b')}) {
    EXPECT_EQ(post_row("windows", {{"number", "Z9"}, {"name", text}, {"department", "d08"}}), 400) << text;
    EXPECT_EQ(post_row("items", {{"name", text}, {"type", "other"}, {"department", "d08"}}), 400) << text;
    EXPECT_EQ(stored("windows", text), 0) << text;
    EXPECT_EQ(stored("service_items", text), 0) << text;
  }
  EXPECT_EQ(post_row("windows", {{"number", "../Z9"}, {"name", "窗口"}, {"department", "d08"}}), 400);
  EXPECT_EQ(stored("windows", "\"Z9\""), 0);
  for (const std::string& login : {std::string("a b"), std::string("wang\x01"), "wang" + rlo, std::string(65, 'w')}) {
    const auto res = c.Post("/v1/console/users", auth,
                            json{{"login", login}, {"role", "viewer"}, {"password", "Reads-all-2026"}}.dump(),
                            "application/json");
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 400) << login;
  }
  {
    sync_db::Db d(hq.db);
    sync_db::Stmt q(d, "SELECT count(*) FROM users");
    q.step();
    EXPECT_EQ(q.integer(0), 0);
  }
  // Good names still go in, '/' in a free text such as an item's name included (it never becomes a file name).
  EXPECT_EQ(post_row("officials", {{"name", "欧阳燊"}, {"title", "科员"}, {"rank", "chief"}, {"department", "d08"}}), 200);
  EXPECT_EQ(post_row("items", {{"name", "食品经营许可（新办/变更）"}, {"type", "other"}, {"department", "d08"}}), 200);
  EXPECT_EQ(stored("officials", "欧阳燊"), 1);
}

// What the server sent on `fd` within `seconds` ("" when nothing; "closed" when it closed with nothing).
std::string answer_on(int fd, int seconds) {
  timeval tv{seconds, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  char buf[512];
  const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
  if (n == 0) return "closed";
  return n > 0 ? std::string(buf, static_cast<std::size_t>(n)) : std::string();
}

// A fresh connection asks for /v1/health and gets 200 within 2 s.
bool health_answers(int port) {
  const int fd = connect_from("127.0.0.9", port);
  const std::string ask = "GET /v1/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
  const bool ok = fd >= 0 && ::send(fd, ask.data(), ask.size(), MSG_NOSIGNAL) > 0 &&
                  answer_on(fd, 2).find("200 OK") != std::string::npos;
  if (fd >= 0) ::close(fd);
  return ok;
}

int threads_of(pid_t pid) {
  std::ifstream f("/proc/" + std::to_string(pid) + "/status");
  for (std::string line; std::getline(f, line);)
    if (line.rfind("Threads:", 0) == 0) return std::stoi(line.substr(8));
  return -1;
}

// Issue 20, connection handling: idle keep-alive and half-sent headers hold no worker, headers have a deadline,
// one address holds a bounded number of connections, and /v1/health answers throughout.
TEST_F(Security, SlowAndIdleConnectionsHoldNoWorkerAndHealthAlwaysAnswers) {
  const int threads_before = threads_of(hq.pid());
  // 300 idle keep-alive connections (each asked once) and 300 that trickle header lines, all from 127.0.0.1.
  std::vector<int> idle, slow;
  const std::string ask = "GET /v1/health HTTP/1.1\r\nHost: x\r\n\r\n";
  for (int i = 0; i < 300; ++i) {
    idle.push_back(connect_from("127.0.0.1", hq.port));
    ::send(idle.back(), ask.data(), ask.size(), MSG_NOSIGNAL);
    EXPECT_NE(answer_on(idle.back(), 3).find("200 OK"), std::string::npos) << i;
    slow.push_back(connect_from("127.0.0.1", hq.port));
    const std::string start = "GET /v1/health HTTP/1.1\r\nHost: x\r\n";
    ::send(slow.back(), start.data(), start.size(), MSG_NOSIGNAL);
  }
  int answered = 0;
  for (int round = 0; round < 6; ++round) {  // 12 s: past the 10 s header deadline
    for (std::size_t i = 0; i < slow.size(); ++i) {
      const std::string line = "X-Slow-" + std::to_string(i) + ": 1\r\n";
      ::send(slow[i], line.data(), line.size(), MSG_NOSIGNAL);
    }
    answered += health_answers(hq.port) ? 1 : 0;
    std::this_thread::sleep_for(std::chrono::seconds(2));
  }
  EXPECT_EQ(answered, 6);
  EXPECT_LE(threads_of(hq.pid()), threads_before + 2) << "no thread per connection";
  // The trickling ones were answered 408 (or closed) at their header deadline.
  int timed_out = 0;
  for (int fd : slow) {
    const std::string got = answer_on(fd, 1);
    timed_out += got.find("408") != std::string::npos || got == "closed" ? 1 : 0;
    ::close(fd);
  }
  EXPECT_EQ(timed_out, 300);
  for (int fd : idle) ::close(fd);

  // From one address that is not a trusted proxy, at most 16 connections are open at once.
  std::vector<int> many;
  for (int i = 0; i < 16; ++i) many.push_back(connect_from("127.0.0.2", hq.port));
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  const int extra = connect_from("127.0.0.2", hq.port);
  EXPECT_EQ(answer_on(extra, 2), "closed");
  ::close(extra);
  ::send(many[0], ask.data(), ask.size(), MSG_NOSIGNAL);
  EXPECT_NE(answer_on(many[0], 3).find("200 OK"), std::string::npos) << "the first sixteen are served";
  EXPECT_TRUE(health_answers(hq.port));
  for (int fd : many) ::close(fd);
}

}  // namespace
