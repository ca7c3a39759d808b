#pragma once
// The kiosk's local SQLite database: reference data, sittings and the outbox, durable on commit.
#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "kiosk/core/citizen.h"
#include "kiosk/core/config.h"
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

// Closing a sitting: the rest of its 附件3 row.
struct CheckOut {
  std::string sitting_uuid;
  std::int64_t at = 0;
  int visitors = 0;  // 接待企业群众人次
  std::vector<Problem> problems;
  bool auto_closed = false;  // 未签退: closed by the kiosk at the end of the half-day
};

// Wrong PINs since the last right one and, after too many, until when the official is locked out (unix seconds;
// protocol::kLockedUntilReset: until a reset); `resets`: HQ's resets of the official known when it was written.
struct PinState {
  int failures = 0;
  std::int64_t locked_until = 0;
  int resets = 0;
};

class Store {
 public:
  // Opens (creating if needed) and migrates the database. Throws StoreError with a plain message.
  explicit Store(const std::string& path);
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

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
  Outbox& outbox() { return outbox_; }
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
  void exec(const char* sql);
  void migrate();
  void write_pin_state(const std::string& official_id, const PinState& st);  // inside a transaction
  // The record's outbox row, its payload the body as HQ receives it; inside the record's transaction.
  template <typename Body>
  void enqueue(const Body& body, std::int64_t at);
  sync_db::Db db_;
  Outbox outbox_{db_};
  std::string path_;
  std::uint64_t revision_ = 1;
  int utc_offset_minutes_ = 480;
};

// A fresh random UUID (version 4) in its usual text form.
std::string new_uuid();

}  // namespace core
