#pragma once
// Records going up (kiosk → HQ): batch envelopes, per-record answers and reconcile digests; the bodies
// themselves are in record_bodies.h. See sync/PROTOCOL.md, "Records".
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "sync/common/civil_time.h"
#include "sync/protocol/record_bodies.h"
#include "sync/protocol/reference_json.h"

namespace protocol {

// Limits both ends respect; HQ enforces them (413 for a batch, `invalid` for a record).
inline constexpr std::size_t kMaxBatchRecords = 1000;
inline constexpr std::size_t kMaxRequestBytes = 8 * 1024 * 1024;
inline constexpr std::size_t kMaxBodyBytes = 16 * 1024;
inline constexpr std::size_t kMaxReconcileDays = 400;
inline constexpr std::int64_t kMaxSeq = 1'000'000'000'000;  // a record's seq is 1..kMaxSeq
// A compressed body (either way) inflates to at most kMaxInflateRatio times the bytes sent, or kInflateFloorBytes
// when that is more: the protocol's JSON gzips about 4–10 to 1 (UUIDs do not repeat), a bomb of zeros 1,000 to 1.
inline constexpr std::size_t kMaxInflateRatio = 100;
inline constexpr std::size_t kInflateFloorBytes = 64 * 1024;

// One record in a batch: the outbox row's identity plus its payload object as `body`.
struct RecordEnvelope {
  std::string uuid;
  std::string kind;        // to_string(RecordKind), or whatever an unknown sender put
  std::string created_at;  // ISO 8601 with offset
  nlohmann::json body;     // the outbox payload object
  std::string envelope_error;  // set by decode_batch when this entry is malformed
  // The kiosk's own running number of its records (1, 2, 3, …, never reused), so HQ sees a record that never
  // arrived as a gap; absent from kiosks older than it.
  std::optional<std::int64_t> seq;
};

enum class RecordStatus { accepted, duplicate, invalid };
template <>
struct Spelling<RecordStatus> {
  static constexpr std::array<const char*, 3> words = {"accepted", "duplicate", "invalid"};
};

// HQ's answer for one record.
struct RecordResult {
  std::string uuid;
  RecordStatus status = RecordStatus::accepted;
  std::string reason;  // for `invalid`
};

// A batch over kMaxBatchRecords: HQ answers 413 (split it) rather than 400.
struct TooLarge : DecodeError {
  using DecodeError::DecodeError;
};

std::string encode_batch(const std::vector<RecordEnvelope>& records);
// Throws TooLarge for too many records, DecodeError when the batch as a whole is not a batch; a bad entry only sets its envelope_error.
std::vector<RecordEnvelope> decode_batch(const std::string& json_text);
std::string encode_results(const std::vector<RecordResult>& results);
std::vector<RecordResult> decode_results(const std::string& json_text);  // throws DecodeError

// The reason a record is invalid (envelope and body), or nullopt when HQ may store it.
std::optional<std::string> validate_record(const RecordEnvelope& r);

// One day of records (UTC date of created_at) as the kiosk or HQ sees it.
struct DayDigest {
  std::string day;  // YYYY-MM-DD (UTC)
  std::int64_t count = 0;
  std::string digest;  // day_digest() of the day's UUIDs
  std::optional<std::vector<std::string>> uuids;  // sent in the second round for days that differ
};

// HQ's view of one day that differs: how many it holds and which of the sent UUIDs it lacks.
struct DayDifference {
  std::string day;
  std::int64_t hq_count = 0;
  std::vector<std::string> missing;  // only when the request carried the day's uuids
};

std::string encode_reconcile_request(const std::vector<DayDigest>& days);
std::vector<DayDigest> decode_reconcile_request(const std::string& json_text);
std::string encode_reconcile_answer(const std::vector<DayDifference>& days);
std::vector<DayDifference> decode_reconcile_answer(const std::string& json_text);
// Hex BLAKE2b-256 of the sorted UUIDs joined by "\n" (order-independent).
std::string day_digest(std::vector<std::string> uuids);

// Timestamps on the wire are sync/common's: strict "YYYY-MM-DDTHH:MM:SS[.fff](Z|±HH:MM)", years 2000–2099.
using common::format_timestamp_utc;
using common::parse_timestamp;
using common::utc_date;
bool is_uuid(const std::string& s);
// A fresh random UUID (version 4) in lower case, for a record made at either end.
std::string new_uuid();
// A UUID in lower case (the form HQ deduplicates on); anything that is not a UUID comes back as it was.
std::string canonical_uuid(std::string s);
// A real date YYYY-MM-DD with a year 2000–2099, as record bodies carry them.
bool is_wire_date(const std::string& s);

}  // namespace protocol
