// 干部走流程 at HQ, at the store level with each kind of principal: walks from a kiosk open a rectification case per
// finding, listed by period within the role's scope with open and overdue counts; a finding marked 已整改 on a date
// (audited, once, not before the walk nor after today, only by its department or the bureau); a walk recorded in the
// console goes through the same rules as a kiosk's; random console bodies never store a broken walk.
#include <gtest/gtest.h>

#include <random>

#include "case_records.h"
#include "demo_store.h"
#include "sync/common/read_text.h"
#include "sync/hq/audit.h"
#include "sync/hq/console_api.h"
#include "sync/hq/hall_clock.h"
#include "sync/hq/hq_store.h"
#include "sync/hq/walks.h"
#include "sync/protocol/reference_json.h"
#include "sync_fixture.h"

using namespace hq;
using nlohmann::json;

namespace {

using demo_store::kAdmin;
using demo_store::kShenpi;
using demo_store::kViewer;
using demo_store::kZhujian;
using WalkStore = demo_store::DemoStore;

// A kiosk's walk envelope: official, item, date, and findings given as (description, due date or "").
protocol::RecordEnvelope walk(int n, const std::string& official, const std::string& item, const std::string& date,
                              const std::vector<std::pair<std::string, std::string>>& findings) {
  protocol::WalkBody b;
  b.uuid = case_records::uuid_of(static_cast<std::uint64_t>(n), 7);
  b.official_id = official;
  b.item_id = item;
  b.item_name = "事项" + item;
  b.date = date;
  b.forms = {protocol::WalkForm::in_person};
  for (const auto& [d, due] : findings)
    b.findings.push_back({d, "措施", due.empty() ? std::nullopt : std::optional(due), "一科"});
  b.recorded_at = date + "T16:00:00+08:00";
  return {b.uuid, "walk", b.recorded_at, protocol::encode(b), {}, std::nullopt};
}

std::vector<std::string> walk_ids(const json& list) {
  std::vector<std::string> out;
  for (const auto& w : list["walks"]) out.push_back(w["uuid"].get<std::string>());
  return out;
}

}  // namespace

TEST(HqWalks, KioskWalksOpenFindingsListedByPeriodAndScope) {
  WalkStore s;
  const auto shenpi = walk(1, "o03", "i01", "2026-11-20", {{"指引不清", "2026-11-25"}, {"叫号屏坏", ""}, {"表格多", "2026-12-04"}});
  const auto zhujian = walk(2, "o05", "i05", "2026-11-26", {});
  const auto summer = walk(3, "o01", "i02", "2026-07-01", {{"旧问题", "2026-07-10"}});
  for (const auto& r : s.store.ingest("kiosk-a", {shenpi, zhujian, summer}))
    ASSERT_EQ(r.status, protocol::RecordStatus::accepted) << r.reason;
  EXPECT_EQ(s.count("SELECT count(*) FROM walk_findings"), 4);
  EXPECT_EQ(s.count("SELECT count(*) FROM walk_findings WHERE done_on IS NOT NULL"), 1) << "the one put right on the spot";

  const json q4 = list_walks(s.store, kAdmin, "", "");
  EXPECT_EQ(q4["period"], "2026Q4");
  EXPECT_EQ(walk_ids(q4), (std::vector<std::string>{zhujian.uuid, shenpi.uuid}));  // newest first
  EXPECT_EQ(q4["open"], 2);
  EXPECT_EQ(q4["overdue"], 1) << "due 11-25, open on 11-27";
  const json& w = q4["walks"][1];
  EXPECT_EQ(w["official"], "韩昇");
  EXPECT_EQ(w["title"], "审批一科科长");
  EXPECT_EQ(w["department"], "区行政审批局");
  EXPECT_EQ(w["forms"], json::array({"in_person"}));
  EXPECT_EQ(w["from_console"], false);
  EXPECT_EQ(w["findings"][0]["overdue"], true);
  EXPECT_EQ(w["findings"][1]["done_on"], "2026-11-20");
  EXPECT_EQ(w["findings"][2]["overdue"], false);
  EXPECT_EQ(walk_ids(list_walks(s.store, kAdmin, "2026Q3", "")), std::vector<std::string>{summer.uuid});
  EXPECT_EQ(walk_ids(list_walks(s.store, kAdmin, "2026", "")).size(), 3u);
  // A liaison sees their own department only; asking for another's is refused; a viewer reads everything.
  EXPECT_EQ(walk_ids(list_walks(s.store, kZhujian, "", "")), std::vector<std::string>{zhujian.uuid});
  EXPECT_EQ(walk_ids(list_walks(s.store, kShenpi, "", "")), std::vector<std::string>{shenpi.uuid});
  EXPECT_THROW(list_walks(s.store, kZhujian, "", "区行政审批局"), Forbidden);
  EXPECT_EQ(walk_ids(list_walks(s.store, kViewer, "", "d07")), std::vector<std::string>{zhujian.uuid});
  for (const char* bad : {"2026Q5", "yesterday", "2026-13-01..2026-12-01"})
    EXPECT_THROW(list_walks(s.store, kAdmin, bad, ""), AdminError) << bad;
  // A walk resent is a duplicate and opens nothing twice.
  EXPECT_EQ(s.store.ingest("kiosk-a", {shenpi})[0].status, protocol::RecordStatus::duplicate);
  EXPECT_EQ(s.count("SELECT count(*) FROM walk_findings"), 4);
}

TEST(HqWalks, AFindingIsMarkedDoneOnceByItsDepartmentAndAudited) {
  WalkStore s;
  const auto r = walk(1, "o03", "i01", "2026-11-20", {{"指引不清", "2026-11-25"}});
  ASSERT_EQ(s.store.ingest("kiosk-a", {r})[0].status, protocol::RecordStatus::accepted);
  EXPECT_THROW(mark_finding_done(s.store, kZhujian, r.uuid, 0, "2026-11-26"), Forbidden);
  EXPECT_THROW(mark_finding_done(s.store, kViewer, r.uuid, 0, "2026-11-26"), Forbidden);
  EXPECT_THROW(mark_finding_done(s.store, kShenpi, r.uuid, 1, "2026-11-26"), NotFound);
  EXPECT_THROW(mark_finding_done(s.store, kShenpi, case_records::uuid_of(9, 7), 0, "2026-11-26"), NotFound);
  for (const char* bad : {"2026-11-19", "2026-11-28", "26-11-26", "", "2026-02-30"})
    EXPECT_THROW(mark_finding_done(s.store, kShenpi, r.uuid, 0, bad), AdminError) << bad;
  mark_finding_done(s.store, kShenpi, r.uuid, 0, "2026-11-26");
  EXPECT_THROW(mark_finding_done(s.store, kAdmin, r.uuid, 0, "2026-11-27"), AdminError) << "once";
  const json list = list_walks(s.store, kAdmin, "", "");
  EXPECT_EQ(list["walks"][0]["findings"][0]["done_on"], "2026-11-26");
  EXPECT_EQ(list["open"], 0);
  EXPECT_EQ(list["overdue"], 0);
  AuditFilter f;
  f.action = "walk.finding_done";
  const auto entries = audit_entries(s.store, f);
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].actor, "liaison-d08");
  EXPECT_EQ(entries[0].object, "walk:" + r.uuid + "#1");
  EXPECT_EQ(entries[0].after, "2026-11-26");
}

TEST(HqWalks, TheConsoleRecordsAWalkByTheSameRules) {
  WalkStore s;
  const json body = {{"official_id", "o05"}, {"item_id", "i05"}, {"date", "2026-11-25"},
                     {"forms", {"accompany", "inspect"}},
                     {"findings", {{{"description", "缺少一次性告知单"}, {"measure", "印制告知单"}, {"due_date", "2026-12-10"},
                                    {"section", "登记科"}}}}};
  EXPECT_THROW(record_console_walk(s.store, kShenpi, body), Forbidden) << "another department's official";
  EXPECT_THROW(record_console_walk(s.store, kViewer, body), Forbidden);
  const std::string uuid = record_console_walk(s.store, kZhujian, body);
  EXPECT_TRUE(protocol::is_uuid(uuid));
  const json list = list_walks(s.store, kZhujian, "", "");
  ASSERT_EQ(list["walks"].size(), 1u);
  EXPECT_EQ(list["walks"][0]["item"], "不动产首次登记") << "the item's name as HQ knows it";
  EXPECT_EQ(list["walks"][0]["forms"], json::array({"accompany", "inspect"}));
  EXPECT_EQ(list["walks"][0]["from_console"], true);
  EXPECT_EQ(s.count("SELECT count(*) FROM walk_findings WHERE department_id='d07' AND done_on IS NULL"), 1);
  AuditFilter f;
  f.action = "walk.record";
  EXPECT_EQ(audit_entries(s.store, f).size(), 1u);
  // What the record's rules refuse, the console refuses with a message, and nothing is stored.
  auto changed = [&](const char* key, const json& value) {
    json b = body;
    if (value.is_null()) b.erase(key);
    else b[key] = value;
    return b;
  };
  EXPECT_THROW(record_console_walk(s.store, kAdmin, changed("official_id", "o99")), NotFound);
  EXPECT_THROW(record_console_walk(s.store, kAdmin, changed("item_id", "i99")), NotFound);
  EXPECT_THROW(record_console_walk(s.store, kAdmin, changed("forms", json::array())), AdminError);
  EXPECT_THROW(record_console_walk(s.store, kAdmin, changed("date", "2026-11-28")), AdminError) << "a day to come";
  EXPECT_THROW(record_console_walk(s.store, kAdmin, changed("date", nullptr)), AdminError);
  EXPECT_THROW(record_console_walk(s.store, kAdmin, changed("findings", {{{"description", ""}}})), AdminError);
  EXPECT_THROW(record_console_walk(s.store, kAdmin, changed("findings", {1})), AdminError);
  EXPECT_EQ(s.count("SELECT count(*) FROM records WHERE kind='walk'"), 1);
}

// Random bodies: each is stored as a valid walk or refused with an AdminError; nothing else escapes, and every stored
// walk decodes and lists.
TEST(HqWalks, RandomConsoleBodiesStoreOnlyValidWalks) {
  WalkStore s;
  std::mt19937 rng(20261204);
  const std::vector<json> values = {nullptr, "", "o05", "o03", "i05", "i01", "2026-11-20", "2026-11-30", "x",
                                    json::array(), json::array({"inspect"}), json::array({"inspect", "inspect"}),
                                    json::array({"walking"}), 7, true, json::object(), std::string(3000, 'x'),
                                    json::array({{{"description", "问题"}}}), json::array({{{"due_date", "2026-13-01"}}})};
  const std::vector<const char*> keys = {"official_id", "item_id", "date", "forms", "findings"};
  int stored = 0;
  for (int i = 0; i < 400; ++i) {
    // A valid body with none, one or two members replaced or dropped.
    json b = {{"official_id", "o03"}, {"item_id", "i01"}, {"date", "2026-11-20"}, {"forms", {"in_person"}},
              {"findings", json::array()}};
    for (auto n = rng() % 3; n > 0; --n) {
      const char* k = keys[rng() % keys.size()];
      if (rng() % 6 == 0) b.erase(k);
      else b[k] = values[rng() % values.size()];
    }
    try {
      record_console_walk(s.store, kAdmin, b);
      ++stored;
    } catch (const AdminError&) {
    }
  }
  EXPECT_GT(stored, 40);
  EXPECT_LT(stored, 400);
  EXPECT_EQ(s.count("SELECT count(*) FROM records WHERE kind='walk'"), stored);
  const json all = list_walks(s.store, kAdmin, "2026", "");
  EXPECT_EQ(static_cast<int>(all["walks"].size()), stored);
  for (const auto& w : all["walks"]) EXPECT_FALSE(w["forms"].empty());
}
