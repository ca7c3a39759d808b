// The kiosk's status report and HQ's answer (sync/protocol/device_status.h), and the record number in a batch
// envelope: round trips, refusals, an older kiosk's report without the outbox, disk and screen fields, and random
// damage (of whole reports and of the new fields' values) that must only ever give DecodeError.
#include <gtest/gtest.h>

#include <random>

#include "sync/protocol/device_status.h"
#include "sync/protocol/records.h"

using namespace protocol;

TEST(DeviceStatus, RoundTrips) {
  DeviceStatus s;
  s.storage = StorageState::disk_full;
  s.storage_since = 1795830000;
  s.next_seq = 42;
  s.seq_confirmed = false;
  s.events.push_back({1795830000, StorageEventKind::set_aside, "kiosk.db.damaged-1", "malformed"});
  s.version = "0.1.0";
  const DeviceStatus d = decode_status(encode_status(s));
  EXPECT_EQ(d.storage, StorageState::disk_full);
  EXPECT_EQ(d.next_seq, 42);
  EXPECT_FALSE(d.seq_confirmed);
  ASSERT_EQ(d.events.size(), 1u);
  EXPECT_EQ(d.events[0].kind, StorageEventKind::set_aside);
  EXPECT_EQ(d.events[0].file, "kiosk.db.damaged-1");
  const StatusAnswer a = decode_status_answer(encode_status_answer({9, {{4, 5}, {7, 7}}}));
  EXPECT_EQ(a.last_seq, 9);
  ASSERT_EQ(a.gaps.size(), 2u);
  EXPECT_EQ(describe_gaps(a.gaps), "4\u20135, 7");
}

TEST(DeviceStatus, RefusesWhatIsNotAStatus) {
  for (const char* bad : {"{}", "[]", "{\"protocol\":1}", "{\"protocol\":1,\"storage\":\"melted\"}",
                          "{\"protocol\":1,\"storage\":\"ok\",\"next_seq\":0}",
                          "{\"protocol\":1,\"storage\":\"ok\",\"events\":[{\"kind\":\"boom\"}]}",
                          "{\"protocol\":2,\"storage\":\"ok\"}",
                          // control characters in what HQ stores and prints (a terminal escape, a line break)
                          "{\"protocol\":1,\"storage\":\"ok\",\"version\":\"0.1\\u001b[2J\"}",
                          "{\"protocol\":1,\"storage\":\"ok\",\"events\":[{\"kind\":\"set_aside\",\"file\":\"a\\nb\"}]}",
                          "{\"protocol\":1,\"storage\":\"ok\",\"events\":[{\"kind\":\"set_aside\",\"detail\":\"\\u202e\"}]}"})
    EXPECT_THROW(decode_status(bad), DecodeError) << bad;
  for (const char* bad : {"{\"protocol\":1,\"last_seq\":-1}", "{\"protocol\":1,\"gaps\":[[5,4]]}",
                          "{\"protocol\":1,\"gaps\":[[0,1]]}", "{\"protocol\":1,\"gaps\":[1]}"})
    EXPECT_THROW(decode_status_answer(bad), DecodeError) << bad;
}

TEST(DeviceStatus, RandomDamageOnlyEverGivesDecodeError) {
  DeviceStatus s;
  s.events.push_back({1795830000, StorageEventKind::rolled_back, "kiosk.db", "7\u20138"});
  const std::string good = encode_status(s), answer = encode_status_answer({12, {{3, 4}}});
  std::mt19937 rng(14);
  for (int i = 0; i < 20000; ++i) {
    std::string t = i % 2 ? good : answer;
    const int edits = 1 + static_cast<int>(rng() % 4);
    for (int e = 0; e < edits; ++e) {
      const std::size_t at = rng() % t.size();
      switch (rng() % 3) {
        case 0: t[at] = static_cast<char>(rng() % 256); break;
        case 1: t.erase(at, 1 + rng() % 3); break;
        default: t.insert(at, 1, "{}[]\",:0123456789-e"[rng() % 19]); break;
      }
      if (t.empty()) t = "x";
    }
    try {
      if (i % 2) decode_status(t);
      else decode_status_answer(t);
    } catch (const DecodeError&) {
    }
  }
}

TEST(DeviceStatus, CarriesTheOutboxDiskScreenAndLastError) {
  DeviceStatus s;
  s.pending = 12;
  s.parked = 3;
  s.oldest_pending_age = 4000;
  s.free_bytes = 12'345'678'901;
  s.orientation = Orientation::landscape;
  s.last_error = "network: Couldn't connect to server";
  const DeviceStatus d = decode_status(encode_status(s));
  EXPECT_EQ(d.pending, 12);
  EXPECT_EQ(d.parked, 3);
  EXPECT_EQ(d.oldest_pending_age, 4000);
  EXPECT_EQ(d.free_bytes, 12'345'678'901);
  EXPECT_EQ(d.orientation, Orientation::landscape);
  EXPECT_EQ(d.last_error, "network: Couldn't connect to server");
  // Nothing pending: no age travels, and one sent anyway is dropped.
  s.pending = 0;
  EXPECT_EQ(encode_status(s).find("oldest_pending_age"), std::string::npos);
  EXPECT_FALSE(decode_status(R"({"protocol":1,"storage":"ok","pending":0,"oldest_pending_age":50})").oldest_pending_age);
}

// A kiosk of before these fields (in the field for years): its report is taken as it is, the new fields unknown.
TEST(DeviceStatus, AnOlderKiosksReportHasNoneOfTheNewFields) {
  const DeviceStatus d = decode_status(
      R"({"protocol":1,"storage":"ok","storage_since":0,"next_seq":5,"seq_confirmed":true,"version":"0.1.0","events":[]})");
  EXPECT_EQ(d.next_seq, 5);
  EXPECT_FALSE(d.pending);
  EXPECT_FALSE(d.parked);
  EXPECT_FALSE(d.oldest_pending_age);
  EXPECT_FALSE(d.free_bytes);
  EXPECT_FALSE(d.orientation);
  EXPECT_EQ(d.last_error, "");
  // null is "not said" as well.
  EXPECT_FALSE(decode_status(R"({"protocol":1,"storage":"ok","pending":null,"orientation":null})").pending);
}

TEST(DeviceStatus, RefusesNegativeAndAbsurdNewFields) {
  for (const char* bad : {R"("pending":-1)", R"("parked":-5)", R"("pending":1.5)", R"("pending":"3")",
                          R"("pending":100000001)", R"("parked":true)", R"("pending":2,"oldest_pending_age":-1)",
                          R"("pending":2,"oldest_pending_age":999999999999)", R"("free_bytes":-1)",
                          R"("free_bytes":18446744073709551615)", R"("free_bytes":1e30)", R"("orientation":"square")",
                          R"("orientation":1)", R"("last_error":7)", R"("last_error":"a\u001b[2Jb")",
                          R"("last_error":"\u202e")"})
    EXPECT_THROW(decode_status(std::string(R"({"protocol":1,"storage":"ok",)") + bad + "}"), DecodeError) << bad;
  // The bounds themselves are taken.
  const DeviceStatus d = decode_status(R"({"protocol":1,"storage":"ok","pending":100000000,"parked":0,"free_bytes":0})");
  EXPECT_EQ(d.pending, kMaxStatusCount);
  EXPECT_EQ(d.free_bytes, 0);
}

// What a report says of an error never holds a phone number or anything long: digits of 7 or more in a row go, control
// characters become spaces, and it is cut on a character boundary. HQ does the same to what it decodes.
TEST(DeviceStatus, LastErrorLosesPhoneLikeDigitsAndLength) {
  EXPECT_EQ(status_error_text("HQ: body field \"phone\" 13812345678 is not valid"),
            "HQ: body field \"phone\" \u2026 is not valid");
  EXPECT_EQ(status_error_text("HQ answered 503 on port 18080\nRetry"), "HQ answered 503 on port 18080 Retry");
  const std::string long_text(150, 'x');
  const std::string cut = status_error_text(long_text + std::string(50, '\xe4') + "网络错误网络错误网络错误网络错误网络错误");
  EXPECT_LE(cut.size(), kMaxStatusError);
  const DeviceStatus d = decode_status(R"({"protocol":1,"storage":"ok","last_error":"call 13912345678 please"})");
  EXPECT_EQ(d.last_error, "call \u2026 please");
  std::string chinese;
  for (int i = 0; i < 100; ++i) chinese += "网";  // 300 bytes: cut to 66 whole characters
  EXPECT_EQ(status_error_text(chinese).size(), 198u);
}

// Random values for each new field, alone or together: a decoded report always holds values within the bounds, and
// anything else is a DecodeError.
TEST(DeviceStatus, RandomNewFieldValuesAreCheckedOrRefused) {
  std::mt19937_64 rng(19);
  const auto value = [&]() -> nlohmann::json {
    switch (rng() % 9) {
      case 0: return static_cast<std::int64_t>(rng());
      case 1: return -static_cast<std::int64_t>(rng() % 1000);
      case 2: return rng() % 1000;
      case 3: return static_cast<double>(rng() % 1000) / 7;
      case 4: return "x";
      case 5: return nullptr;
      case 6: return nlohmann::json::array({1});
      case 7: return rng() % 2 ? "portrait" : "landscape";
      default: return std::string(rng() % 400, 'a');
    }
  };
  int taken = 0;
  for (int i = 0; i < 20000; ++i) {
    nlohmann::json b = {{"protocol", 1}, {"storage", "ok"}};
    for (const char* k : {"pending", "parked", "oldest_pending_age", "free_bytes", "orientation", "last_error"})
      if (rng() % 2) b[k] = value();
    try {
      const DeviceStatus d = decode_status(b.dump());
      ++taken;
      EXPECT_TRUE(!d.pending || (*d.pending >= 0 && *d.pending <= kMaxStatusCount)) << b.dump();
      EXPECT_TRUE(!d.parked || (*d.parked >= 0 && *d.parked <= kMaxStatusCount)) << b.dump();
      EXPECT_TRUE(!d.oldest_pending_age || (d.pending.value_or(0) > 0 && *d.oldest_pending_age <= kMaxPendingAge))
          << b.dump();
      EXPECT_TRUE(!d.free_bytes || (*d.free_bytes >= 0 && *d.free_bytes <= kMaxFreeBytes)) << b.dump();
      EXPECT_LE(d.last_error.size(), kMaxStatusError);
      EXPECT_EQ(decode_status(encode_status(d)).last_error, d.last_error) << "what is decoded encodes again";
    } catch (const DecodeError&) {
    }
  }
  EXPECT_GT(taken, 500);
}

TEST(RecordSeq, TravelsInTheEnvelopeAndIsChecked) {
  RecordEnvelope e{"00000000-0000-4000-8000-000000000001", "rating", "2026-11-27T10:20:00+08:00", {}, {}, 17};
  e.body = nlohmann::json::object();
  const auto back = decode_batch(encode_batch({e}));
  ASSERT_EQ(back.size(), 1u);
  ASSERT_TRUE(back[0].seq);
  EXPECT_EQ(*back[0].seq, 17);
  for (const char* seq : {"0", "-3", "1.5", "\"7\"", "1000000000001", "18446744073709551615"}) {
    const std::string text = std::string("{\"protocol\":1,\"records\":[{\"uuid\":\"") + e.uuid +
                             "\",\"kind\":\"rating\",\"created_at\":\"2026-11-27T10:20:00+08:00\",\"body\":{},\"seq\":" +
                             seq + "}]}";
    const auto r = decode_batch(text);
    ASSERT_EQ(r.size(), 1u);
    EXPECT_FALSE(r[0].envelope_error.empty()) << seq;
  }
}
