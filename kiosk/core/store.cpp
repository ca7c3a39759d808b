#include "kiosk/core/store.h"
#include "sync/common/read_text.h"

#include <sys/stat.h>

#include <array>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <utility>

#include "kiosk/core/clock.h"
#include "kiosk/core/duty.h"
#include "kiosk/core/receipt.h"
#include "sync/protocol/records.h"
#include "sync/protocol/reference_json.h"

namespace core {
namespace {

// The schema, one entry per version; a database at version N runs entries N.. in order.
constexpr std::array<const char*, 3> kMigrations = {
    R"sql(
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE departments (
  id TEXT PRIMARY KEY, name TEXT NOT NULL, short_name TEXT NOT NULL DEFAULT '', sort INTEGER NOT NULL DEFAULT 0);
CREATE TABLE windows (
  id TEXT PRIMARY KEY, number TEXT NOT NULL, name TEXT NOT NULL DEFAULT '',
  department_id TEXT NOT NULL REFERENCES departments(id));
CREATE TABLE officials (
  id TEXT PRIMARY KEY, name TEXT NOT NULL, title TEXT NOT NULL,
  rank TEXT NOT NULL CHECK (rank IN ('head','deputy','chief')),
  department_id TEXT NOT NULL REFERENCES departments(id),
  phone TEXT NOT NULL DEFAULT '', photo TEXT, pin_hash TEXT);
CREATE TABLE schedule (
  id TEXT PRIMARY KEY, date TEXT NOT NULL, half TEXT NOT NULL CHECK (half IN ('am','pm')),
  official_id TEXT NOT NULL REFERENCES officials(id), window_id TEXT NOT NULL REFERENCES windows(id),
  note TEXT NOT NULL DEFAULT '');
CREATE INDEX schedule_by_date ON schedule(date, half);
CREATE TABLE service_items (
  id TEXT PRIMARY KEY, department_id TEXT NOT NULL REFERENCES departments(id), name TEXT NOT NULL,
  type TEXT NOT NULL, audience TEXT NOT NULL DEFAULT '', mode TEXT NOT NULL DEFAULT '',
  channel TEXT NOT NULL DEFAULT '', section TEXT NOT NULL DEFAULT '', contact TEXT NOT NULL DEFAULT '',
  note TEXT NOT NULL DEFAULT '');
-- A sitting is one row of 附件3 once closed: visitors received, problems (below), whether it counts toward
-- the frequency rule (at least half a working day), and whether it was closed for a forgotten check-out.
CREATE TABLE sittings (
  uuid TEXT PRIMARY KEY, official_id TEXT NOT NULL REFERENCES officials(id),
  window_id TEXT NOT NULL REFERENCES windows(id), schedule_id TEXT,
  date TEXT NOT NULL, half TEXT NOT NULL CHECK (half IN ('am','pm')),
  checkin_at INTEGER NOT NULL, checkout_at INTEGER, from_hq INTEGER NOT NULL DEFAULT 0,
  unscheduled_reason TEXT, visitors INTEGER, counts INTEGER, auto_closed INTEGER NOT NULL DEFAULT 0);
CREATE INDEX sittings_by_date ON sittings(date);
CREATE TABLE problems (
  sitting_uuid TEXT NOT NULL REFERENCES sittings(uuid), seq INTEGER NOT NULL,
  source TEXT NOT NULL CHECK (source IN ('citizen','staff','self_check','other')),
  description TEXT NOT NULL, measure TEXT NOT NULL DEFAULT '', solved_on_spot INTEGER NOT NULL,
  due_date TEXT, section TEXT NOT NULL DEFAULT '', PRIMARY KEY (sitting_uuid, seq));
-- 好差评: the level is a meaning (very_satisfied … very_dissatisfied); phone only with consent, and only
-- until HQ has the record.
CREATE TABLE ratings (
  uuid TEXT PRIMARY KEY, created_at INTEGER NOT NULL,
  target_kind TEXT NOT NULL CHECK (target_kind IN ('official','window','item')), target_id TEXT NOT NULL,
  target_name TEXT NOT NULL,
  level TEXT NOT NULL CHECK (level IN ('very_satisfied','satisfied','basic','dissatisfied','very_dissatisfied')),
  reasons TEXT NOT NULL DEFAULT '[]', reason_version TEXT NOT NULL DEFAULT '', comment TEXT NOT NULL DEFAULT '',
  phone TEXT);
-- 办不成事 reports and what HQ says of them.
CREATE TABLE reports (
  uuid TEXT PRIMARY KEY, receipt TEXT NOT NULL UNIQUE, created_at INTEGER NOT NULL,
  department_id TEXT NOT NULL, item_id TEXT, item_name TEXT NOT NULL, kind TEXT NOT NULL,
  description TEXT NOT NULL, name TEXT, phone TEXT, due_date TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'submitted' CHECK (status IN ('submitted','accepted','in_progress','done')),
  reply TEXT NOT NULL DEFAULT '', updated_at INTEGER);
-- Wrong-PIN counts per official, kept across restarts; never synced, never holds a PIN.
CREATE TABLE pin_failures (
  official_id TEXT PRIMARY KEY, failures INTEGER NOT NULL, locked_until INTEGER NOT NULL DEFAULT 0);
-- Transactional outbox: one row per local record, written in the same transaction as the record. The
-- payload is the record's body as HQ receives it (sync/PROTOCOL.md), so sending needs no other table.
CREATE TABLE outbox (
  uuid TEXT PRIMARY KEY, kind TEXT NOT NULL, created_at INTEGER NOT NULL, payload TEXT NOT NULL,
  state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending','sent','parked')),
  attempts INTEGER NOT NULL DEFAULT 0, next_attempt_at INTEGER NOT NULL DEFAULT 0, last_error TEXT,
  sent_at INTEGER);
CREATE INDEX outbox_by_state ON outbox(state, next_attempt_at);
)sql",
    // 2: HQ's count of each official's wrong PINs over every kiosk, as fed down (pin_locks); the kiosk's own count
    // stays in pin_failures, and the wrong and right PINs typed here go to HQ as pin_attempt records (no digits).
    R"sql(
CREATE TABLE hq_pin_locks (
  official_id TEXT PRIMARY KEY, failures INTEGER NOT NULL, locked_until INTEGER NOT NULL, resets INTEGER NOT NULL);
)sql",
    // 3: the per-kiosk record sequence (HQ sees a record that never arrived as a gap), what happened to the
    // storage, and the application id that tells this file from another program's.
    R"sql(
ALTER TABLE outbox ADD COLUMN seq INTEGER;
UPDATE outbox SET seq = rowid;
CREATE UNIQUE INDEX outbox_by_seq ON outbox(seq);
INSERT OR REPLACE INTO meta(key, value) SELECT 'next_seq', coalesce(max(seq), 0) + 1 FROM outbox;
CREATE TABLE storage_events (
  id INTEGER PRIMARY KEY, at INTEGER NOT NULL, kind TEXT NOT NULL, file TEXT NOT NULL DEFAULT '',
  detail TEXT NOT NULL DEFAULT '');
PRAGMA application_id = 1263095635;
)sql",
};

static_assert(kMigrations.size() == Store::kSchemaVersion);

using sync_db::Stmt;
using sync_db::Transaction;

using protocol::from_string;
using protocol::to_string;

HalfDay half_of(const std::string& s) { return from_string<HalfDay>(s).value_or(HalfDay::am); }

Official read_official(const Stmt& s) {
  return Official{s.text(0), s.text(1), s.text(2), from_string<Rank>(s.text(3)).value_or(Rank::chief),
                  s.text(4), s.text(5), s.opt_text(6), s.opt_text(7)};
}
constexpr const char* kOfficialCols = "id, name, title, rank, department_id, phone, photo, pin_hash";

}  // namespace

std::string new_uuid() { return protocol::new_uuid(); }

template <typename F>
auto Store::guard(F&& f) -> decltype(f()) {
  for (int attempt = 0;; ++attempt) {
    try {
      return f();
    } catch (const CannotSave&) {
      throw;
    } catch (const StoreError& e) {
      if (!clock_) throw;  // only the app's store looks after the file
      if (e.is_corrupt() && attempt == 0 && !storage().from_memory) {
        // Damage met in use: the file goes aside (whole) and the same call runs on the fresh one, so a record
        // being submitted is saved there.
        std::fprintf(stderr, "kiosk: %s\n", e.what());
        set_aside(e.what());
        continue;
      }
      if (e.is_full()) set_state(StorageState::disk_full, e.what());
      throw;
    }
  }
}

void Store::refuse_unless_saving() const {
  if (!clock_) return;
  const StorageStatus st = storage();
  if (!st.can_save()) throw CannotSave(st.detail.empty() ? protocol::to_string(st.state) : st.detail);
}

Store::Store(const std::string& path) : path_(path) {
  try {
    open_file();
  } catch (const StoreError& e) {
    throw StoreError("database " + path + ": " + e.what(), e.code());
  }
}

Store::Store(const std::string& path, const Clock* clock) : path_(path), clock_(clock) {}

void Store::open_file() {
  outbox_.reset();
  db_.reset();
  // WAL with synchronous=FULL (set by sync_db::Db): a commit that returned survives a power cut.
  db_ = std::make_unique<sync_db::Db>(path_);
  exec("PRAGMA foreign_keys=ON");
  migrate();
  outbox_ = std::make_unique<Outbox>(*db_);
  struct stat st {};
  if (::stat(path_.c_str(), &st) == 0) {
    dev_ = st.st_dev;
    ino_ = st.st_ino;
  }
}

Store::~Store() = default;

void Store::exec(const char* sql) { db_->exec(sql); }

int Store::schema_version() {
  Stmt s(*db_, "PRAGMA user_version");
  s.step();
  return static_cast<int>(s.integer(0));
}

void Store::migrate() {
  const int current = schema_version();
  if (current > static_cast<int>(kMigrations.size())) throw NewerSchema(current);
  for (int v = current; v < static_cast<int>(kMigrations.size()); ++v) {
    Transaction t(*db_);
    exec(kMigrations[static_cast<std::size_t>(v)]);
    exec(("PRAGMA user_version=" + std::to_string(v + 1)).c_str());
    t.commit();
  }
}

void Store::apply_reference(const protocol::ReferenceData& d) {
  guard([&]() -> void {
    Transaction t(*db_);
    if (d.full) {
      // Children first so foreign keys hold; local sittings are records, not reference data.
      exec("DELETE FROM schedule; DELETE FROM service_items; DELETE FROM sittings WHERE from_hq=1;");
      exec("DELETE FROM windows WHERE id NOT IN (SELECT window_id FROM sittings)");
      exec("DELETE FROM officials WHERE id NOT IN (SELECT official_id FROM sittings)");
      exec("DELETE FROM departments WHERE id NOT IN (SELECT department_id FROM officials) "
           "AND id NOT IN (SELECT department_id FROM windows)");
    }
    {
      Stmt s(*db_,
             "INSERT INTO departments(id,name,short_name,sort) VALUES(?,?,?,?) ON CONFLICT(id) DO UPDATE SET "
             "name=excluded.name, short_name=excluded.short_name, sort=excluded.sort");
      for (const auto& x : d.departments) s.bind(1, x.id).bind(2, x.name).bind(3, x.short_name).bind(4, x.sort).run();
    }
    {
      Stmt s(*db_,
             "INSERT INTO windows(id,number,name,department_id) VALUES(?,?,?,?) ON CONFLICT(id) DO UPDATE SET "
             "number=excluded.number, name=excluded.name, department_id=excluded.department_id");
      for (const auto& x : d.windows) s.bind(1, x.id).bind(2, x.number).bind(3, x.name).bind(4, x.department_id).run();
    }
    {
      Stmt s(*db_,
             "INSERT INTO officials(id,name,title,rank,department_id,phone,photo,pin_hash) VALUES(?,?,?,?,?,?,?,?) "
             "ON CONFLICT(id) DO UPDATE SET name=excluded.name, title=excluded.title, rank=excluded.rank, "
             "department_id=excluded.department_id, phone=excluded.phone, photo=excluded.photo, "
             "pin_hash=excluded.pin_hash");
      for (const auto& x : d.officials)
        s.bind(1, x.id).bind(2, x.name).bind(3, x.title).bind(4, protocol::to_string(x.rank)).bind(5, x.department_id)
            .bind(6, x.phone).bind(7, x.photo).bind(8, x.pin_hash).run();
    }
    {
      Stmt s(*db_,
             "INSERT INTO schedule(id,date,half,official_id,window_id,note) VALUES(?,?,?,?,?,?) ON CONFLICT(id) DO "
             "UPDATE SET date=excluded.date, half=excluded.half, official_id=excluded.official_id, "
             "window_id=excluded.window_id, note=excluded.note");
      for (const auto& x : d.schedule)
        s.bind(1, x.id).bind(2, x.date).bind(3, protocol::to_string(x.half)).bind(4, x.official_id).bind(5, x.window_id)
            .bind(6, x.note).run();
    }
    {
      Stmt s(*db_,
             "INSERT INTO service_items(id,department_id,name,type,audience,mode,channel,section,contact,note) "
             "VALUES(?,?,?,?,?,?,?,?,?,?) ON CONFLICT(id) DO UPDATE SET department_id=excluded.department_id, "
             "name=excluded.name, type=excluded.type, audience=excluded.audience, mode=excluded.mode, "
             "channel=excluded.channel, section=excluded.section, contact=excluded.contact, note=excluded.note");
      for (const auto& x : d.service_items)
        s.bind(1, x.id).bind(2, x.department_id).bind(3, x.name).bind(4, protocol::to_string(x.type)).bind(5, x.audience)
            .bind(6, x.mode).bind(7, x.channel).bind(8, x.section).bind(9, x.contact).bind(10, x.note).run();
    }
    {
      // Sittings reported by HQ (from any kiosk). A sitting this kiosk recorded keeps its own row.
      Stmt s(*db_,
             "INSERT INTO sittings(uuid,official_id,window_id,schedule_id,date,half,checkin_at,checkout_at,from_hq) "
             "VALUES(?,?,?,?,?,?,?,?,1) ON CONFLICT(uuid) DO UPDATE SET checkout_at=excluded.checkout_at "
             "WHERE sittings.from_hq=1");
      for (const auto& x : d.sittings) {
        // The wire carries the offset, so the local date and half-day follow from the time itself.
        const auto in = parse_iso8601_zoned(x.checkin_at, 0);
        if (!in) throw StoreError("sitting " + x.uuid + " has a malformed check-in time \"" + x.checkin_at + "\"");
        std::optional<std::int64_t> out;
        if (x.checkout_at) {
          out = parse_iso8601(*x.checkout_at, 0);
          if (!out) throw StoreError("sitting " + x.uuid + " has a malformed check-out time");
        }
        const CivilTime c = to_civil(in->unix_seconds, in->utc_offset_minutes);
        const HalfDay half = half_at(c.minute_of_day(), HalfDayHours{}.pm_start);
        s.bind(1, x.uuid).bind(2, x.official_id).bind(3, x.window_id).bind(4, x.schedule_id).bind(5, c.date())
            .bind(6, protocol::to_string(half)).bind(7, in->unix_seconds).bind(8, out).run();
      }
    }
    {
      // HQ's count of wrong PINs per official; a reset there (resets went up) clears this kiosk's own count too.
      Stmt known(*db_, "SELECT resets FROM hq_pin_locks WHERE official_id=?");
      Stmt clear(*db_, "DELETE FROM pin_failures WHERE official_id=?");
      Stmt put(*db_,
               "INSERT INTO hq_pin_locks(official_id,failures,locked_until,resets) VALUES(?,?,?,?) ON "
               "CONFLICT(official_id) DO UPDATE SET failures=excluded.failures, locked_until=excluded.locked_until, "
               "resets=excluded.resets");
      for (const auto& x : d.pin_locks) {
        known.bind(1, x.official_id);
        const std::int64_t before = known.step() ? known.integer(0) : 0;
        known.reset();
        if (x.resets > before) clear.bind(1, x.official_id).run();
        put.bind(1, x.official_id).bind(2, x.failures).bind(3, x.locked_until).bind(4, x.resets).run();
      }
    }
    {
      // What HQ did with reports: only those this kiosk took are here to update.
      Stmt s(*db_, "UPDATE reports SET status=?, reply=?, updated_at=? WHERE receipt=?");
      for (const auto& u : d.report_updates)
        s.bind(1, protocol::to_string(u.status)).bind(2, u.reply).bind(3, parse_iso8601(u.updated_at, 0).value_or(0))
            .bind(4, u.receipt).run();
    }
    for (const auto& [table, ids] : d.deleted) {
      static constexpr std::array<std::pair<const char*, const char*>, 6> kDeletable = {{
          {"departments", "DELETE FROM departments WHERE id=?"},
          {"windows", "DELETE FROM windows WHERE id=?"},
          {"officials", "DELETE FROM officials WHERE id=?"},
          {"schedule", "DELETE FROM schedule WHERE id=?"},
          {"service_items", "DELETE FROM service_items WHERE id=?"},
          {"sittings", "DELETE FROM sittings WHERE uuid=? AND from_hq=1"},
      }};
      const char* sql = nullptr;
      for (const auto& [name, q] : kDeletable)
        if (table == name) sql = q;
      if (!sql) throw StoreError("reference data deletes from unknown table \"" + table + "\"");
      Stmt s(*db_, sql);
      for (const auto& id : ids) s.bind(1, id).run();
    }
    auto put_meta = [this](const char* key, const std::string& value) {
      Stmt(*db_, "INSERT INTO meta(key,value) VALUES(?,?) ON CONFLICT(key) DO UPDATE SET value=excluded.value")
          .bind(1, key)
          .bind(2, value)
          .run();
    };
    if (d.reason_list) put_meta("reason_list", protocol::encode_reason_list(*d.reason_list));
    if (d.calendar) put_meta("calendar", protocol::encode_calendar(*d.calendar));
    if (d.published_results) put_meta("published_results", protocol::encode_published_results(*d.published_results));
    if (!d.cursor.empty()) put_meta("reference_cursor", d.cursor);
    t.commit();
    ++revision_;
  });
}

std::string Store::reference_cursor() { return document("reference_cursor").value_or(""); }

std::optional<std::string> Store::document(const std::string& key) {
  return guard([&]() -> std::optional<std::string> {
    Stmt s(*db_, "SELECT value FROM meta WHERE key=?");
    s.bind(1, key);
    if (!s.step()) return std::nullopt;
    return s.text(0);
  });
}

namespace {
std::string read_file(const std::string& path) {
  auto text = common::read_text(path);
  if (!text) throw std::runtime_error("cannot read " + path);
  return std::move(*text);
}
}  // namespace

protocol::ReasonList Store::reason_list(const std::string& assets_dir) {
  const auto hq = document("reason_list");
  try {
    return protocol::decode_reason_list(hq ? *hq : read_file(assets_dir + "/reasons/rating_reasons.json"));
  } catch (const protocol::DecodeError& e) {
    throw std::runtime_error(std::string("reason list or calendar: ") + e.what());
  }
}

std::optional<protocol::PublishedResults> Store::published_results() {
  const auto doc = document("published_results");
  if (!doc) return std::nullopt;
  try {
    return protocol::decode_published_results(*doc);
  } catch (const protocol::DecodeError&) {
    return std::nullopt;  // checked when it arrived; a file edited by hand shows nothing rather than stop the screen
  }
}

protocol::WorkCalendar Store::work_calendar(const std::string& assets_dir) {
  const auto hq = document("calendar");
  protocol::WorkCalendar c;
  try {
    c.load_json(hq ? *hq : read_file(assets_dir + "/calendar/workdays.json"));
  } catch (const protocol::DecodeError& e) {
    throw std::runtime_error(std::string("reason list or calendar: ") + e.what());
  }
  return c;
}

std::vector<Department> Store::departments() {
  return guard([&]() -> std::vector<Department> {
    Stmt s(*db_, "SELECT id,name,short_name,sort FROM departments ORDER BY sort, id");
    std::vector<Department> out;
    while (s.step()) out.push_back({s.text(0), s.text(1), s.text(2), static_cast<int>(s.integer(3))});
    return out;
  });
}

std::vector<Window> Store::windows() {
  return guard([&]() -> std::vector<Window> {
    Stmt s(*db_, "SELECT id,number,name,department_id FROM windows ORDER BY number, id");
    std::vector<Window> out;
    while (s.step()) out.push_back({s.text(0), s.text(1), s.text(2), s.text(3)});
    return out;
  });
}

std::vector<Official> Store::officials() {
  return guard([&]() -> std::vector<Official> {
    Stmt s(*db_, (std::string("SELECT ") + kOfficialCols + " FROM officials ORDER BY id").c_str());
    std::vector<Official> out;
    while (s.step()) out.push_back(read_official(s));
    return out;
  });
}

std::optional<Official> Store::official(const std::string& id) {
  return guard([&]() -> std::optional<Official> {
    Stmt s(*db_, (std::string("SELECT ") + kOfficialCols + " FROM officials WHERE id=?").c_str());
    s.bind(1, id);
    if (!s.step()) return std::nullopt;
    return read_official(s);
  });
}

std::vector<ServiceItem> Store::service_items(const std::string& department_id) {
  return guard([&]() -> std::vector<ServiceItem> {
    Stmt s(*db_,
           "SELECT id,department_id,name,type,audience,mode,channel,section,contact,note FROM service_items "
           "WHERE ?1='' OR department_id=?1 ORDER BY department_id, id");
    s.bind(1, department_id);
    std::vector<ServiceItem> out;
    while (s.step())
      out.push_back({s.text(0), s.text(1), s.text(2),
                     from_string<protocol::ItemType>(s.text(3)).value_or(protocol::ItemType::other), s.text(4),
                     s.text(5), s.text(6), s.text(7), s.text(8), s.text(9)});
    return out;
  });
}

std::vector<ScheduleEntry> Store::schedule(const std::string& from_date, const std::string& to_date) {
  return guard([&]() -> std::vector<ScheduleEntry> {
    Stmt s(*db_,
           "SELECT s.id,s.date,s.half,s.official_id,s.window_id,s.note FROM schedule s JOIN windows w ON "
           "w.id=s.window_id WHERE s.date BETWEEN ? AND ? ORDER BY s.date, s.half, w.number, s.id");
    s.bind(1, from_date).bind(2, to_date);
    std::vector<ScheduleEntry> out;
    while (s.step()) out.push_back({s.text(0), s.text(1), half_of(s.text(2)), s.text(3), s.text(4), s.text(5)});
    return out;
  });
}

std::vector<Sitting> Store::sittings(const std::string& from_date, const std::string& to_date) {
  return guard([&]() -> std::vector<Sitting> {
    Stmt s(*db_,
           "SELECT uuid,official_id,window_id,schedule_id,date,half,checkin_at,checkout_at,from_hq FROM sittings "
           "WHERE date BETWEEN ? AND ? ORDER BY checkin_at");
    s.bind(1, from_date).bind(2, to_date);
    std::vector<Sitting> out;
    while (s.step())
      out.push_back({s.text(0), s.text(1), s.text(2), s.opt_text(3), s.text(4), half_of(s.text(5)), s.integer(6),
                     s.opt_integer(7), s.integer(8) != 0});
    return out;
  });
}

template <typename Body>
void Store::enqueue(const Body& body, std::int64_t at) {
  // The record's number in this kiosk's sequence, taken in its own transaction.
  Stmt n(*db_, "UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key='next_seq' RETURNING CAST(value AS INTEGER) - 1");
  std::optional<std::int64_t> seq;
  if (n.step()) seq = n.integer(0);
  Stmt(*db_, "INSERT INTO outbox(uuid,kind,created_at,payload,seq) VALUES(?,?,?,?,?)")
      .bind(1, body.uuid).bind(2, to_string(Body::kind)).bind(3, at).bind(4, protocol::encode(body).dump()).bind(5, seq)
      .run();
  last_seq_ = seq.value_or(0);
}

void Store::committed() {
  ++revision_;
  // The highest number handed out, beside the database: a WAL lost or cut short shows as numbers the database
  // no longer has (checked at the next start). Written after the commit, so a crash never claims a record.
  if (last_seq_ > 0) write_seq_mark(last_seq_);
  last_seq_ = 0;
}

std::string Store::check_in(const CheckIn& c) {
  return guard([&]() -> std::string {
    refuse_unless_saving();
    const std::string uuid = new_uuid();
    // The sitting's own time zone is the hall's: the date and half were decided by the caller in local time.
    const protocol::CheckInBody body{uuid,   c.official_id, c.window_id, c.schedule_id, c.date,
                                     c.half, to_iso8601(c.at, utc_offset_minutes_), c.unscheduled_reason};
    Transaction t(*db_);
    Stmt open(*db_, "SELECT count(*) FROM sittings WHERE official_id=? AND checkout_at IS NULL");
    open.bind(1, c.official_id);
    if (open.step() && open.integer(0) > 0) throw AlreadyCheckedIn();
    Stmt(*db_,
         "INSERT INTO sittings(uuid,official_id,window_id,schedule_id,date,half,checkin_at,unscheduled_reason) "
         "VALUES(?,?,?,?,?,?,?,?)")
        .bind(1, uuid).bind(2, c.official_id).bind(3, c.window_id).bind(4, c.schedule_id).bind(5, c.date)
        .bind(6, protocol::to_string(c.half)).bind(7, c.at).bind(8, c.unscheduled_reason).run();
    enqueue(body, c.at);
    t.commit();
    committed();
    return uuid;
  });
}

std::string Store::check_out(const CheckOut& c, double min_sitting_hours) {
  return guard([&]() -> std::string {
    refuse_unless_saving();
    if (c.visitors < 0 || c.visitors > 9999) throw StoreError("接待人次 must be between 0 and 9999");
    const std::string uuid = new_uuid();
    Transaction t(*db_);
    Stmt q(*db_, "SELECT checkin_at, official_id FROM sittings WHERE uuid=? AND checkout_at IS NULL");
    q.bind(1, c.sitting_uuid);
    if (!q.step()) throw StoreError("that sitting is not open");
    const std::int64_t checkin_at = q.integer(0);
    const std::string official_id = q.text(1);
    const bool counts = static_cast<double>(c.at - checkin_at) >= min_sitting_hours * 3600.0;
    Stmt(*db_, "UPDATE sittings SET checkout_at=?, visitors=?, counts=?, auto_closed=? WHERE uuid=?")
        .bind(1, c.at).bind(2, c.visitors).bind(3, counts ? 1 : 0).bind(4, c.auto_closed ? 1 : 0).bind(5, c.sitting_uuid)
        .run();
    protocol::CheckOutBody body{uuid, c.sitting_uuid, to_iso8601(c.at, utc_offset_minutes_), c.visitors, counts,
                                c.auto_closed, {},        official_id};
    Stmt ins(*db_,
             "INSERT INTO problems(sitting_uuid,seq,source,description,measure,solved_on_spot,due_date,section) "
             "VALUES(?,?,?,?,?,?,?,?)");
    int seq = 0;
    for (const Problem& p : c.problems) {
      ins.bind(1, c.sitting_uuid).bind(2, ++seq).bind(3, to_string(p.source)).bind(4, p.description).bind(5, p.measure)
          .bind(6, p.solved_on_spot ? 1 : 0).bind(7, p.solved_on_spot ? std::optional<std::string>() : p.due_date)
          .bind(8, p.section).run();
      body.problems.push_back(p);
      if (p.solved_on_spot) body.problems.back().due_date.reset();
    }
    enqueue(body, c.at);
    t.commit();
    committed();
    return uuid;
  });
}

std::string Store::check_out(const std::string& sitting_uuid, std::int64_t at) {
  return check_out(CheckOut{sitting_uuid, at, 0, {}, false}, 0);
}

std::optional<Sitting> Store::open_sitting(const std::string& official_id) {
  return guard([&]() -> std::optional<Sitting> {
    Stmt s(*db_,
           "SELECT uuid,official_id,window_id,schedule_id,date,half,checkin_at,checkout_at,from_hq FROM sittings "
           "WHERE official_id=? AND checkout_at IS NULL ORDER BY checkin_at DESC LIMIT 1");
    s.bind(1, official_id);
    if (!s.step()) return std::nullopt;
    return Sitting{s.text(0), s.text(1), s.text(2), s.opt_text(3), s.text(4), half_of(s.text(5)), s.integer(6),
                   s.opt_integer(7), s.integer(8) != 0};
  });
}

int Store::close_forgotten(std::int64_t now, const HalfDayHours& hours, double min_sitting_hours) {
  return guard([&]() -> int {
    std::vector<std::pair<std::string, std::int64_t>> due;
    {
      Stmt s(*db_, "SELECT uuid,date,half FROM sittings WHERE checkout_at IS NULL AND from_hq=0");
      while (s.step()) {
        int y = 0, m = 0, d = 0;
        if (std::sscanf(s.text(1).c_str(), "%d-%d-%d", &y, &m, &d) != 3) continue;
        const int end = half_of(s.text(2)) == HalfDay::am ? hours.am_end : hours.pm_end;
        const std::int64_t end_at = from_civil(y, m, d, end / 60, end % 60, 0, utc_offset_minutes_);
        if (now >= end_at) due.emplace_back(s.text(0), end_at);
      }
    }
    for (const auto& [uuid, end_at] : due) check_out(CheckOut{uuid, end_at, 0, {}, true}, min_sitting_hours);
    return static_cast<int>(due.size());
  });
}

std::string Store::submit_rating(const Rating& r) {
  return guard([&]() -> std::string {
    refuse_unless_saving();
    if (is_bad(r.level) && r.reasons.empty()) throw StoreError("a 差评 needs at least one reason");
    const std::string uuid = new_uuid();
    const protocol::RatingBody body{uuid,    to_iso8601(r.at, utc_offset_minutes_), r.target_kind, r.target_id,
                                    r.target_name, r.level, r.reasons, r.reason_version, r.comment, r.phone};
    Transaction t(*db_);
    Stmt(*db_,
         "INSERT INTO ratings(uuid,created_at,target_kind,target_id,target_name,level,reasons,reason_version,comment,"
         "phone) VALUES(?,?,?,?,?,?,?,?,?,?)")
        .bind(1, uuid).bind(2, r.at).bind(3, to_string(r.target_kind)).bind(4, r.target_id).bind(5, r.target_name)
        .bind(6, to_string(r.level)).bind(7, nlohmann::json(r.reasons).dump()).bind(8, r.reason_version).bind(9, r.comment).bind(10, r.phone)
        .run();
    enqueue(body, r.at);
    t.commit();
    committed();
    return uuid;
  });
}

std::string Store::submit_report(const Report& r, int kiosk_number) {
  return guard([&]() -> std::string {
    refuse_unless_saving();
    const std::string uuid = new_uuid();
    const std::string date = to_civil(r.at, utc_offset_minutes_).date();
    Transaction t(*db_);
    // This kiosk's count of reports that day, kept with the records so a restart never reuses a number.
    Stmt n(*db_, "SELECT count(*) FROM reports WHERE receipt LIKE ?");
    char prefix[16];
    std::snprintf(prefix, sizeof prefix, "%03d%04d", kiosk_number, day_number(date));
    n.bind(1, std::string(prefix) + "%");
    n.step();
    const auto receipt = make_receipt(kiosk_number, day_number(date), static_cast<int>(n.integer(0)) + 1);
    if (!receipt) throw StoreError("no receipt number left for today on this kiosk");
    const std::optional<std::string> name = r.name.empty() ? std::nullopt : std::optional<std::string>(r.name);
    const protocol::ReportBody body{uuid,        *receipt, to_iso8601(r.at, utc_offset_minutes_), r.department_id,
                                    r.item_id,   r.item_name, r.kind, r.description, name, r.phone, r.due_date};
    Stmt(*db_,
         "INSERT INTO reports(uuid,receipt,created_at,department_id,item_id,item_name,kind,description,name,phone,"
         "due_date) VALUES(?,?,?,?,?,?,?,?,?,?,?)")
        .bind(1, uuid).bind(2, *receipt).bind(3, r.at).bind(4, r.department_id).bind(5, r.item_id).bind(6, r.item_name)
        .bind(7, to_string(r.kind)).bind(8, r.description).bind(9, name)
        .bind(10, r.phone).bind(11, r.due_date).run();
    enqueue(body, r.at);
    t.commit();
    committed();
    return *receipt;
  });
}

std::optional<ReportStatus> Store::find_report(const std::string& receipt) {
  return guard([&]() -> std::optional<ReportStatus> {
    Stmt s(*db_, "SELECT receipt,status,reply,due_date,item_name,created_at FROM reports WHERE receipt=?");
    s.bind(1, receipt);
    if (!s.step()) return std::nullopt;
    return ReportStatus{s.text(0), s.text(1), s.text(2), s.text(3), s.text(4), s.integer(5)};
  });
}

std::vector<Store::QueueCount> Store::queue_counts() {
  return guard([&]() -> std::vector<Store::QueueCount> {
    Stmt s(*db_, "SELECT kind, state, count(*) FROM outbox GROUP BY kind, state ORDER BY kind, state");
    std::vector<QueueCount> out;
    while (s.step()) out.push_back({s.text(0), s.text(1), static_cast<int>(s.integer(2))});
    return out;
  });
}

PinState Store::pin_state(const std::string& official_id) {
  return guard([&]() -> PinState {
    Stmt s(*db_, "SELECT failures, locked_until FROM pin_failures WHERE official_id=?");
    s.bind(1, official_id);
    if (!s.step()) return {};
    return {static_cast<int>(s.integer(0)), s.integer(1)};
  });
}

void Store::write_pin_state(const std::string& official_id, const PinState& st) {
  if (st.failures == 0 && st.locked_until == 0)
    Stmt(*db_, "DELETE FROM pin_failures WHERE official_id=?").bind(1, official_id).run();
  else
    Stmt(*db_,
         "INSERT INTO pin_failures(official_id,failures,locked_until) VALUES(?,?,?) ON CONFLICT(official_id) DO "
         "UPDATE SET failures=excluded.failures, locked_until=excluded.locked_until")
        .bind(1, official_id).bind(2, st.failures).bind(3, st.locked_until).run();
}

void Store::set_pin_state(const std::string& official_id, const PinState& st) {
  guard([&]() -> void {
    Transaction t(*db_);
    write_pin_state(official_id, st);
    t.commit();
  });
}

void Store::record_pin_attempt(const std::string& official_id, const PinState& st, bool ok, std::int64_t at,
                               bool tell_hq) {
  guard([&]() -> void {
    Transaction t(*db_);
    write_pin_state(official_id, st);
    if (ok)
      Stmt(*db_, "UPDATE hq_pin_locks SET failures=0, locked_until=0 WHERE official_id=? AND locked_until <= ?")
          .bind(1, official_id).bind(2, at).run();
    // The copy in memory counts the attempt for the pad but sends nothing: its outbox never goes to HQ.
    if (tell_hq && !storage().from_memory)
      enqueue(protocol::PinAttemptBody{new_uuid(), official_id, to_iso8601(at, utc_offset_minutes_), ok}, at);
    t.commit();
    committed();
  });
}

std::string Store::record_walk(const Walk& w) {
  return guard([&]() -> std::string {
    refuse_unless_saving();
    const protocol::WalkBody body{new_uuid(), w.official_id, w.item_id, w.item_name, w.date, w.forms, w.findings,
                                  to_iso8601(w.at, utc_offset_minutes_)};
    if (auto why = protocol::validate_body(protocol::RecordKind::walk, protocol::encode(body))) throw StoreError(*why);
    Transaction t(*db_);
    enqueue(body, w.at);
    t.commit();
    committed();
    return body.uuid;
  });
}

PinState Store::hq_pin_lock(const std::string& official_id) {
  return guard([&]() -> PinState {
    Stmt s(*db_, "SELECT failures, locked_until, resets FROM hq_pin_locks WHERE official_id=?");
    s.bind(1, official_id);
    if (!s.step()) return {};
    return {static_cast<int>(s.integer(0)), s.integer(1), static_cast<int>(s.integer(2))};
  });
}

std::vector<Problem> Store::problems(const std::string& sitting_uuid) {
  return guard([&]() -> std::vector<Problem> {
    Stmt s(*db_,
           "SELECT source,description,measure,solved_on_spot,due_date,section FROM problems WHERE sitting_uuid=? "
           "ORDER BY seq");
    s.bind(1, sitting_uuid);
    std::vector<Problem> out;
    while (s.step())
      out.push_back({from_string<ProblemSource>(s.text(0)).value_or(ProblemSource::other), s.text(1), s.text(2), s.integer(3) != 0, s.opt_text(4), s.text(5)});
    return out;
  });
}


std::string Store::quick_check() {
  try {
    Stmt s(*db_, "PRAGMA quick_check");
    return s.step() ? s.text(0) : "no answer";
  } catch (const StoreError& e) {
    return e.what();
  }
}

std::string Store::half_written() {
  return guard([&]() -> std::string {
    static const char* const kChecks[] = {
        "SELECT count(*) FROM ratings WHERE uuid NOT IN (SELECT uuid FROM outbox)",
        "SELECT count(*) FROM reports WHERE uuid NOT IN (SELECT uuid FROM outbox)",
        "SELECT count(*) FROM outbox WHERE kind='rating' AND uuid NOT IN (SELECT uuid FROM ratings)",
        "SELECT count(*) FROM outbox WHERE kind='report' AND uuid NOT IN (SELECT uuid FROM reports)"};
    std::string out;
    for (const char* sql : kChecks) {
      Stmt s(*db_, sql);
      if (s.step() && s.integer(0) != 0) out += std::string(out.empty() ? "" : "; ") + sql + " gave " + std::to_string(s.integer(0));
    }
    return out;
  });
}

std::optional<std::string> Store::query_text(const std::string& sql) {
  return guard([&]() -> std::optional<std::string> {
    Stmt s(*db_, sql.c_str());
    if (!s.step()) return std::nullopt;
    return s.opt_text(0);
  });
}

}  // namespace core
