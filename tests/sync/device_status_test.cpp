// The kiosk's status report and HQ's answer (sync/protocol/device_status.h), and the record number in a batch
// envelope: round trips, refusals, and random damage that must only ever give DecodeError.
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
