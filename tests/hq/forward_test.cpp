// The provincial 好差评 forwarding (sync/FORWARDING.md) on a real store: both mappings of assets/forwarding/ checked
// field by field against records written out by hand; a level's codes in both numberings and back without a flip;
// ratings held for want of a code, and sent once the code is given; and a fake provincial platform of the test's
// own (a real HTTP server on 127.0.0.1 that checks every field's format strictly and dedupes on our UUID) that goes
// down, stalls past the timeout, answers 5xx, garbage, half an answer or loses its answer after storing, while
// ratings of every level, reason and target arrive there exactly once.
#include <gtest/gtest.h>
#include <httplib.h>

#include <atomic>
#include <cstdio>
#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <random>
#include <regex>
#include <set>
#include <sstream>
#include <thread>

#include "case_records.h"
#include "demo_store.h"
#include "sync/common/civil_time.h"
#include "sync/common/clock.h"
#include "sync/common/read_text.h"
#include "sync/common/sqlite_db.h"
#include "sync/hq/admin_tokens.h"
#include "sync/hq/forward_config.h"
#include "sync/hq/forward_http.h"
#include "sync/hq/forward_mapping.h"
#include "sync/hq/forward_outbox.h"
#include "sync/hq/forward_report.h"
#include "sync/hq/forward_codes.h"
#include "sync/hq/forward_events.h"
#include "sync/hq/hq_words.h"
#include "sync/hq/handling_rating.h"
#include "sync/hq/rating_cases.h"
#include "sync/hq/report_cases.h"
#include "sync/hq/hq_store.h"
#include "sync/protocol/reference_json.h"
#include "sync_fixture.h"

using namespace hq;
using nlohmann::json;
using protocol::Level;
using protocol::TargetKind;

namespace {

const std::string kAssets = KIOSK_ASSETS_DIR;
constexpr const char* kShenpiCode = "11370402MB28529012";   // 区行政审批局 (d08): in the reference data
constexpr const char* kZhujianCode = "11370402004412345X";  // 区国土住建局 (d07): in the config's table
constexpr const char* kPhone = "13812345678";

// Every 差评 reason id the kiosks ship.
std::vector<std::string> shipped_reasons() {
  std::vector<std::string> out;
  const json list = json::parse(*common::read_text(kAssets + "/reasons/rating_reasons.json"));
  for (const auto& g : list["groups"])
    for (const auto& r : g["reasons"]) out.push_back(r["id"].get<std::string>());
  return out;
}

// Each reason's evalDetail code: E01, E02, … in the shipped order.
json reason_codes(const std::vector<std::string>& skip = {}) {
  json codes = json::object();
  int n = 0;
  for (const auto& r : shipped_reasons()) {
    ++n;
    if (std::find(skip.begin(), skip.end(), r) != skip.end()) continue;
    codes[r] = std::string(n < 10 ? "E0" : "E") + std::to_string(n);
  }
  return codes;
}

json provincial_config(const std::string& url, int batch = 7) {
  return {{"url", url},
          {"mapping", "provincial"},
          {"area_code", "370402000000"},
          {"area_name", "枣庄市市中区"},
          {"settings", {{"data_source", "zaozhuang-shizhong-hall"}}},
          {"reason_codes", reason_codes()},
          {"department_codes", {{"d07", kZhujianCode}}},
          {"item_codes", {{"i01", "370402000000QT0001"}}},
          {"timeout_seconds", 1},
          {"batch_size", batch}};
}

json gbt_config(const std::string& url) {
  return {{"url", url}, {"mapping", "gbt39046"}, {"area_code", "370402000"}, {"area_name", "枣庄市市中区"},
          {"timeout_seconds", 1}};
}

ForwardConfig config_of(const json& j) { return parse_forward_config(j.dump(), ".", kAssets); }

// A store on a real file with the demo reference data (d08's credit code in it), HQ's clock on 2026-11-27 10:20.
struct ForwardStore {
  ForwardStore() : clock(common::from_civil(2026, 11, 27, 10, 20, 0, 480)), store(dir.file("hq.db"), clock) {
    json ref = json::parse(*common::read_text(kAssets + "/demo/reference.json"));
    for (auto& d : ref["departments"])
      if (d["id"] == "d08") d["credit_code"] = kShenpiCode;
    store.import_reference(protocol::decode_reference(ref.dump()));
  }
  void ingest(const std::vector<protocol::RecordEnvelope>& records) {
    for (const auto& r : store.ingest("kiosk-a", records))
      ASSERT_EQ(r.status, protocol::RecordStatus::accepted) << r.reason;
  }
  std::int64_t count(const std::string& sql) {
    return store.locked([&](sync_db::Db& db) {
      sync_db::Stmt s(db, sql);
      s.step();
      return s.integer(0);
    });
  }
  std::string text(const std::string& sql) {
    return store.locked([&](sync_db::Db& db) {
      sync_db::Stmt s(db, sql);
      return s.step() ? s.text(0) : std::string("(none)");
    });
  }
  // Sends until nothing is due, then lets an hour pass (every backoff over).
  void drain(Forwarder& f) {
    for (int i = 0; i < 1000 && f.send_due() > 0; ++i) {
    }
    clock.advance(3600);
  }
  sync_test::TempDir dir;
  common::ManualClock clock;
  HqStore store;
};

std::string uuid(std::uint64_t n) { return case_records::uuid_of(n, 7); }

// A rating as a kiosk sends it, at 09:mm:ss Beijing time on 2026-11-27, with the citizen's phone.
protocol::RecordEnvelope rating(std::uint64_t n, TargetKind kind, const std::string& id, Level level,
                                std::vector<std::string> reasons = {}, const std::string& comment = "") {
  protocol::RatingBody b;
  b.uuid = uuid(n);
  char at[40];
  std::snprintf(at, sizeof at, "2026-11-27T09:%02d:%02d+08:00", static_cast<int>(n / 60 % 60), static_cast<int>(n % 60));
  b.created_at = at;
  b.target_kind = kind;
  b.target_id = id;
  b.target_name = id;
  b.level = level;
  b.reasons = std::move(reasons);
  if (protocol::is_bad(level) && b.reasons.empty()) b.reasons = {"long_wait"};
  b.reason_version = "default-1";
  b.comment = comment;
  b.phone = kPhone;
  return {b.uuid, "rating", b.created_at, protocol::encode(b), "", std::nullopt};
}

// An item's 差评 with two reasons and a comment, a very satisfied rating of an official, a window's 基本满意.
std::vector<protocol::RecordEnvelope> three_ratings() {
  return {rating(1, TargetKind::item, "i01", Level::dissatisfied, {"long_wait", "many_trips"}, "等了很久"),
          rating(2, TargetKind::official, "o05", Level::very_satisfied),
          rating(3, TargetKind::window, "wA01", Level::basic, {}, "还行")};
}

bool matches(const json& v, const char* re) { return v.is_string() && std::regex_match(v.get<std::string>(), std::regex(re)); }

// A real calendar moment in "YYYY-MM-DD hh:mm:ss" or "YYYYMMDDThhmmss".
bool real_time(const std::string& s, bool compact) {
  const auto num = [&](std::size_t at, std::size_t n) { return std::stoi(s.substr(at, n)); };
  const int y = num(0, 4), mo = num(compact ? 4 : 5, 2), d = num(compact ? 6 : 8, 2);
  const int h = num(compact ? 9 : 11, 2), mi = num(compact ? 11 : 14, 2), se = num(compact ? 13 : 17, 2);
  return y >= 2000 && y < 2100 && common::is_real_day(y, mo, d) && h < 24 && mi < 60 && se < 60;
}

// The fake platform: one of the two interfaces, strict about formats, deduping on the record's id.
class FakePlatform {
 public:
  enum class Mode { ok, slow, error500, busy, malformed, half_answer, lose_answer, refuse };
  enum class Kind { provincial, gbt };

  explicit FakePlatform(Kind kind, std::set<std::string> codes = {}) : kind_(kind), codes_(std::move(codes)) {
    server_.Post("/api/assess", [this](const httplib::Request& req, httplib::Response& res) { handle(req, res); });
    server_.Post("/api/result", [this](const httplib::Request& req, httplib::Response& res) { handle_result(req, res); });
    server_.set_read_timeout(5, 0);
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  ~FakePlatform() {
    server_.stop();
    thread_.join();
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/api/assess"; }
  std::string results_url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/api/result"; }

  std::atomic<Mode> mode{Mode::ok};
  std::mutex mutex;
  std::map<std::string, json> stored;   // by our UUID: what arrived first
  std::map<std::string, int> arrivals;  // how often each UUID came
  std::map<std::string, json> feedback;  // 整改 and 回访 results by their id: what arrived first
  std::map<std::string, int> feedback_arrivals;
  std::vector<std::string> problems;    // every format the platform refused
  int duplicates_answered = 0;

 private:
  const char* id_key() const { return kind_ == Kind::provincial ? "assessId" : "recordId"; }

  std::string provincial_problem(const json& r) const {
    static const std::set<std::string> known = {"assessId", "projectNo", "taskCode", "taskName", "deptCode",
                                                "deptName", "pf", "satisfaction", "evalDetail", "writingEvaluation",
                                                "assessNumber", "assessTime", "areaCode", "areaName", "dataSource"};
    for (const auto& [k, v] : r.items())
      if (!known.count(k)) return "unknown field " + k;
    for (const char* k : {"deptCode", "deptName", "pf", "satisfaction", "assessNumber", "assessTime", "areaCode",
                          "areaName", "dataSource"})
      if (!r.contains(k)) return std::string("lacks ") + k;
    if (!r["satisfaction"].is_number_integer() || r["satisfaction"] < 1 || r["satisfaction"] > 5)
      return "satisfaction not 1..5";
    if (!r["assessNumber"].is_number_integer() || (r["assessNumber"] != 1 && r["assessNumber"] != 2))
      return "assessNumber not 1 or 2";
    if (r["pf"] != "5") return "pf not 5 (政务大厅自助终端)";
    if (!matches(r["deptCode"], "[0-9A-HJ-NPQRTUWXY]{18}")) return "deptCode not a 统一社会信用代码";
    if (!matches(r["assessTime"], "\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}") ||
        !real_time(r["assessTime"].get<std::string>(), false))
      return "assessTime not yyyy-MM-dd HH:mm:ss";
    if (!matches(r["areaCode"], "\\d{12}")) return "areaCode not 12 digits";
    if (!r["areaName"].is_string() || r["areaName"].get<std::string>().empty()) return "areaName empty";
    if (!r["deptName"].is_string() || r["deptName"].get<std::string>().size() > 300) return "deptName";
    if (r.contains("taskCode") && !matches(r["taskCode"], "[0-9A-Za-z]{1,64}")) return "taskCode";
    if (r.contains("projectNo") && !matches(r["projectNo"], "\\d{12}")) return "projectNo not a 12-digit 办件编号";
    const bool bad = r["satisfaction"] <= 2;
    if (bad != r.contains("evalDetail")) return "evalDetail present exactly for 差评";
    if (r.contains("evalDetail")) {
      if (!r["evalDetail"].is_string()) return "evalDetail not text";
      std::stringstream parts(r["evalDetail"].get<std::string>());
      for (std::string code; std::getline(parts, code, ',');)
        if (!codes_.count(code)) return "evalDetail holds an unknown code " + code;
    }
    if (r.contains("writingEvaluation") && r["writingEvaluation"].get<std::string>().size() > 2000)
      return "writingEvaluation too long";
    return {};
  }

  std::string gbt_problem(const json& r) const {
    static const std::map<std::string, std::string> a8 = {
        {"1", "非常满意"}, {"2", "满意"}, {"3", "基本满意"}, {"4", "不满意"}, {"5", "非常不满意"}};
    static const std::set<std::string> known = {"recordId", "projectNo", "evaluationChannel", "evaluator",
                                                "evaluationTime", "evaluationCount", "satisfaction",
                                                "satisfactionCode", "comment", "areaCode"};
    for (const auto& [k, v] : r.items())
      if (!known.count(k)) return "unknown field " + k;
    if (!r.contains("satisfactionCode") || !r["satisfactionCode"].is_string() ||
        !a8.count(r["satisfactionCode"].get<std::string>()))
      return "satisfactionCode not of table A.8";
    if (r.value("satisfaction", "") != a8.at(r["satisfactionCode"].get<std::string>()))
      return "satisfaction does not name its code";
    if (!matches(r.value("evaluationTime", json()), "\\d{8}T\\d{6}") ||
        !real_time(r["evaluationTime"].get<std::string>(), true))
      return "evaluationTime not YYYYMMDDThhmmss";
    if (!r.contains("evaluationCount") || !r["evaluationCount"].is_number_integer() || r["evaluationCount"] < 1)
      return "evaluationCount";
    if (r.value("evaluationChannel", "") != "自助终端" && r.value("evaluationChannel", "") != "政务大厅其他终端")
      return "evaluationChannel";
    if (!matches(r.value("areaCode", json()), "\\d{9}")) return "areaCode not 9 digits";
    if (!r.contains("evaluator")) return "lacks evaluator";
    return {};
  }

  // A 整改 or 回访 result: every field in its format, and only for an evaluation the platform holds.
  std::string result_problem(const json& r) const {
    static const std::set<std::string> known = {"feedbackId", "assessId", "feedbackType", "feedbackContent",
                                                "feedbackTime", "deptCode", "deptName", "areaCode", "dataSource"};
    for (const auto& [k, v] : r.items())
      if (!known.count(k)) return "unknown field " + k;
    for (const auto& k : known)
      if (!r.contains(k)) return "lacks " + k;
    if (!matches(r["assessId"], "[0-9a-f-]{36}") || !stored.count(r["assessId"].get<std::string>()))
      return "a result for an evaluation the platform does not hold";
    if (!r["feedbackType"].is_number_integer() || (r["feedbackType"] != 1 && r["feedbackType"] != 2))
      return "feedbackType not 1 (整改) or 2 (回访)";
    if (!r["feedbackContent"].is_string() || r["feedbackContent"].get<std::string>().empty() ||
        r["feedbackContent"].get<std::string>().size() > 2000)
      return "feedbackContent empty or too long";
    if (!matches(r["feedbackTime"], "\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}") ||
        !real_time(r["feedbackTime"].get<std::string>(), false))
      return "feedbackTime not yyyy-MM-dd HH:mm:ss";
    if (!matches(r["deptCode"], "[0-9A-HJ-NPQRTUWXY]{18}")) return "deptCode not a 统一社会信用代码";
    if (!matches(r["areaCode"], "\\d{12}")) return "areaCode not 12 digits";
    return {};
  }

  void handle_result(const httplib::Request& req, httplib::Response& res) {
    const Mode m = mode.load();
    if (m == Mode::error500) {
      res.status = 500;
      return;
    }
    const json body = json::parse(req.body, nullptr, false);
    if (!body.is_object() || !body.contains("data") || !body["data"].is_array()) {
      res.status = 400;
      return;
    }
    json answers = json::array();
    {
      std::lock_guard<std::mutex> lock(mutex);
      for (const auto& r : body["data"]) {
        std::string problem = r.is_object() && r.contains("feedbackId") && matches(r["feedbackId"], "[0-9a-f-]{36}")
                                  ? result_problem(r) : "no id";
        if (r.dump().find(kPhone) != std::string::npos) problem = "carries the citizen's phone";
        if (!problem.empty()) {
          problems.push_back("result: " + problem);
          answers.push_back({{"feedbackId", r.value("feedbackId", json())}, {"status", "invalid"}, {"msg", problem}});
          continue;
        }
        const std::string id = r["feedbackId"].get<std::string>();
        ++feedback_arrivals[id];
        const bool seen = feedback.count(id) > 0;
        if (!seen) feedback[id] = r;
        answers.push_back({{"feedbackId", id}, {"status", seen ? "duplicate" : "0"}});
      }
    }
    if (m == Mode::lose_answer) {
      res.status = 502;
      return;
    }
    res.set_content(json{{"code", "200"}, {"results", answers}}.dump(), "application/json");
  }

  void handle(const httplib::Request& req, httplib::Response& res) {
    const Mode m = mode.load();
    if (m == Mode::error500) {
      res.status = 500;
      return;
    }
    if (m == Mode::refuse) {
      res.status = 400;
      res.set_content(R"({"code":"400","msg":"appKey invalid"})", "application/json");
      return;
    }
    if (m == Mode::busy) {
      res.status = 503;
      res.set_header("Retry-After", "120");
      return;
    }
    const json body = json::parse(req.body, nullptr, false);
    const char* key = kind_ == Kind::provincial ? "data" : "records";
    if (!body.is_object() || !body.contains(key) || !body[key].is_array()) {
      res.status = 400;
      return;
    }
    if (m == Mode::slow) std::this_thread::sleep_for(std::chrono::milliseconds(1500));
    json results = json::array();
    {
      std::lock_guard<std::mutex> lock(mutex);
      for (const auto& r : body[key]) {
        std::string problem = r.is_object() && r.contains(id_key()) && matches(r[id_key()], "[0-9a-f-]{36}")
                                  ? (kind_ == Kind::provincial ? provincial_problem(r) : gbt_problem(r))
                                  : "no id";
        if (r.dump().find(kPhone) != std::string::npos) problem = "carries the citizen's phone";
        const std::string id = r.is_object() && r.contains(id_key()) ? r[id_key()].dump() : "?";
        if (!problem.empty()) {
          problems.push_back(id + ": " + problem);
          results.push_back({{id_key(), r.value(id_key(), json())}, {"status", "invalid"}, {"msg", problem}});
          continue;
        }
        const std::string uuid = r[id_key()].get<std::string>();
        ++arrivals[uuid];
        const bool seen = stored.count(uuid) > 0;
        if (!seen) stored[uuid] = r;
        if (seen) ++duplicates_answered;
        const char* word = kind_ == Kind::provincial ? (seen ? "duplicate" : "0") : (seen ? "duplicate" : "accepted");
        results.push_back({{id_key(), uuid}, {"status", word}});
      }
    }
    if (m == Mode::lose_answer) {
      res.status = 502;
      return;
    }
    if (m == Mode::malformed) {
      res.set_content("<html>网关错误</html>", "text/html");
      return;
    }
    if (m == Mode::half_answer) {
      json half = json::array();
      for (std::size_t i = 0; i < results.size() / 2; ++i) half.push_back(results[i]);
      results = half;
    }
    res.set_content(json{{"code", "200"}, {"results", results}}.dump(), "application/json");
  }

  Kind kind_;
  std::set<std::string> codes_;
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
};

std::set<std::string> every_code() {
  std::set<std::string> out;
  const json codes = reason_codes();
  for (const auto& [k, v] : codes.items()) out.insert(v.get<std::string>());
  return out;
}

// The three ratings forwarded from a fresh store with config(url) to a fake platform of `kind`: what it stored.
std::map<std::string, json> delivered(FakePlatform::Kind kind, const std::function<json(const std::string&)>& config) {
  ForwardStore s;
  s.ingest(three_ratings());
  FakePlatform platform(kind, every_code());
  Forwarder f(s.store, config_of(config(platform.url())));
  s.drain(f);
  EXPECT_EQ(s.count("SELECT count(*) FROM forwards WHERE state='sent' AND answer IS NOT NULL"), 3);
  std::lock_guard<std::mutex> lock(platform.mutex);
  EXPECT_TRUE(platform.problems.empty()) << platform.problems.front();
  return platform.stored;
}

ForwardMapping mapping_file(const std::string& name) {
  return parse_forward_mapping(*common::read_text(kAssets + "/forwarding/" + name + ".json"));
}

}  // namespace

TEST(HqForward, ALevelRoundTripsThroughBothNumberingsWithoutAFlip) {
  const ForwardMapping gbt = mapping_file("gbt39046");
  const ForwardMapping prov = mapping_file("provincial");
  for (const char* word : protocol::Spelling<Level>::words) {
    const Level level = *protocol::from_string<Level>(word);
    const std::string g = gbt.levels.at(level).first, p = prov.levels.at(level).first;
    EXPECT_EQ(level_of_code(gbt, g), level) << word;
    EXPECT_EQ(level_of_code(prov, p), level) << word;
    EXPECT_EQ(std::stoi(g) + std::stoi(p), 6) << word << ": the two count in opposite directions";
  }
  EXPECT_EQ(gbt.levels.at(Level::very_satisfied).first, "1");  // GB/T 39046 table A.8
  EXPECT_EQ(gbt.levels.at(Level::very_satisfied).second, "非常满意");
  EXPECT_EQ(gbt.levels.at(Level::very_dissatisfied).first, "5");
  EXPECT_EQ(prov.levels.at(Level::very_satisfied).first, "5");
  EXPECT_EQ(prov.levels.at(Level::very_dissatisfied).first, "1");
  EXPECT_FALSE(level_of_code(prov, "6"));
  EXPECT_FALSE(level_of_code(gbt, "0"));
  // A mapping with a level missing, or two levels sharing a code, is refused.
  json broken = json::parse(*common::read_text(kAssets + "/forwarding/provincial.json"));
  broken["levels"]["basic"]["code"] = "4";
  EXPECT_THROW(parse_forward_mapping(broken.dump()), std::runtime_error);
  broken["levels"].erase("basic");
  EXPECT_THROW(parse_forward_mapping(broken.dump()), std::runtime_error);
}

TEST(HqForward, BothMappingsFieldByFieldAgainstRecordsWrittenByHand) {
  auto province = delivered(FakePlatform::Kind::provincial, [](const std::string& url) {
    return provincial_config(url, 50);
  });
  ASSERT_EQ(province.size(), 3u);
  EXPECT_EQ(province[uuid(1)], json::parse(R"({
    "assessId": ")" + uuid(1) + R"(", "taskCode": "370402000000QT0001", "taskName": "企业开办“一件事”",
    "deptCode": "11370402MB28529012", "deptName": "区行政审批局", "pf": "5", "satisfaction": 2,
    "evalDetail": "E04,E05", "writingEvaluation": "等了很久", "assessNumber": 1, "assessTime": "2026-11-27 09:00:01",
    "areaCode": "370402000000", "areaName": "枣庄市市中区", "dataSource": "zaozhuang-shizhong-hall"})"));
  EXPECT_EQ(province[uuid(2)], json::parse(R"({
    "assessId": ")" + uuid(2) + R"(", "deptCode": "11370402004412345X", "deptName": "区国土住建局", "pf": "5",
    "satisfaction": 5, "assessNumber": 1, "assessTime": "2026-11-27 09:00:02", "areaCode": "370402000000",
    "areaName": "枣庄市市中区", "dataSource": "zaozhuang-shizhong-hall"})"));
  EXPECT_EQ(province[uuid(3)]["satisfaction"], 3);
  EXPECT_EQ(province[uuid(3)]["writingEvaluation"], "还行");
  EXPECT_FALSE(province[uuid(3)].contains("taskCode"));  // a window has no 事项

  // The same three to the GB/T 39046 data set.
  auto dataset = delivered(FakePlatform::Kind::gbt, gbt_config);
  ASSERT_EQ(dataset.size(), 3u);
  EXPECT_EQ(dataset[uuid(1)], json::parse(R"({
    "recordId": ")" + uuid(1) + R"(", "evaluationChannel": "自助终端", "evaluator": "匿名",
    "evaluationTime": "20261127T090001", "evaluationCount": 1, "satisfaction": "不满意", "satisfactionCode": "4",
    "comment": "等了很久", "areaCode": "370402000"})"));
  EXPECT_EQ(dataset[uuid(2)], json::parse(R"({
    "recordId": ")" + uuid(2) + R"(", "evaluationChannel": "自助终端", "evaluator": "匿名",
    "evaluationTime": "20261127T090002", "evaluationCount": 1, "satisfaction": "非常满意", "satisfactionCode": "1",
    "areaCode": "370402000"})"));
  EXPECT_EQ(dataset[uuid(3)]["satisfactionCode"], "3");
}

TEST(HqForward, ARatingWithoutACodeIsHeldWithItsReasonAndSentOnceTheCodeIsGiven) {
  ForwardStore s;
  s.ingest({rating(1, TargetKind::official, "o07", Level::satisfied),                       // d13: no credit code
            rating(2, TargetKind::official, "o01", Level::very_dissatisfied, {"other"}),  // "other" has no code
            rating(3, TargetKind::official, "o01", Level::satisfied),
            rating(4, TargetKind::official, "o-gone", Level::satisfied)});               // unknown to HQ
  // Queued in ingest's own transaction: one row per rating, none for a duplicate or another kind.
  EXPECT_EQ(s.count("SELECT count(*) FROM forwards WHERE state='pending'"), 4);
  s.store.ingest("kiosk-a", {rating(1, TargetKind::official, "o07", Level::satisfied),
                             case_records::report(9, "d08", "2026-11-27", "2026-12-04")});
  EXPECT_EQ(s.count("SELECT count(*) FROM forwards"), 4);

  FakePlatform province(FakePlatform::Kind::provincial, every_code());
  json config = provincial_config(province.url());
  config["reason_codes"] = reason_codes({"other"});
  {
    Forwarder f(s.store, config_of(config));
    s.drain(f);
  }
  EXPECT_EQ(s.text("SELECT held_reason || ' ' || held_detail FROM forwards WHERE rating_uuid='" + uuid(1) + "'"),
            "forward.held.no_department_code d13");
  EXPECT_EQ(s.text("SELECT held_reason || ' ' || held_detail FROM forwards WHERE rating_uuid='" + uuid(2) + "'"),
            "forward.held.no_reason_code other");
  EXPECT_EQ(s.text("SELECT held_reason || ' ' || held_detail FROM forwards WHERE rating_uuid='" + uuid(4) + "'"),
            "forward.held.unknown_target o-gone");
  EXPECT_EQ(s.text("SELECT state FROM forwards WHERE rating_uuid='" + uuid(3) + "'"), "sent");
  {
    std::lock_guard<std::mutex> lock(province.mutex);
    EXPECT_EQ(province.stored.size(), 1u);  // nothing was sent wrong
    EXPECT_TRUE(province.problems.empty());
  }
  // The bureau uploads the missing codes; the held rows go at their next look.
  config["reason_codes"] = reason_codes();
  config["department_codes"]["d13"] = "11370402MB1234567Y";
  Forwarder f(s.store, config_of(config));
  s.drain(f);
  EXPECT_EQ(s.count("SELECT count(*) FROM forwards WHERE state='sent' AND held_reason IS NULL"), 3);
  EXPECT_EQ(s.text("SELECT state FROM forwards WHERE rating_uuid='" + uuid(4) + "'"), "held");
  // The report of what was sent, by the ratings' day: through the function and `hqd forwards`.
  const auto days = forward_days(s.store, "2026-11-01", "2026-11-30");
  ASSERT_EQ(days.size(), 1u);
  EXPECT_EQ(days[0].date, "2026-11-27");
  EXPECT_EQ(days[0].sent, 3);
  EXPECT_EQ(days[0].held, 1);
  EXPECT_EQ(days[0].failed + days[0].pending, 0);
  EXPECT_TRUE(forward_days(s.store, "2026-12-01", "").empty());
  std::string printed;
  if (FILE* p = popen((std::string(HQD_BINARY) + " forwards --db " + s.dir.file("hq.db")).c_str(), "r")) {
    char buf[256];
    while (std::fgets(buf, sizeof buf, p)) printed += buf;
    EXPECT_EQ(pclose(p), 0);
  }
  EXPECT_EQ(printed, "date\tsent\theld\tfailed\tpending\n2026-11-27\t3\t1\t0\t0\n");
  std::lock_guard<std::mutex> lock(province.mutex);
  EXPECT_EQ(province.stored.size(), 3u);
  EXPECT_EQ(province.stored[uuid(2)]["evalDetail"], "E12");
  EXPECT_EQ(province.stored[uuid(1)]["deptCode"], "11370402MB1234567Y");
}

TEST(HqForward, DownStalledFailingGarbledAndForgetfulPlatformStillGetsEveryRatingExactlyOnce) {
  ForwardStore s;
  const std::vector<std::string> reasons = shipped_reasons();
  const std::vector<std::pair<TargetKind, std::string>> targets = {
      {TargetKind::official, "o01"}, {TargetKind::official, "o05"}, {TargetKind::window, "wA01"},
      {TargetKind::window, "wA04"},  {TargetKind::item, "i01"},     {TargetKind::item, "i05"}};
  std::uint64_t n = 0;
  // Ten ratings at a time, of every level, reason and target in turn.
  auto more = [&] {
    std::vector<protocol::RecordEnvelope> batch;
    for (int i = 0; i < 10; ++i, ++n) {
      const Level level = *protocol::from_string<Level>(protocol::Spelling<Level>::words[n % 5]);
      const auto& [kind, id] = targets[n % targets.size()];
      std::vector<std::string> why;
      if (protocol::is_bad(level)) why = {reasons[n % reasons.size()], reasons[(n + 5) % reasons.size()]};
      batch.push_back(rating(n + 100, kind, id, level, why, n % 3 ? "" : "评价" + std::to_string(n)));
    }
    s.ingest(batch);
  };
  FakePlatform province(FakePlatform::Kind::provincial, every_code());
  const ForwardConfig up = config_of(provincial_config(province.url()));
  const ForwardConfig down = config_of(provincial_config("http://127.0.0.1:1/api/assess"));  // nothing listens
  using Mode = FakePlatform::Mode;
  for (const Mode m : {Mode::ok, Mode::error500, Mode::slow, Mode::busy, Mode::malformed, Mode::half_answer,
                       Mode::lose_answer, Mode::ok, Mode::lose_answer, Mode::slow}) {
    more();
    Forwarder dead(s.store, down);
    s.drain(dead);
    province.mode = m;
    Forwarder f(s.store, up);
    s.drain(f);
  }
  province.mode = Mode::ok;
  Forwarder f(s.store, up);
  for (int round = 0; round < 5; ++round) s.drain(f);

  EXPECT_EQ(s.count("SELECT count(*) FROM forwards WHERE state='sent' AND answer IS NOT NULL"), 100);
  EXPECT_EQ(s.count("SELECT count(*) FROM forwards"), 100);
  EXPECT_GT(s.count("SELECT max(attempts) FROM forwards"), 2);
  std::lock_guard<std::mutex> lock(province.mutex);
  EXPECT_TRUE(province.problems.empty()) << province.problems.front();
  ASSERT_EQ(province.stored.size(), 100u);  // every rating stored there once
  for (std::uint64_t i = 0; i < 100; ++i) EXPECT_EQ(province.stored.count(uuid(i + 100)), 1u) << i;
  EXPECT_GT(province.duplicates_answered, 0);  // resent after lost answers: the platform's dedupe did its work
  std::set<int> levels;
  std::set<std::string> details;
  for (const auto& [id, r] : province.stored) {
    levels.insert(r["satisfaction"].get<int>());
    if (r.contains("evalDetail")) details.insert(r["evalDetail"].get<std::string>().substr(0, 3));
  }
  EXPECT_EQ(levels.size(), 5u);
  EXPECT_EQ(details.size(), reasons.size());  // every reason's code arrived
}

TEST(HqForward, ABadConfigurationIsRefusedNamingWhatIsWrong) {
  json c = provincial_config("http://127.0.0.1:9/api");
  c["url"] = "ftp://x";
  EXPECT_THROW(config_of(c), std::runtime_error);
  c = provincial_config("http://127.0.0.1:9/api");
  c["department_codes"]["d01"] = "not-a-code";
  try {
    config_of(c);
    FAIL() << "a bad credit code was taken";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("d01"), std::string::npos) << e.what();
  }
  c = provincial_config("http://127.0.0.1:9/api");
  c["mapping"] = "nowhere";
  EXPECT_THROW(config_of(c), std::runtime_error);
}

TEST(HqForward, TheConsoleShowsHeldAndFailedWithTheirReasonAndTheBureauSendsOneAgainAudited) {
  ForwardStore s;
  s.ingest({rating(1, TargetKind::official, "o07", Level::satisfied),  // d13: held, no credit code
            rating(2, TargetKind::official, "o01", Level::dissatisfied, {"slow"})});
  FakePlatform province(FakePlatform::Kind::provincial, every_code());
  province.mode = FakePlatform::Mode::refuse;  // a wrong app key: 400, failed for good
  {
    Forwarder f(s.store, config_of(provincial_config(province.url())));
    s.drain(f);
  }
  httplib::Server console;
  add_forward_routes(console, s.store, std::make_shared<const ForwardConfig>(config_of(provincial_config(province.url()))));
  const int port = console.bind_to_any_port("127.0.0.1");
  std::thread serving([&] { console.listen_after_bind(); });
  while (!console.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(2));
  httplib::Client client("127.0.0.1", port);
  const httplib::Headers admin = {{"Authorization", "Bearer " + new_admin_token(s.store)}};
  auto page = client.Get("/v1/console/forwards", admin);
  ASSERT_TRUE(page);
  ASSERT_EQ(page->status, 200) << page->body;
  const json listed = json::parse(page->body);
  EXPECT_EQ(listed["configured"], true);
  EXPECT_EQ(listed["counts"]["held"], 1);
  EXPECT_EQ(listed["counts"]["failed"], 1);
  ASSERT_EQ(listed["forwards"].size(), 2u);
  for (const auto& f : listed["forwards"]) {
    if (f["uuid"] == uuid(1)) {
      EXPECT_EQ(f["state"], "held");
      EXPECT_EQ(f["held_reason"], "forward.held.no_department_code");
      EXPECT_EQ(f["held_detail"], "区税务局") << "the department by its name, not d13";
    } else {
      EXPECT_EQ(f["state"], "failed");
      EXPECT_NE(f["last_error"].get<std::string>().find("appKey invalid"), std::string::npos) << f.dump();
      EXPECT_EQ(f["department"], "区行政审批局");
    }
  }
  EXPECT_EQ(client.Get("/v1/console/forwards")->status, 401);
  auto again = client.Post("/v1/console/forwards/retry", admin, json{{"uuid", uuid(2)}}.dump(), "application/json");
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 200) << again->body;
  EXPECT_EQ(client.Post("/v1/console/forwards/retry", admin, json{{"uuid", uuid(2)}}.dump(), "application/json")->status,
            404);  // pending now: nothing to put back
  EXPECT_EQ(s.count("SELECT count(*) FROM audit_log WHERE action='forward.retry' AND object='rating:" + uuid(2) +
                    "' AND before='failed' AND after='pending'"),
            1);
  console.stop();
  serving.join();
  province.mode = FakePlatform::Mode::ok;
  Forwarder f(s.store, config_of(provincial_config(province.url())));
  s.drain(f);
  EXPECT_EQ(s.text("SELECT state FROM forwards WHERE rating_uuid='" + uuid(2) + "'"), "sent");
}

TEST(HqForward, AStoredRatingThatNoLongerReadsHoldsOnlyItself) {
  ForwardStore s;
  s.ingest({rating(1, TargetKind::official, "o01", Level::satisfied), rating(2, TargetKind::official, "o01", Level::basic)});
  s.store.locked([&](sync_db::Db& db) {
    sync_db::Stmt(db, "UPDATE records SET body='{\"uuid\": 7}' WHERE uuid=?").bind(1, uuid(1)).run();
  });
  FakePlatform province(FakePlatform::Kind::provincial, every_code());
  Forwarder f(s.store, config_of(provincial_config(province.url())));
  s.drain(f);
  EXPECT_EQ(s.text("SELECT state || ' ' || held_reason FROM forwards WHERE rating_uuid='" + uuid(1) + "'"),
            "held forward.held.unreadable");
  EXPECT_EQ(s.text("SELECT state FROM forwards WHERE rating_uuid='" + uuid(2) + "'"), "sent");
}

TEST(HqForward, TheBureauUploadsTheReasonCodesInTheConsoleAndTheHeldRatingGoesWithIt) {
  ForwardStore s;
  s.ingest({rating(1, TargetKind::official, "o01", Level::very_dissatisfied, {"other"})});
  FakePlatform province(FakePlatform::Kind::provincial, every_code());
  json config = provincial_config(province.url());
  config["reason_codes"] = reason_codes({"other"});
  Forwarder forwarder(s.store, config_of(config));
  s.drain(forwarder);
  ASSERT_EQ(s.text("SELECT held_reason || ' ' || held_detail FROM forwards WHERE rating_uuid='" + uuid(1) + "'"),
            "forward.held.no_reason_code other");

  httplib::Server console;
  add_forward_routes(console, s.store, std::make_shared<const ForwardConfig>(config_of(config)));
  const int port = console.bind_to_any_port("127.0.0.1");
  std::thread serving([&] { console.listen_after_bind(); });
  while (!console.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(2));
  httplib::Client client("127.0.0.1", port);
  const httplib::Headers admin = {{"Authorization", "Bearer " + new_admin_token(s.store)}};
  const auto codes_of = [&] {
    auto got = client.Get("/v1/console/forwards/codes", admin);
    EXPECT_TRUE(got && got->status == 200);
    std::map<std::string, json> by_id;
    const json j = json::parse(got->body);
    for (const auto& r : j["reasons"]) by_id[r["id"].get<std::string>()] = r;
    for (const auto& d : j["departments"]) by_id["dept:" + d["id"].get<std::string>()] = d;
    return by_id;
  };
  auto codes = codes_of();
  EXPECT_EQ(codes.size(), shipped_reasons().size() + 13u) << "every reason and department is listed";
  EXPECT_TRUE(codes["other"]["code"].is_null());
  EXPECT_EQ(codes["long_wait"]["source"], "config");
  EXPECT_EQ(codes["dept:d08"]["code"], kShenpiCode);
  EXPECT_EQ(codes["dept:d08"]["source"], "reference");
  EXPECT_EQ(codes["dept:d07"]["source"], "config");
  EXPECT_TRUE(codes["dept:d13"]["code"].is_null());
  const std::string other_zh = codes["other"]["reason"];
  const std::string other_code = reason_codes()["other"];  // the platform's code the config file left out

  // The table to fill in: every reason with its code, in the columns the upload reads.
  auto sheet = client.Get("/v1/console/forwards/codes?format=csv", admin);
  EXPECT_TRUE(sheet);
  EXPECT_EQ(sheet->status, 200);
  EXPECT_NE(sheet->get_header_value("Content-Disposition").find("attachment"), std::string::npos);
  EXPECT_NE(sheet->body.find("编号,原因,代码"), std::string::npos) << sheet->body;
  EXPECT_NE(sheet->body.find("long_wait,"), std::string::npos);
  EXPECT_NE(sheet->body.find("other," + other_zh + ",\r\n"), std::string::npos) << sheet->body;

  // One bad line refuses the whole file, each line said; nothing is stored.
  const std::string bad = "编号,原因,代码\r\n,没有这个原因,E50\r\nother,,E 99\r\nlong_wait,,E04\r\n";
  auto refused = client.Post("/v1/console/forwards/codes/import", admin, bad, "text/csv");
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 422) << refused->body;
  EXPECT_EQ(json::parse(refused->body)["errors"].size(), 2u) << refused->body;
  EXPECT_EQ(s.count("SELECT count(*) FROM forward_codes"), 0);
  EXPECT_EQ(client.Post("/v1/console/forwards/codes/import", bad, "text/csv")->status, 401);

  // By wording (the 编号 column left out) or by id; the uploaded code wins over the config file's.
  auto taken = client.Post("/v1/console/forwards/codes/import", admin, "原因,代码\n" + other_zh + "," + other_code + "\n", "text/csv");
  ASSERT_TRUE(taken);
  EXPECT_EQ(taken->status, 200) << taken->body;
  EXPECT_EQ(json::parse(taken->body)["imported"], 1);
  EXPECT_EQ(s.count("SELECT count(*) FROM audit_log WHERE action='forward_codes.upload'"), 1);
  codes = codes_of();
  EXPECT_EQ(codes["other"]["code"], other_code);
  EXPECT_EQ(codes["other"]["source"], "uploaded");
  EXPECT_NE(client.Get("/v1/console/forwards/codes?format=csv", admin)->body.find("other," + other_zh + "," + other_code),
            std::string::npos);
  // The held rating is looked at again at once, not in five minutes, and goes with the uploaded code.
  EXPECT_GT(forwarder.send_due(), 0);
  EXPECT_EQ(s.text("SELECT state FROM forwards WHERE rating_uuid='" + uuid(1) + "'"), "sent");
  {
    std::lock_guard<std::mutex> lock(province.mutex);
    EXPECT_EQ(province.stored.count(uuid(1)), 1u);
    EXPECT_EQ(province.stored[uuid(1)]["evalDetail"], other_code);
    EXPECT_TRUE(province.problems.empty());
  }
  // An empty code takes the uploaded one away (the config file's stands again where it has one).
  EXPECT_EQ(client.Post("/v1/console/forwards/codes/import", admin, "编号,原因,代码\nother," + other_zh + ",\n", "text/csv")->status,
            200);
  EXPECT_EQ(s.count("SELECT count(*) FROM forward_codes"), 0);
  console.stop();
  serving.join();
}

TEST(HqForward, AHandlingRatingCarriesItsReceiptAndABadRatingsRectificationAndVisitFollowItExactlyOnce) {
  ForwardStore s;
  const std::string receipt = case_records::receipt_of(5);
  s.ingest({rating(1, TargetKind::item, "i01", Level::dissatisfied, {"long_wait"}, "等了很久"),
            case_records::report(5, "d08", "2026-11-27", "2026-12-04")});
  change_report(s.store, demo_store::kAdmin, receipt, {"已办结", "", std::string("已为您办结"), "", "", true});
  ASSERT_EQ(rate_handling(s.store, receipt, Level::dissatisfied, "办得太慢"), RateOutcome::saved);
  ASSERT_EQ(rate_handling(s.store, receipt, Level::very_satisfied, ""), RateOutcome::already_rated);
  // The 整改 is fed back while the platform is down: it waits for its 差评 to arrive first.
  change_rating_state(s.store, demo_store::kAdmin, uuid(1), "已反馈", "已增派窗口人员，等候时间缩短");
  FakePlatform province(FakePlatform::Kind::provincial, every_code());
  json config = provincial_config(province.url());
  config["results_url"] = province.results_url();
  Forwarder forwarder(s.store, config_of(config));
  province.mode = FakePlatform::Mode::error500;
  s.drain(forwarder);
  const std::string answered = forward_event_id("answered", uuid(1));
  EXPECT_EQ(s.text("SELECT held_reason FROM forward_events WHERE id='" + answered + "'"), "forward.held.rating_first");
  EXPECT_EQ(s.count("SELECT count(*) FROM forward_events WHERE state='sent'"), 0);

  province.mode = FakePlatform::Mode::ok;
  s.drain(forwarder);
  // The 回访, its answer lost after the platform stored it: sent again, stored there once.
  change_rating_state(s.store, demo_store::kAdmin, uuid(1), "已回访", "电话回访，群众表示满意");
  province.mode = FakePlatform::Mode::lose_answer;
  s.drain(forwarder);
  province.mode = FakePlatform::Mode::ok;
  s.drain(forwarder);
  // A second 回访 note changes the case, not what the platform was told.
  change_rating_state(s.store, demo_store::kAdmin, uuid(1), "已回访", "再次回访");
  s.drain(forwarder);

  EXPECT_EQ(s.count("SELECT count(*) FROM forward_events"), 3);
  EXPECT_EQ(s.count("SELECT count(*) FROM forward_events WHERE state='sent' AND answer IS NOT NULL"), 3);
  std::lock_guard<std::mutex> lock(province.mutex);
  ASSERT_TRUE(province.problems.empty()) << province.problems.front();
  const std::string handling = forward_event_id("handling", receipt);
  ASSERT_TRUE(province.stored.count(handling));
  json h = province.stored[handling];
  ASSERT_TRUE(real_time(h["assessTime"].get<std::string>(), false));
  h.erase("assessTime");
  EXPECT_EQ(h, json::parse(R"({"assessId": ")" + handling + R"(", "projectNo": ")" + receipt + R"(",
    "deptCode": "11370402MB28529012", "deptName": "区行政审批局", "pf": "5", "satisfaction": 2,
    "evalDetail": ")" + reason_codes()["other"].get<std::string>() + R"(", "writingEvaluation": "办得太慢",
    "assessNumber": 1, "areaCode": "370402000000", "areaName": "枣庄市市中区",
    "dataSource": "zaozhuang-shizhong-hall"})"))
      << "the handling rating is the 办件's evaluation, its receipt the 办件编号; a 差评 without a reason is 其他问题";
  ASSERT_EQ(province.feedback.size(), 2u);
  json a = province.feedback[answered];
  ASSERT_TRUE(real_time(a["feedbackTime"].get<std::string>(), false));
  a.erase("feedbackTime");
  EXPECT_EQ(a, json::parse(R"({"feedbackId": ")" + answered + R"(", "assessId": ")" + uuid(1) + R"(",
    "feedbackType": 1, "feedbackContent": "已增派窗口人员，等候时间缩短", "deptCode": "11370402MB28529012",
    "deptName": "区行政审批局", "areaCode": "370402000000", "dataSource": "zaozhuang-shizhong-hall"})"));
  const std::string visited = forward_event_id("revisited", uuid(1));
  EXPECT_EQ(province.feedback[visited]["feedbackType"], 2);
  EXPECT_EQ(province.feedback[visited]["feedbackContent"], "电话回访，群众表示满意");
  EXPECT_EQ(province.feedback_arrivals[visited], 2) << "its answer was lost once";
  EXPECT_GT(province.feedback[answered]["feedbackTime"].get<std::string>(), std::string("2026-11-27 10:19:59"));
  EXPECT_EQ(province.arrivals[uuid(1)], 1);
}

TEST(HqForward, AnInterfaceWithoutResultsHoldsThemSayingSoAndStillTakesTheHandlingRating) {
  ForwardStore s;
  const std::string receipt = case_records::receipt_of(6);
  s.ingest({rating(1, TargetKind::official, "o05", Level::very_dissatisfied), case_records::report(6, "d08", "2026-11-27", "2026-12-04")});
  change_report(s.store, demo_store::kAdmin, receipt, {"已办结", "", std::string("已为您办结"), "", "", true});
  ASSERT_EQ(rate_handling(s.store, receipt, Level::very_satisfied, ""), RateOutcome::saved);
  change_rating_state(s.store, demo_store::kAdmin, uuid(1), "已回访", "电话回访");  // straight on: 整改 and 回访
  FakePlatform dataset(FakePlatform::Kind::gbt);
  Forwarder forwarder(s.store, config_of(gbt_config(dataset.url())));
  s.drain(forwarder);
  s.drain(forwarder);
  EXPECT_EQ(s.count("SELECT count(*) FROM forward_events WHERE state='held' AND held_reason='forward.held.no_results' "
                    "AND held_detail='gbt39046'"), 2);
  std::lock_guard<std::mutex> lock(dataset.mutex);
  ASSERT_TRUE(dataset.problems.empty()) << dataset.problems.front();
  const json h = dataset.stored[forward_event_id("handling", receipt)];
  EXPECT_EQ(h["projectNo"], receipt);
  EXPECT_EQ(h["satisfactionCode"], "1");
  EXPECT_EQ(forward_event_id("handling", receipt), forward_event_id("handling", receipt));
  EXPECT_NE(forward_event_id("handling", receipt), forward_event_id("answered", receipt));
}

// Random input to the code table upload: mutated templates, random bytes, invalid UTF-8, GBK, cut files and stray
// cells. It never throws; each answer either imports (and what is stored is then a known reason with a well-formed
// code) or refuses with a line said and leaves the table as it was.
TEST(HqForward, FuzzedCodeTablesAreImportedWholeOrRefusedWholeNeverStoredWrong) {
  ForwardStore s;
  const auto ids = shipped_reasons();
  std::set<std::string> known(ids.begin(), ids.end());
  const std::string header = "编号,原因,代码\r\n";
  std::mt19937 rng(20261204);
  const auto pick = [&](std::size_t n) { return static_cast<std::size_t>(rng() % n); };
  const std::vector<std::string> cells = {"E01", "E 2", "", "长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长",
                                          "\xff\xfe", "\xb5\xc8\xba\xf2", "\"E0,3\"", "other", "不存在的原因", "=1+1",
                                          std::string(40, 'A'), "E-9.x_1", "\r", "\"", "\xe4\xb8"};
  const auto dump = [&] {
    return s.store.locked([&](sync_db::Db& db) { return uploaded_reason_codes(db); });
  };
  int imported = 0, refused = 0;
  for (int round = 0; round < 400; ++round) {
    std::string file = pick(4) == 0 ? std::string() : header;
    const std::size_t lines = pick(8);
    for (std::size_t i = 0; i < lines; ++i) {
      const std::string id = pick(3) == 0 ? cells[pick(cells.size())] : ids[pick(ids.size())];
      file += id + "," + (pick(4) == 0 ? cells[pick(cells.size())] : "") + "," +
              (pick(2) ? "C" + std::to_string(pick(100)) : cells[pick(cells.size())]) + (pick(5) ? "\r\n" : "\n");
    }
    if (pick(5) == 0)
      for (std::size_t i = 0, n = pick(12); i < n && !file.empty(); ++i) file[pick(file.size())] = static_cast<char>(rng());
    if (pick(6) == 0 && !file.empty()) file.resize(pick(file.size()));
    if (pick(20) == 0) file = std::string("PK\x03\x04", 4) + file;  // not a workbook after all
    const auto before = dump();
    ImportResult r;
    ASSERT_NO_THROW(r = import_reason_codes(s.store, file)) << "round " << round;
    const auto after = dump();
    if (r.ok()) {
      ++imported;
      for (const auto& [id, code] : after) {
        EXPECT_TRUE(known.count(id)) << "round " << round << ": stored an unknown reason " << id;
        EXPECT_TRUE(std::regex_match(code, std::regex("^[0-9A-Za-z_.-]{1,32}$"))) << "round " << round << ": " << code;
      }
    } else {
      ++refused;
      EXPECT_EQ(before, after) << "round " << round << ": a refused file changed the table";
      for (const auto& e : r.errors) EXPECT_FALSE(say(e, Language::zh, false).empty()) << "round " << round;
    }
  }
  EXPECT_GT(imported, 20);
  EXPECT_GT(refused, 20);
}
