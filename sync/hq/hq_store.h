#pragma once
// hqd's own SQLite database: enrolled devices, every record ever received (deduplicated on its UUID),
// master reference data and the sittings fed down, each row stamped with a change sequence number.
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "sync/common/clock.h"
#include "sync/common/sqlite_db.h"
#include "sync/hq/hall_clock.h"
#include "sync/protocol/device_status.h"
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

  // A kiosk's report of itself (POST /v1/status), kept with its storage events; the answer is HQ's last record
  // number of that kiosk and the gaps below it (sync/hq/fleet_status.cpp).
  protocol::StatusAnswer device_status(const std::string& device_id, const protocol::DeviceStatus& status);
  // How each kiosk stands, as HQ knows it: for `hqd kiosks` (the fleet list).
  struct KioskState {
    std::string device_id;
    std::int64_t reported_at = 0;  // 0: it never reported
    std::string storage;           // protocol::StorageState spelling, "" when never reported
    std::int64_t storage_since = 0;
    std::int64_t next_seq = 0;
    std::int64_t records = 0;
    protocol::StatusAnswer sequence;
    std::vector<protocol::StorageEvent> events;  // newest last
    std::string version;                         // the kiosk software's, as it last reported
    int kiosk_number = 0;                        // from its enrolment
    std::string hall;
    std::int64_t enrolled_at = 0;
    bool revoked = false;
    // What its last report said of its outbox, disk and screen (nullopt / "": never reported, or too old to say).
    std::optional<std::int64_t> pending, parked, free_bytes;
    std::optional<std::int64_t> oldest_pending_at;  // HQ's time: the report's time less the oldest row's age
    std::string last_error, orientation;            // orientation: protocol::Orientation spelling
    std::optional<std::int64_t> backlog_since;      // HQ's time its oldest pending row was made, this backlog
    std::optional<std::int64_t> parked_since;       // when HQ first heard of parked rows, this time
  };
  // Every enrolled kiosk with its last report, sequence, gaps and events (the fleet page and `hqd kiosks`).
  std::vector<KioskState> kiosk_states();

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
  protocol::StatusAnswer sequence_of(const std::string& device_id);  // holding the lock
  std::mutex mutex_;
  sync_db::Db db_;
  // The last full snapshot (reference_feed): its rows and text, and what they were built from.
  std::shared_ptr<const protocol::ReferenceData> snapshot_rows_;
  std::shared_ptr<const std::string> snapshot_text_;
  std::string snapshot_key_;
  const common::Clock& clock_;
  int hall_offset_minutes_ = kDefaultHallOffsetMinutes;
};

}  // namespace hq
