#pragma once
// The kiosk's local SQLite database: reference data, sittings and the outbox, durable on commit.
#include <sys/types.h>

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "kiosk/core/citizen.h"
#include "kiosk/core/clock.h"
#include "kiosk/core/config.h"
#include "kiosk/core/storage_state.h"
#include "kiosk/core/outbox.h"
#include "sync/common/sqlite_db.h"
#include "sync/protocol/calendar.h"
#include "sync/protocol/model.h"
#include "sync/protocol/record_bodies.h"

namespace core {

using protocol::Department;
using protocol::HalfDay;
using protocol::Official;
using protocol::Rank;
using protocol::ScheduleEntry;
using protocol::ServiceItem;
using protocol::Window;
// The 差评 reasons in force and the working-day calendar (what the screens show and reckon reply dates by).
using protocol::Reason;
using protocol::ReasonGroup;
using protocol::ReasonList;
using protocol::WorkCalendar;

// Raised when the database cannot be opened, is damaged, or a write fails (e.g. disk full).
using StoreError = sync_db::DbError;
// Raised by Store::check_in when the official already has an open sitting (nothing was written).
class AlreadyCheckedIn : public StoreError {
 public:
  AlreadyCheckedIn() : StoreError("already checked in") {}
};

// A check-in at a window, with its check-out once there is one (times are unix seconds).
struct Sitting {
  std::string uuid;
  std::string official_id;
  std::string window_id;
  std::optional<std::string> schedule_id;
  std::string date;  // local date of the check-in
  HalfDay half = HalfDay::am;
  std::int64_t checkin_at = 0;
  std::optional<std::int64_t> checkout_at;
  bool from_hq = false;  // learnt from HQ rather than recorded here
};

// What a new check-in needs; the store assigns the UUID and queues it for HQ.
struct CheckIn {
  std::string official_id;
  std::string window_id;
  std::optional<std::string> schedule_id;
  std::string date;
  HalfDay half = HalfDay::am;
  std::int64_t at = 0;
  std::optional<std::string> unscheduled_reason;  // set when nobody planned this sitting
};

// One problem found during a sitting, as it travels in the check-out (附件3's 问题来源 … 责任科室).
using protocol::Problem;
using protocol::ProblemSource;
// A 走流程's forms (驻窗办 …) and the problems it found.
using protocol::WalkFinding;
using protocol::WalkForm;

// Closing a sitting: the rest of its 附件3 row.
struct CheckOut {
  std::string sitting_uuid;
  std::int64_t at = 0;
  int visitors = 0;  // 接待企业群众人次
  std::vector<Problem> problems;
  bool auto_closed = false;  // 未签退: closed by the kiosk at the end of the half-day
};

// A 走流程 an official records after their PIN; the store gives it its UUID and queues it for HQ (the outbox row is
// its one copy here: the kiosk shows it nowhere).
struct Walk {
  std::string official_id, item_id, item_name;
  std::string date;  // the day walked (local)
  std::vector<protocol::WalkForm> forms;
  std::vector<protocol::WalkFinding> findings;
  std::int64_t at = 0;  // when it was recorded
};

// Wrong PINs since the last right one and, after too many, until when the official is locked out (unix seconds;
// protocol::kLockedUntilReset: until a reset); `resets`: HQ's resets of the official known when it was written.
struct PinState {
  int failures = 0;
  std::int64_t locked_until = 0;
  int resets = 0;
};

// Raised by a write while the store cannot save (disk full, newer schema, unusable file): nothing was written.
class CannotSave : public StoreError {
 public:
  explicit CannotSave(const std::string& why) : StoreError("cannot save: " + why) {}
};

// Raised when the database was written by a newer kiosk version (nothing was changed in it).
class NewerSchema : public StoreError {
 public:
  explicit NewerSchema(int version)
      : StoreError("it was written by a newer kiosk version (schema " + std::to_string(version) + ")") {}
};

class Store {
 public:
  // Opens (creating if needed) and migrates the database. Throws StoreError with a plain message.
  explicit Store(const std::string& path);
  // The kiosk app's store, the one that looks after the file (kiosk/core/storage_check.cpp): it checks it first
  // (PRAGMA quick_check, application id, schema version) and sets a failing one aside with its WAL and shm under
  // a dated name (never deleted), salvaging what it can still read into a fresh one; it does the same when SQLite
  // reports damage in use. A newer schema, a full disk or a file it cannot use leave the screens a copy in memory
  // and can_save() false. Never throws for any of these; `clock` (which must outlive it) dates what it notes.
  static std::unique_ptr<Store> open_for_kiosk(const std::string& path, const Clock& clock);
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  // What the storage can do and what happened to it (a copy: the sync thread asks too).
  StorageStatus storage() const;
  bool can_save() const;
  // Housekeeping when nobody is at the kiosk (the app calls it every few seconds): retries the file after a full
  // disk or when it could not be used, checkpoints the WAL when idle. True when what the screens read changed.
  bool tend(bool idle);
  // Checks the file now (the sync thread's connection met damage): sets it aside when it fails.
  void check_now();
  // A consistent copy of the database as one file in `dir`, for the operator (e.g. a newer schema's file to
  // hand on); returns its path. Throws StoreError.
  std::string export_copy(const std::string& dir);
  // True when the file at the path is no longer the one this connection opened (the app set it aside).
  bool file_replaced() const;
  // This connection, when it is the last to close, leaves the WAL as it is (no checkpoint): a connection the
  // app may set the file aside under (the sync client's) must not checkpoint into, or delete, what is there.
  void keep_wal_on_close();

  // The per-kiosk record sequence: the number the next record gets, and whether HQ's last number has been
  // heard since this database was made (a fresh database must not reuse numbers HQ holds).
  std::int64_t next_seq();
  bool seq_confirmed();
  // HQ holds this kiosk's numbers up to hq_last: records not yet sent numbered at or below it are numbered on
  // after it, in order, and the sequence is confirmed (noted as an event when it moved). Returns how many moved.
  int continue_seq(std::int64_t hq_last);
  // What the sync client tells HQ about this kiosk at `now` (unix seconds): storage, sequence, events, the outbox's
  // pending and parked rows with the oldest pending row's age, and the free space of the database's directory.
  protocol::DeviceStatus device_status(const std::string& version, std::int64_t now);
  // Bytes free for this kiosk where its database lives (nullopt when the system cannot tell).
  std::optional<std::int64_t> free_bytes() const;

  static constexpr int kSchemaVersion = 3;  // the newest schema this kiosk knows
  int schema_version();
  // Applies one reference message and its cursor in a single transaction.
  void apply_reference(const protocol::ReferenceData& data);
  std::string reference_cursor();
  // What HQ sent as a whole document ("reason_list", "calendar": protocol JSON), if it did.
  std::optional<std::string> document(const std::string& key);
  // The 差评 reason list and the working-day calendar in force: HQ's when it has sent them, else the defaults
  // shipped in assets_dir (reasons/, calendar/). Throws std::runtime_error naming what cannot be read.
  protocol::ReasonList reason_list(const std::string& assets_dir);
  protocol::WorkCalendar work_calendar(const std::string& assets_dir);

  // The last full month's 好评率 and number of ratings by department, as HQ last published them (none before that).
  std::optional<protocol::PublishedResults> published_results();

  std::vector<Department> departments();
  std::vector<Window> windows();
  std::vector<Official> officials();
  std::optional<Official> official(const std::string& id);
  std::vector<ServiceItem> service_items(const std::string& department_id = {});
  std::vector<ScheduleEntry> schedule(const std::string& from_date, const std::string& to_date);
  std::vector<Sitting> sittings(const std::string& from_date, const std::string& to_date);

  // Records a check-in with its outbox row in one durable transaction; returns its UUID.
  std::string check_in(const CheckIn& c);
  // Closes an open sitting with its statistics; the check-out is a record of its own (returns its UUID).
  // The sitting counts toward the frequency rule when it lasted at least min_sitting_hours.
  std::string check_out(const CheckOut& c, double min_sitting_hours);
  std::string check_out(const std::string& sitting_uuid, std::int64_t at);
  std::optional<Sitting> open_sitting(const std::string& official_id);
  std::vector<Problem> problems(const std::string& sitting_uuid);
  // Closes sittings left open past the end of their half-day, marked 未签退; returns how many.
  int close_forgotten(std::int64_t now, const HalfDayHours& hours, double min_sitting_hours);
  // A 走流程, durable with its outbox row when this returns; returns its UUID. Throws StoreError naming what breaks
  // the record's rules (nothing written).
  std::string record_walk(const Walk& w);
  // A rating, durable with its outbox row when this returns; returns its UUID.
  std::string submit_rating(const Rating& r);
  // A report, durable with its outbox row when this returns; returns its receipt number.
  std::string submit_report(const Report& r, int kiosk_number);
  std::optional<ReportStatus> find_report(const std::string& receipt);
  // Outbox rows by kind and state, e.g. {"checkin", "pending", 3}.
  struct QueueCount {
    std::string kind, state;
    int count = 0;
  };
  std::vector<QueueCount> queue_counts();
  // The outbox as sync sees it (due rows, acks, parking, backoff), on this store's connection.
  Outbox& outbox() { return *outbox_; }
  PinState pin_state(const std::string& official_id);
  void set_pin_state(const std::string& official_id, const PinState& st);
  // The official's state after a PIN typed at `at`, and (`tell_hq`) its pin_attempt record with its outbox row, in
  // one transaction: whether it was right, never the PIN. A right one also drops HQ's count as last fed down.
  void record_pin_attempt(const std::string& official_id, const PinState& st, bool ok, std::int64_t at, bool tell_hq);
  // HQ's count of the official's wrong PINs over every kiosk as last fed down (protocol::PinLockRow; zero if none).
  PinState hq_pin_lock(const std::string& official_id);
  // The hall's UTC offset, for the local times written into records.
  void set_utc_offset(int minutes) { utc_offset_minutes_ = minutes; }

  // Bumped by every write; screens reload when it changes.
  std::uint64_t revision() const { return revision_; }
  // "ok" or SQLite's description of the damage.
  std::string quick_check();
  // "" when every rating and report has its outbox row and every such outbox row its record; else what is
  // half-written (the monkey test and the operator's health line ask).
  std::string half_written();
  // A single value from a read-only query, as text (for tests and the scenario driver).
  std::optional<std::string> query_text(const std::string& sql);

 private:
  Store(const std::string& path, const Clock* clock);
  void exec(const char* sql);
  void migrate();
  // Runs f; SQLite's damage in use has the file set aside and f run once more on the fresh one, and a full disk
  // stops saving until tend() finds room (kiosk/core/storage_check.cpp).
  template <typename F>
  auto guard(F&& f) -> decltype(f());
  void refuse_unless_saving() const;  // throws CannotSave on the app's store when it cannot save
  void open_file();              // db_ on path_, checked and migrated; throws StoreError
  void open_memory(const std::string& why, StorageState state);  // db_ in memory, with what the file still gives
  void set_aside(const std::string& why);  // path_ and its WAL and shm renamed; a fresh file opened
  void start_checked();          // open_for_kiosk's work
  bool file_fails(std::string& why);  // quick_check, application id, schema version of db_
  void note_event(StorageEventKind kind, const std::string& file, const std::string& detail);
  void set_state(StorageState state, const std::string& detail);
  void load_events();
  void after_open();             // sequence against the side file, events; on the app's store
  void write_seq_mark(std::int64_t seq);
  std::int64_t read_seq_mark() const;
  bool room_on_disk() const;
  void write_pin_state(const std::string& official_id, const PinState& st);  // inside a transaction
  // The record's outbox row, its payload the body as HQ receives it; inside the record's transaction.
  template <typename Body>
  void enqueue(const Body& body, std::int64_t at);
  void committed();  // after a record's commit: the revision, the sequence mark
  std::int64_t last_seq_ = 0;
  std::unique_ptr<sync_db::Db> db_;
  std::unique_ptr<Outbox> outbox_;
  std::string path_;
  std::uint64_t revision_ = 1;
  int utc_offset_minutes_ = 480;
  const Clock* clock_ = nullptr;  // set on the app's store (open_for_kiosk), which looks after the file
  mutable std::mutex status_mutex_;
  StorageStatus status_;
  std::vector<StorageEvent> pending_events_;  // noted while nothing could be written; written once it can
  dev_t dev_ = 0;
  ino_t ino_ = 0;
  double checkpointed_at_ = -1;  // clock elapsed() of the last idle checkpoint
  std::int64_t retry_at_ = 0;
};

// A fresh random UUID (version 4) in its usual text form.
std::string new_uuid();

}  // namespace core
