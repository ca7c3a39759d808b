// The console's casework API through a real hqd on 127.0.0.1 and a real kiosk database: a 差评 from a kiosk goes
// through every state and a 申诉 (which then leaves 好评率 in the ratings export); a 办不成事 is found by its receipt
// as printed, handed on (转办) and done, and its reply reaches the kiosk's 进度查询; phones are masked until an
// audited reveal; random and mutated requests never get a 5xx nor stop hqd.
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

struct Console {
  explicit Console(Hq& hq) : http("127.0.0.1", hq.port) {
    const auto [rc, token] = run(hqd() + " admin-token --db " + hq.db);
    EXPECT_EQ(rc, 0);
    auth = {{"Authorization", "Bearer " + token}};
    http.set_read_timeout(10, 0);
  }
  json get(const std::string& path, int expect = 200) {
    auto res = http.Get(path, auth);
    EXPECT_TRUE(res) << path;
    if (!res) return {};
    EXPECT_EQ(res->status, expect) << path << ": " << res->body;
    return json::parse(res->body);
  }
  json post(const std::string& path, const json& body, int expect = 200) {
    auto res = http.Post(path, auth, body.dump(), "application/json");
    EXPECT_TRUE(res) << path;
    if (!res) return {};
    EXPECT_EQ(res->status, expect) << path << ": " << res->body;
    return json::parse(res->body);
  }
  httplib::Client http;
  httplib::Headers auth;
};

// Every byte but letters and digits as %XX.
std::string percent_encoded(const std::string& s) {
  std::string out;
  for (const char ch : s) {
    const auto u = static_cast<unsigned char>(ch);
    if (std::isalnum(u)) {
      out += ch;
    } else {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", u);
      out += buf;
    }
  }
  return out;
}


}  // namespace

TEST(HqConsoleCasework, ComplaintFromAKioskThroughEveryStateAndAnAppeal) {
  HqWithKiosk f;
  auto& [dir, hq, k, client] = f;
  ASSERT_TRUE(client.pull().ok());
  std::string bad, appealed;
  const auto at = core::parse_iso8601("2026-11-20T09:30:00+08:00", 480).value();
  {
    core::Store store(k.db);
    core::Rating r = complaint_with_phone(at);
    r.comment = "<script>alert(1)</script>";
    bad = store.submit_rating(r);
    r.level = core::Level::very_dissatisfied;
    r.phone.reset();
    appealed = store.submit_rating(r);
    r.level = core::Level::satisfied;
    r.reasons.clear();
    store.submit_rating(r);
  }
  ASSERT_TRUE(client.push().ok());
  Console c(hq);
  EXPECT_EQ(httplib::Client("127.0.0.1", hq.port).Get("/v1/console/ratings")->status, 401);
  auto list = c.get("/v1/console/ratings?department=%E5%8C%BA%E8%A1%8C%E6%94%BF%E5%AE%A1%E6%89%B9%E5%B1%80");  // 区行政审批局
  ASSERT_EQ(list["items"].size(), 2u) << "the two 差评, not the good rating";
  EXPECT_EQ(list["items"][0]["department"], "区行政审批局");
  EXPECT_EQ(list["items"][0]["state_name"], "待核实");
  auto detail = c.get("/v1/console/ratings/" + bad);
  EXPECT_EQ(detail["phone"], "138****5678");
  EXPECT_EQ(detail["comment"], "<script>alert(1)</script>") << "kept as text; the page shows it as text";
  EXPECT_EQ(detail["target"]["name"], "冯堃");
  for (const auto& [state, note] : std::vector<std::pair<std::string, std::string>>{
           {"整改中", "核实属实"}, {"answered", "已反馈整改情况"}, {"已回访", "已电话回访，群众满意"}}) {
    detail = c.post("/v1/console/ratings/" + bad + "/state", {{"state", state}, {"note", note}});
    EXPECT_EQ(detail["history"].back()["note"], note);
  }
  EXPECT_EQ(detail["state_name"], "已回访");
  EXPECT_EQ(detail["history"].size(), 3u);
  c.post("/v1/console/ratings/" + bad + "/state", {{"state", "整改中"}, {"note", "x"}}, 400);
  // The reveal is its own POST, and audited.
  EXPECT_EQ(c.post("/v1/console/ratings/" + bad + "/phone", json::object())["phone"], "13812345678");
  c.post("/v1/console/ratings/" + appealed + "/phone", json::object(), 404);
  EXPECT_EQ(count(hq.db, "SELECT count(*) FROM audit_log WHERE action='rating.reveal_phone' AND actor='admin-token'"), 1);
  EXPECT_EQ(count(hq.db, "SELECT count(*) FROM audit_log WHERE action='rating.state'"), 3);
  // 申诉 and the bureau's approval: the rating no longer counts in 好评率.
  c.post("/v1/console/ratings/" + appealed + "/appeal", {{"ground", "误评"}, {"reason", "群众误触"}});
  EXPECT_EQ(c.get("/v1/console/ratings?appeal=pending")["items"].size(), 1u);
  detail = c.post("/v1/console/ratings/" + appealed + "/appeal/decision", {{"approve", true}, {"note", "核实属实"}});
  EXPECT_EQ(detail["appeal_name"], "申诉成立");
  const std::string csv = dir.file("ratings.csv");
  const auto [rc, out] = run(hqd() + " export --db " + hq.db + " --table ratings --from 2026-11-01 --to 2026-11-30 "
                             "--department d08 --format csv --out " + csv + " 2>&1");
  ASSERT_EQ(rc, 0) << out;
  const auto rows = read_csv(slurp(csv));
  const auto summary = find_row(rows, {"区行政审批局", "领导", "冯堃"});
  ASSERT_EQ(summary.size(), 10u);
  EXPECT_EQ(summary[7], "0") << "非常不满意: the approved appeal is not counted";
  EXPECT_EQ(summary[8], "2");
  EXPECT_EQ(summary[9], "50.0%");
  EXPECT_NE(find_row(rows, {appealed})[8].find("申诉成立"), std::string::npos);
  // The CLI reads the same cases, in Chinese words.
  const auto [rc2, listing] = run(hqd() + " rating --db " + hq.db + " list --state 已回访");
  ASSERT_EQ(rc2, 0);
  EXPECT_NE(listing.find(bad), std::string::npos);
  EXPECT_NE(listing.find("区行政审批局"), std::string::npos);
  EXPECT_EQ(listing.find(appealed), std::string::npos);
}

TEST(HqConsoleCasework, ReportHandedOnAndDoneReachesTheKiosk) {
  HqWithKiosk f;
  auto& [dir, hq, k, client] = f;
  ASSERT_TRUE(client.pull().ok());
  std::string receipt;
  {
    core::Store store(k.db);
    core::Report rep = many_trips_report(core::parse_iso8601("2026-11-20T09:30:00+08:00", 480).value());
    rep.name = "王小明";
    rep.phone = "13912345678";
    receipt = store.submit_report(rep, 1);
  }
  ASSERT_TRUE(client.push().ok());
  Console c(hq);
  const std::string spaced = receipt.substr(0, 4) + "%20" + receipt.substr(4, 4) + "%20" + receipt.substr(8);
  auto detail = c.get("/v1/console/reports/" + spaced);
  EXPECT_EQ(detail["receipt"], receipt);
  EXPECT_EQ(detail["state_name"], "待受理");
  EXPECT_EQ(detail["phone"], "139****5678");
  EXPECT_EQ(detail["name"], "王**");
  EXPECT_EQ(c.get("/v1/console/reports/" + receipt.substr(0, 4) + "-" + receipt.substr(4, 4) + "-" +
                  receipt.substr(8))["receipt"],
            receipt);
  detail = c.post("/v1/console/reports/" + receipt + "/state",
                  {{"state", "已受理"}, {"department", "区国土住建局"}, {"note", "属住建局职责"}});
  EXPECT_EQ(detail["department"], "区国土住建局");
  EXPECT_EQ(c.get("/v1/console/reports?department=d07")["items"].size(), 1u);
  EXPECT_EQ(c.get("/v1/console/reports?department=d08")["items"].size(), 0u);
  c.post("/v1/console/reports/" + receipt + "/state", {{"state", "done"}}, 400);  // a reply is needed
  c.post("/v1/console/reports/" + receipt + "/state", {{"state", "办理中"}});
  ASSERT_TRUE(client.pull().ok());
  {
    core::Store store(k.db);
    EXPECT_EQ(store.find_report(receipt)->status, "in_progress");
  }
  c.post("/v1/console/reports/" + receipt + "/state", {{"state", "已办结"}, {"reply", "材料已补齐，已办结"}});
  ASSERT_TRUE(client.pull().ok());
  {
    core::Store store(k.db);
    const auto shown = store.find_report(receipt);
    ASSERT_TRUE(shown);
    EXPECT_EQ(shown->status, "done");
    EXPECT_EQ(shown->reply, "材料已补齐，已办结");
  }
  EXPECT_EQ(c.post("/v1/console/reports/" + receipt + "/phone", json::object())["phone"], "13912345678");
  EXPECT_EQ(count(hq.db, "SELECT count(*) FROM audit_log WHERE action='report.reveal_phone'"), 1);
  const json counts = c.get("/v1/console/reports/counts");
  EXPECT_EQ(counts["all"]["total"], 1);
  EXPECT_EQ(counts["all"]["states"]["done"], 1) << "the sums hold every state, as each department's counts";
  EXPECT_EQ(counts["all"]["states"]["submitted"], 0);
  // The CLI: the receipt as printed and the Chinese state words.
  const auto [rc, out] = run(hqd() + " set-report --db " + hq.db + " --receipt '" + receipt.substr(0, 4) + " " +
                             receipt.substr(4, 4) + " " + receipt.substr(8) + "' --status 办理中 2>&1");
  EXPECT_EQ(rc, 0) << out;
  EXPECT_EQ(c.get("/v1/console/reports/" + receipt)["state"], "in_progress");
}

// Random and mutated requests to every casework endpoint: never a 5xx, never a crash, hqd answers after.
TEST(HqConsoleCasework, RandomRequestsNeverGetA5xx) {
  HqWithKiosk f;
  auto& [dir, hq, k, client] = f;
  ASSERT_TRUE(client.pull().ok());
  std::string rating, receipt;
  {
    core::Store store(k.db);
    const core::Rating r = complaint_with_phone(core::parse_iso8601("2026-11-20T09:30:00+08:00", 480).value());
    rating = store.submit_rating(r);
    core::Report rep;
    rep.department_id = "d08";
    rep.item_name = "企业开办";
    rep.description = "x";
    rep.due_date = "2026-11-27";
    rep.at = r.at;
    receipt = store.submit_report(rep, 1);
  }
  ASSERT_TRUE(client.push().ok());
  Console c(hq);
  std::mt19937 rng(7);
  const std::vector<std::string> ids = {rating, receipt, "0011%200660%200016", "%FF%FE", "..", "counts", "deadlines",
                                        std::string(300, '9'), "%00", "x"};
  const std::vector<std::string> words = {"整改中", "已回访", "done", "已受理", "恶意", "misc", "\xff\xfe\xfd", "\xe4\xb8",
                                          std::string(5000, 'a'), "", "区国土住建局", "2026-13-01", "d07"};
  auto mutate = [&](std::string s) {
    for (int n = static_cast<int>(rng() % 4); n > 0 && !s.empty(); --n) s[rng() % s.size()] = static_cast<char>(rng());
    return s;
  };
  auto pick = [&](const std::vector<std::string>& v) { return rng() % 3 ? v[rng() % v.size()] : mutate(v[rng() % v.size()]); };
  const std::vector<std::string> gets = {"/v1/console/ratings", "/v1/console/reports", "/v1/console/ratings/counts",
                                         "/v1/console/reports/counts", "/v1/console/ratings/deadlines"};
  const std::vector<std::string> params = {"department", "state", "overdue", "from", "to", "appeal", "limit", "offset",
                                           "cursor"};
  const std::vector<std::string> posts = {"state", "appeal", "appeal/decision", "phone"};
  int answered = 0;
  for (int i = 0; i < 600; ++i) {
    const int what = static_cast<int>(rng() % 4);
    auto request = [&]() -> httplib::Result {
    if (what == 0) {
      std::string path = gets[rng() % gets.size()] + "?";
      for (int p = static_cast<int>(rng() % 4); p > 0; --p)
        path += params[rng() % params.size()] + "=" + percent_encoded(pick(words)) + "&";
      return c.http.Get(path, c.auth);
    }
    if (what == 1) return c.http.Get((rng() % 2 ? "/v1/console/ratings/" : "/v1/console/reports/") + pick(ids), c.auth);
    {
      json body = json::object();
      for (const char* key : {"state", "note", "ground", "reason", "reply", "department", "promised"})
        if (rng() % 2) body[key] = pick(words);
      if (rng() % 3 == 0) body["approve"] = rng() % 2 == 0;
      if (rng() % 5 == 0) body["note"] = rng();  // not a string
      std::string text;
      try {
        text = body.dump();
      } catch (const json::exception&) {
        text = body.dump(-1, ' ', false, json::error_handler_t::ignore);
      }
      if (rng() % 4 == 0) text = mutate(text);  // not JSON, or invalid UTF-8 inside strings
      if (rng() % 6 == 0) text = "\"a\":\"\xff\"}";
      const std::string path = (rng() % 2 ? "/v1/console/ratings/" : "/v1/console/reports/") + pick(ids) + "/" +
                               posts[rng() % posts.size()];
      return c.http.Post(path, c.auth, text, "application/json");
    }
    };
    const httplib::Result res = request();
    ASSERT_TRUE(res) << "hqd stopped answering at request " << i;
    EXPECT_LT(res->status, 500) << res->body;
    ++answered;
  }
  EXPECT_EQ(answered, 600);
  EXPECT_EQ(c.http.Get("/v1/health")->status, 200);
  EXPECT_EQ(c.get("/v1/console/ratings")["items"].size(), 1u);
}
