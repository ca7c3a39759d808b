// The record wire format: batches, answers, validators per kind, timestamps, reconcile digests.
#include <gtest/gtest.h>

#include <random>

#include "sync/protocol/json_limits.h"
#include "sync/protocol/names.h"
#include "sync/protocol/records.h"

using namespace protocol;
using nlohmann::json;

namespace {

const char* kUuid = "6f1c1d7e-8c7a-4b8e-9d7b-0a1b2c3d4e5f";

RecordEnvelope checkin() {
  return {kUuid, "checkin", "2026-11-27T00:45:00Z",
          json{{"uuid", kUuid}, {"official_id", "o01"}, {"window_id", "wA01"}, {"schedule_id", nullptr},
               {"date", "2026-11-27"}, {"half", "am"}, {"checkin_at", "2026-11-27T08:45:00+08:00"},
               {"unscheduled_reason", nullptr}},
          {}, {}};
}

RecordEnvelope checkout() {
  return {kUuid, "checkout", "2026-11-27T04:45:00Z",
          json{{"uuid", kUuid}, {"sitting_uuid", "0f1c1d7e-8c7a-4b8e-9d7b-0a1b2c3d4e5f"},
               {"checkout_at", "2026-11-27T12:45:00+08:00"}, {"visitors", 3}, {"counts", true},
               {"auto_closed", false},
               {"problems", json::array({{{"source", "citizen"}, {"description", "材料不全"}, {"measure", ""},
                                          {"solved_on_spot", false}, {"due_date", "2026-12-01"},
                                          {"section", "审批一科"}}})}},
          {}, {}};
}

RecordEnvelope walk() {
  return {kUuid, "walk", "2026-11-27T02:20:00Z",
          json{{"uuid", kUuid}, {"official_id", "o03"}, {"item_id", "i05"}, {"item_name", "不动产首次登记"},
               {"date", "2026-11-26"}, {"forms", json::array({"at_window", "inspect"})},
               {"findings", json::array({{{"description", "材料多"}, {"measure", "精简"}, {"due_date", "2026-12-04"},
                                          {"section", "登记科"}},
                                         {{"description", "指引不清"}, {"measure", ""}, {"due_date", nullptr},
                                          {"section", ""}}})},
               {"recorded_at", "2026-11-27T10:20:00+08:00"}},
          {}, {}};
}

}  // namespace

TEST(Records, AWalkRoundTripsAndKeepsItsRules) {
  ASSERT_EQ(validate_record(walk()), std::nullopt);
  const WalkBody w = decode_body<WalkBody>(walk().body.dump());
  EXPECT_EQ(w.forms, (std::vector<WalkForm>{WalkForm::at_window, WalkForm::inspect}));
  ASSERT_EQ(w.findings.size(), 2u);
  EXPECT_EQ(w.findings[0].due_date, "2026-12-04");
  EXPECT_EQ(w.findings[1].due_date, std::nullopt);
  EXPECT_EQ(encode(w), walk().body);
  const auto refused = [](auto change) {
    RecordEnvelope r = walk();
    change(r.body);
    return validate_record(r).value_or("");
  };
  EXPECT_NE(refused([](json& b) { b["forms"] = json::array(); }).find("forms"), std::string::npos);
  EXPECT_NE(refused([](json& b) { b["forms"] = {"inspect", "inspect"}; }).find("twice"), std::string::npos);
  EXPECT_NE(refused([](json& b) { b["forms"] = {"by_phone"}; }).find("by_phone"), std::string::npos);
  EXPECT_NE(refused([](json& b) { b["forms"] = {1}; }).find("forms"), std::string::npos);
  EXPECT_NE(refused([](json& b) { b["date"] = "2026-11-28"; }).find("after"), std::string::npos);
  EXPECT_NE(refused([](json& b) { b.erase("findings"); }).find("findings"), std::string::npos);
  EXPECT_NE(refused([](json& b) { b["findings"][1]["description"] = ""; }).find("findings[1]"), std::string::npos);
  EXPECT_NE(refused([](json& b) { b["findings"][0]["due_date"] = "12月4日"; }).find("findings[0]"), std::string::npos);
  EXPECT_NE(refused([](json& b) { b["item_name"] = ""; }).find("item_name"), std::string::npos);
  EXPECT_NE(refused([](json& b) { b.erase("item_id"); }).find("item_id"), std::string::npos);
  // No findings is a walk that found nothing.
  EXPECT_EQ(refused([](json& b) { b["findings"] = json::array(); }), "");
}

TEST(Records, ValidCheckinAndCheckoutPass) {
  EXPECT_EQ(validate_record(checkin()), std::nullopt);
  EXPECT_EQ(validate_record(checkout()), std::nullopt);
}

TEST(Records, InvalidBodiesNameTheField) {
  auto r = checkin();
  r.body["half"] = "noon";
  EXPECT_NE(validate_record(r).value_or("").find("\"half\""), std::string::npos);
  r = checkin();
  r.body["checkin_at"] = "2026-02-30T08:00:00+08:00";
  EXPECT_NE(validate_record(r).value_or("").find("checkin_at"), std::string::npos);
  r = checkin();
  r.body["official_id"] = std::string(65, 'x');
  EXPECT_NE(validate_record(r).value_or("").find("official_id"), std::string::npos);
  r = checkin();
  r.body.erase("window_id");
  EXPECT_NE(validate_record(r).value_or("").find("window_id"), std::string::npos);
  r = checkin();
  r.body["uuid"] = "0f1c1d7e-8c7a-4b8e-9d7b-0a1b2c3d4e5f";
  EXPECT_TRUE(validate_record(r));
  r = checkin();
  r.kind = "complaint";
  EXPECT_NE(validate_record(r).value_or("").find("unknown kind"), std::string::npos);
  // A check-in body under the rating kind is not a rating.
  r.kind = "rating";
  EXPECT_TRUE(validate_record(r));
  // A 差评 without a reason, and a report whose receipt is not 12 digits, are invalid.
  r.body = {{"uuid", r.uuid}, {"created_at", "2026-11-27T10:20:00+08:00"},
            {"target_kind", "official"}, {"target_id", "o01"}, {"target_name", "冯堃"},
            {"level", "very_dissatisfied"}, {"reasons", nlohmann::json::array()}};
  EXPECT_NE(validate_record(r).value_or("").find("差评"), std::string::npos);
  r.body["reasons"] = {"long_wait"};
  EXPECT_EQ(validate_record(r), std::nullopt);
  r.body["level"] = "3";
  EXPECT_NE(validate_record(r).value_or("").find("level"), std::string::npos);
  r.kind = "report";
  r.body = {{"uuid", r.uuid}, {"receipt", "12345"},
            {"created_at", "2026-11-27T10:20:00+08:00"}, {"department_id", "d08"}, {"item_name", "企业开办"},
            {"kind", "materials"}, {"description", "材料太多"}, {"due_date", "2026-12-04"}};
  EXPECT_NE(validate_record(r).value_or("").find("receipt"), std::string::npos);
  r.body["receipt"] = "001106100018";
  EXPECT_EQ(validate_record(r), std::nullopt);
  r = checkin();
  r.body["unscheduled_reason"] = std::string(kMaxBodyBytes, 'x');
  EXPECT_TRUE(validate_record(r));
  auto c = checkout();
  c.body["visitors"] = -1;
  EXPECT_NE(validate_record(c).value_or("").find("visitors"), std::string::npos);
  c = checkout();
  c.body["problems"][0]["source"] = "boss";
  EXPECT_NE(validate_record(c).value_or("").find("problems[0]"), std::string::npos);
  c = checkout();
  c.created_at = "yesterday";
  EXPECT_TRUE(validate_record(c));
}

TEST(Records, BatchAndAnswersRoundTrip) {
  const auto batch = decode_batch(encode_batch({checkin(), checkout()}));
  ASSERT_EQ(batch.size(), 2u);
  EXPECT_EQ(batch[1].body, checkout().body);
  EXPECT_EQ(batch[0].kind, "checkin");
  const std::vector<RecordResult> results = {{kUuid, RecordStatus::accepted, ""},
                                             {"x", RecordStatus::invalid, "why"},
                                             {kUuid, RecordStatus::duplicate, ""}};
  const auto back = decode_results(encode_results(results));
  ASSERT_EQ(back.size(), 3u);
  EXPECT_EQ(back[1].status, RecordStatus::invalid);
  EXPECT_EQ(back[1].reason, "why");
  EXPECT_EQ(back[2].status, RecordStatus::duplicate);
  EXPECT_THROW(decode_batch("{\"protocol\":2,\"records\":[]}"), DecodeError);
  EXPECT_THROW(decode_batch("[1,2"), DecodeError);
  EXPECT_THROW(decode_results("<html>"), DecodeError);
  // A bad entry is answered on its own, not by refusing the batch.
  const auto mixed = decode_batch(R"({"protocol":1,"records":[3,{"uuid":"u"}]})");
  ASSERT_EQ(mixed.size(), 2u);
  EXPECT_TRUE(validate_record(mixed[0]));
  EXPECT_TRUE(validate_record(mixed[1]));
}

TEST(Records, Timestamps) {
  EXPECT_EQ(parse_timestamp("1970-01-01T00:00:00Z"), std::nullopt);  // outside 2000–2099
  EXPECT_EQ(parse_timestamp("2026-11-27T08:45:00+08:00"), parse_timestamp("2026-11-27T00:45:00Z"));
  EXPECT_EQ(parse_timestamp("2026-11-27T00:45:00.250Z"), parse_timestamp("2026-11-27T00:45:00Z"));
  EXPECT_FALSE(parse_timestamp("2026-11-27T08:45:00"));  // no offset
  EXPECT_FALSE(parse_timestamp("2026-11-27 08:45:00Z"));
  EXPECT_FALSE(parse_timestamp("2026-11-27T24:00:00Z"));
  EXPECT_TRUE(parse_timestamp("2028-02-29T00:00:00Z"));
  EXPECT_FALSE(parse_timestamp("2027-02-29T00:00:00Z"));
  const auto t = *parse_timestamp("2026-11-27T23:59:59-05:00");
  EXPECT_EQ(format_timestamp_utc(t), "2026-11-28T04:59:59Z");
  EXPECT_EQ(utc_date(t), "2026-11-28");
  EXPECT_EQ(parse_timestamp(format_timestamp_utc(t)), t);
}

TEST(Records, DigestIgnoresOrderAndReconcileRoundTrips) {
  EXPECT_EQ(day_digest({"b", "a"}), day_digest({"a", "b"}));
  EXPECT_NE(day_digest({"a", "b"}), day_digest({"a"}));
  EXPECT_EQ(day_digest({"a"}).size(), 64u);
  std::vector<DayDigest> days = {{"2026-11-27", 2, day_digest({"a", "b"}), std::nullopt},
                                 {"2026-11-28", 1, "x", std::vector<std::string>{"c"}}};
  const auto back = decode_reconcile_request(encode_reconcile_request(days));
  ASSERT_EQ(back.size(), 2u);
  EXPECT_FALSE(back[0].uuids);
  EXPECT_EQ(back[1].uuids->at(0), "c");
  const auto ans = decode_reconcile_answer(encode_reconcile_answer({{"2026-11-28", 0, {"c"}}}));
  ASSERT_EQ(ans.size(), 1u);
  EXPECT_EQ(ans[0].missing.at(0), "c");
  EXPECT_THROW(decode_reconcile_request(R"({"protocol":1,"days":[{"day":"today"}]})"), DecodeError);
}

TEST(Records, TooManyRecordsIsTooLargeNotMalformed) {
  std::vector<RecordEnvelope> many(kMaxBatchRecords + 1, checkin());
  EXPECT_THROW(decode_batch(encode_batch(many)), TooLarge);
  many.pop_back();
  EXPECT_EQ(decode_batch(encode_batch(many)).size(), kMaxBatchRecords);
  try {
    decode_batch("{\"protocol\": 1}");
    FAIL() << "a batch without records decoded";
  } catch (const TooLarge&) {
    FAIL() << "a malformed batch is not too large";
  } catch (const DecodeError&) {
  }
}

// Names and ids HQ stores (sync/protocol/names.h), under random and mutated input: whatever passes holds no
// control byte, no path separator, only valid UTF-8, is not only dots and keeps its length.
TEST(Names, RandomAndMutatedNamesThatPassKeepEveryRule) {
  std::mt19937 rng(19);
  const std::vector<std::string> seeds = {"区行政审批局", "x/../../escape/pwned", "a\\b", "..", "甲\xe2\x80\xae乙",
                                          "o-3f9c", "ok\x7f", "\xff\xfe", "A01", "郗𪚥"};
  int passed = 0;
  for (int i = 0; i < 20000; ++i) {
    std::string s = seeds[rng() % seeds.size()];
    const int edits = static_cast<int>(rng() % 4);
    for (int e = 0; e < edits; ++e) {
      const std::size_t at = s.empty() ? 0 : rng() % (s.size() + 1);
      if (rng() % 2) s.insert(at, 1, static_cast<char>(rng() % 256));
      else if (!s.empty() && at < s.size()) s.erase(at, 1);
    }
    for (const bool as_id : {false, true}) {
      const auto problem = as_id ? protocol::id_problem(s) : protocol::name_problem(s, 12);
      if (problem) continue;
      ++passed;
      EXPECT_TRUE(protocol::valid_utf8(s)) << s;
      for (unsigned char c : s) {
        EXPECT_FALSE(c < 0x20 || c == 0x7F || c == '/' || c == '\\') << s;
      }
      EXPECT_NE(s.find_first_not_of('.'), std::string::npos) << s;
      EXPECT_EQ(s.find("\xe2\x80\xae"), std::string::npos) << s;
      if (as_id) {
        EXPECT_LE(s.size(), 64u);
      }
    }
  }
  EXPECT_GT(passed, 1000) << "good names still pass";
  EXPECT_TRUE(protocol::name_problem("x/../../escape/pwned", 60).has_value());
  EXPECT_FALSE(protocol::name_problem("区行政审批局", 60).has_value());
  EXPECT_FALSE(protocol::id_problem("o-3f9c").has_value());
}

// Free texts never become file names: an item of the 事项清单 may be "新办/变更", a department may not hold '/'.
TEST(Names, FreeTextsMayHoldASlashNamesMayNot) {
  protocol::ReferenceData d;
  d.departments.push_back({"d08", "区行政审批局", "", 1});
  protocol::ServiceItem item;
  item.id = "i1";
  item.department_id = "d08";
  item.name = "食品经营许可（新办/变更）";
  d.service_items.push_back(item);
  EXPECT_EQ(protocol::reference_problem(d), std::nullopt);
  d.departments[0].name = "区/新部门";
  EXPECT_EQ(protocol::reference_problem(d), "departments[0] name holds a path separator (/ or \\)");
  EXPECT_TRUE(protocol::text_problem("甲\n乙", 10).has_value());
  EXPECT_FALSE(protocol::text_problem("甲\n乙", 10, true).has_value());
}
