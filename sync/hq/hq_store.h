#pragma once
// hqd's own SQLite database: enrolled devices, every record ever received (deduplicated on its UUID),
// master reference data and the sittings fed down, each row stamped with a change sequence number.
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "sync/common/clock.h"
#include "sync/common/sqlite_db.h"
#include "sync/hq/hall_clock.h"
#include "sync/protocol/model.h"
#include "sync/protocol/records.h"

namespace hq {

// How a device's credentials check out.
enum class AuthResult { ok, unknown, revoked };

// What HQ assigned a device at enrolment.
struct DeviceInfo {
  int kiosk_number = 0;  // 1–999: the first three digits of its receipts
  std::string hall;      // kiosks of one hall may close each other's sittings ("" : the database's one hall)
};

// The store; every method is safe to call from the server's worker threads.
class HqStore {
 public:
  // Time comes from `clock` (which must outlive the store). Throws sync_db::DbError.
  HqStore(const std::string& path, const common::Clock& clock);

  const common::Clock& clock() const { return clock_; }
  // The hall's clock: `clock` at the hall's UTC offset (read when the store opens).
  HallClock hall_clock() const { return HallClock(clock_, hall_offset_minutes_); }
  // Sets the hall's UTC offset (minutes east of UTC) for this and every later hqd on the database.
  void set_hall_utc_offset(int minutes);

  // Enrols (or re-enrols) a device and returns its new token; only a hash of it is kept. It gets `kiosk_number`
  // (1–999), or keeps the one it has, or gets the smallest free one (0); `hall` when given. Throws AdminError for
  // an id that breaks protocol::id_problem or a number another device has.
  std::string enrol(const std::string& device_id, int kiosk_number = 0, const std::optional<std::string>& hall = {});
  // The device's kiosk number and hall; nullopt for a device never enrolled.
  std::optional<DeviceInfo> device(const std::string& device_id);
  void revoke(const std::string& device_id);
  AuthResult authenticate(const std::string& device_id, const std::string& token);

  // Validates and stores a batch in one durable transaction; one answer per record, in order.
  std::vector<protocol::RecordResult> ingest(const std::string& device_id,
                                             const std::vector<protocol::RecordEnvelope>& records);
  // Loads reference data as HQ's master data (a full file also removes rows it does not list). Throws AdminError,
  // storing nothing, when a name or id breaks protocol::reference_problem's rules.
  void import_reference(const protocol::ReferenceData& data);
  // The down-sync message after `cursor` (empty, unknown or "0": a full snapshot), as JSON text.
  // With a device id, report updates are only those of reports that device took.
  std::string reference_feed(const std::string& cursor, const std::string& device_id = {});
  // Days whose count or digest differ from HQ's records of this device, and the UUIDs HQ lacks.
  std::vector<protocol::DayDifference> reconcile(const std::string& device_id,
                                                 const std::vector<protocol::DayDigest>& days);
  std::int64_t record_count();

  // For the admin commands and exports (admin.cpp, export.cpp): runs f(db) holding the store's lock.
  template <typename F>
  auto locked(F&& f) {
    std::lock_guard<std::mutex> lock(mutex_);
    return f(db_);
  }
  std::int64_t bump_seq();  // inside a transaction: the sequence number for this transaction's changes

 private:
  struct EffectStatements;
  std::optional<std::string> ownership_problem(const protocol::RecordEnvelope& r, const std::string& device_id,
                                               const DeviceInfo& sender, EffectStatements& st);
  void apply_effects(const protocol::RecordEnvelope& r, const std::string& device_id, const DeviceInfo& sender,
                     std::int64_t seq, EffectStatements& st);
  std::mutex mutex_;
  sync_db::Db db_;
  const common::Clock& clock_;
  int hall_offset_minutes_ = kDefaultHallOffsetMinutes;
};

}  // namespace hq
