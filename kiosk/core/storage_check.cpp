// The app's store looking after its file: the checks at start and after damage in use, setting a failing file
// aside (renamed with its WAL and shm, never deleted) and salvaging what it still gives, the copy in memory the
// screens read when the file cannot be used, the retry once the disk has room, the idle checkpoint, the record
// sequence with its mark beside the database, and the operator's export.
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <set>

#include "kiosk/core/store.h"

namespace core {
namespace {

using sync_db::Stmt;
using sync_db::Transaction;

constexpr std::int64_t kApplicationId = 1263095635;  // "KIOS": set by schema version 3
constexpr unsigned long long kMinFreeBytes = 1024 * 1024;  // below this the kiosk stops taking records
constexpr int kRetrySeconds = 5;
constexpr double kCheckpointEverySeconds = 30;

// Tables copied from a file set aside into the fresh one, and from a file that cannot be used into memory. The
// reference cursor is not copied, so the next pull brings all reference data again; PIN counts and locks (the
// kiosk's own and HQ's) come along, so damage never ends a lockout.
constexpr const char* kRecordTables[] = {"departments",    "windows",      "officials",    "schedule", "service_items",
                                         "sittings",       "problems",     "ratings",      "reports",  "outbox",
                                         "storage_events", "pin_failures", "hq_pin_locks"};
constexpr const char* kReferenceTables[] = {"departments", "windows", "officials",    "schedule",
                                            "service_items", "sittings", "reports", "pin_failures", "hq_pin_locks"};

bool exists(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0;
}

// A read-only connection to a file that may be damaged or on a full disk: with its WAL when SQLite can, else the
// main file alone (immutable: nothing is written, not even the shm). Null when neither opens.
sqlite3* open_readonly(const std::string& path) {
  for (const std::string& name : {path, "file:" + path + "?immutable=1"}) {
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(name.c_str(), &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, nullptr) == SQLITE_OK &&
        sqlite3_exec(db, "SELECT count(*) FROM sqlite_master", nullptr, nullptr, nullptr) == SQLITE_OK)
      return db;
    sqlite3_close(db);
  }
  return nullptr;
}

// Copies the rows of `table` that `from` still gives into the same table of `to` (the columns both have); stops
// at the first page it cannot read. Returns how many rows went in.
int copy_rows(sqlite3* from, sqlite3* to, const std::string& table, const std::string& where = "") {
  std::set<std::string> have;
  {
    sqlite3_stmt* info = nullptr;
    if (sqlite3_prepare_v2(to, ("PRAGMA table_info(" + table + ")").c_str(), -1, &info, nullptr) == SQLITE_OK)
      while (sqlite3_step(info) == SQLITE_ROW) have.insert(reinterpret_cast<const char*>(sqlite3_column_text(info, 1)));
    sqlite3_finalize(info);
  }
  sqlite3_stmt* q = nullptr;
  if (sqlite3_prepare_v2(from, ("SELECT * FROM " + table + where).c_str(), -1, &q, nullptr) != SQLITE_OK) {
    sqlite3_finalize(q);
    return 0;
  }
  std::vector<int> cols;
  std::string names, marks;
  for (int i = 0; i < sqlite3_column_count(q); ++i) {
    const std::string name = sqlite3_column_name(q, i);
    if (!have.count(name)) continue;
    cols.push_back(i);
    names += (names.empty() ? "" : ",") + name;
    marks += marks.empty() ? "?" : ",?";
  }
  int n = 0;
  sqlite3_stmt* ins = nullptr;
  if (!cols.empty() &&
      sqlite3_prepare_v2(to, ("INSERT OR IGNORE INTO " + table + "(" + names + ") VALUES(" + marks + ")").c_str(), -1,
                         &ins, nullptr) == SQLITE_OK) {
    while (sqlite3_step(q) == SQLITE_ROW) {
      for (std::size_t k = 0; k < cols.size(); ++k)
        sqlite3_bind_value(ins, static_cast<int>(k) + 1, sqlite3_column_value(q, cols[k]));
      if (sqlite3_step(ins) == SQLITE_DONE) n += sqlite3_changes(to);
      sqlite3_reset(ins);
    }
  }
  sqlite3_finalize(ins);
  sqlite3_finalize(q);
  return n;
}

// What a file still gives, copied into `to` in one transaction; the 差评 reasons and calendar HQ sent are kept.
void copy_from(const std::string& path, sync_db::Db& to, bool records) {
  sqlite3* from = open_readonly(path);
  if (!from) return;
  to.exec("PRAGMA foreign_keys=OFF");
  try {
    Transaction t(to);
    if (records)
      for (const char* table : kRecordTables) copy_rows(from, to.get(), table);
    else
      for (const char* table : kReferenceTables) copy_rows(from, to.get(), table);
    copy_rows(from, to.get(), "meta", " WHERE key IN ('reason_list','calendar')");
    t.commit();
  } catch (const StoreError& e) {
    std::fprintf(stderr, "kiosk: copying from %s: %s\n", path.c_str(), e.what());
  }
  to.exec("PRAGMA foreign_keys=ON");
  sqlite3_close(from);
}

std::string stamp(std::int64_t now, int utc_offset_minutes) {
  const CivilTime t = to_civil(now, utc_offset_minutes);
  char out[32];
  std::snprintf(out, sizeof out, "%04d%02d%02d-%02d%02d%02d", t.year, t.month, t.day, t.hour, t.minute, t.second);
  return out;
}

std::mutex& mark_mutex() {
  static std::mutex m;
  return m;
}

}  // namespace

std::unique_ptr<Store> Store::open_for_kiosk(const std::string& path, const Clock& clock) {
  std::unique_ptr<Store> store(new Store(path, &clock));
  store->start_checked();
  return store;
}

StorageStatus Store::storage() const {
  std::lock_guard<std::mutex> lock(status_mutex_);
  return status_;
}

bool Store::can_save() const { return storage().can_save(); }

void Store::set_state(StorageState state, const std::string& detail) {
  std::lock_guard<std::mutex> lock(status_mutex_);
  if (status_.state != state) status_.since = clock_ ? clock_->now() : 0;
  status_.state = state;
  status_.detail = detail;
}

void Store::note_event(StorageEventKind kind, const std::string& file, const std::string& detail) {
  std::fprintf(stderr, "kiosk: storage: %s %s %s\n", protocol::to_string(kind), file.c_str(), detail.c_str());
  pending_events_.push_back({clock_ ? clock_->now() : 0, kind, file, detail});
  load_events();
}

void Store::load_events() {
  std::vector<StorageEvent> events;
  if (db_ && !storage().from_memory) {
    try {
      if (!pending_events_.empty() && can_save()) {
        Transaction t(*db_);
        Stmt ins(*db_, "INSERT INTO storage_events(at, kind, file, detail) VALUES(?,?,?,?)");
        for (const auto& e : pending_events_)
          ins.bind(1, e.at).bind(2, protocol::to_string(e.kind)).bind(3, e.file).bind(4, e.detail).run();
        t.commit();
        pending_events_.clear();
      }
      Stmt s(*db_, "SELECT at, kind, file, detail FROM storage_events ORDER BY id");
      while (s.step())
        if (auto kind = protocol::from_string<StorageEventKind>(s.text(1)))
          events.push_back({s.integer(0), *kind, s.text(2), s.text(3)});
    } catch (const StoreError& e) {
      std::fprintf(stderr, "kiosk: storage events: %s\n", e.what());
    }
  }
  events.insert(events.end(), pending_events_.begin(), pending_events_.end());
  std::lock_guard<std::mutex> lock(status_mutex_);
  status_.events = std::move(events);
}

std::optional<std::int64_t> Store::free_bytes() const {
  const auto slash = path_.find_last_of('/');
  const std::string dir = slash == std::string::npos ? "." : slash == 0 ? "/" : path_.substr(0, slash);
  struct statvfs vfs {};
  if (::statvfs(dir.c_str(), &vfs) != 0) return std::nullopt;
  const unsigned long long bytes = static_cast<unsigned long long>(vfs.f_bavail) * vfs.f_frsize;
  return static_cast<std::int64_t>(std::min<unsigned long long>(bytes, protocol::kMaxFreeBytes));
}

bool Store::room_on_disk() const {
  const auto free = free_bytes();
  if (!free) return true;  // cannot tell: the writes will
  return static_cast<unsigned long long>(*free) >= kMinFreeBytes;
}

bool Store::file_fails(std::string& why) {
  try {
    {
      Stmt s(*db_, "PRAGMA quick_check");
      std::string lines;
      int n = 0;
      while (s.step() && n < 3) {
        const std::string line = s.text(0);
        if (line == "ok" && n == 0) break;
        lines += (n++ ? "; " : "") + line;
      }
      if (!lines.empty()) {
        why = "the database is damaged (quick_check: " + lines + ")";
        return true;
      }
    }
    Stmt a(*db_, "PRAGMA application_id");
    a.step();
    const std::int64_t app = a.integer(0);
    const int version = schema_version();
    Stmt t(*db_, "SELECT count(*), count(*) FILTER (WHERE name IN ('meta','outbox')) FROM sqlite_master WHERE type='table'");
    t.step();
    const std::int64_t tables = t.integer(0), ours = t.integer(1);
    const bool fresh = app == 0 && version == 0 && tables == 0;
    const bool older_kiosk = app == 0 && version >= 1 && ours == 2;
    if (app != kApplicationId && !fresh && !older_kiosk) {
      why = "the file is another program's database (application id " + std::to_string(app) + ", schema " +
            std::to_string(version) + ")";
      return true;
    }
    if (version > kSchemaVersion) throw NewerSchema(version);
    return false;
  } catch (const NewerSchema&) {
    throw;
  } catch (const StoreError& e) {
    if (!e.is_corrupt()) throw;
    why = e.what();
    return true;
  }
}

void Store::start_checked() {
  outbox_.reset();
  db_.reset();
  {
    std::lock_guard<std::mutex> lock(status_mutex_);
    status_.from_memory = false;
  }
  const auto state_for = [this](const StoreError& e) {
    return e.is_full() || !room_on_disk() ? StorageState::disk_full : StorageState::unusable;
  };
  try {
    struct stat st {};
    std::string why;
    if (::stat(path_.c_str(), &st) == 0 && st.st_size == 0) {
      set_aside("the database file is empty (0 bytes)");
    } else {
      // Checked on a read-only connection first: a file that is not ours is not touched (not even put in WAL
      // mode) before it is set aside.
      bool fails = false;
      try {
        db_ = std::make_unique<sync_db::Db>(path_, SQLITE_OPEN_READONLY);
        fails = file_fails(why);
      } catch (const NewerSchema&) {
        throw;
      } catch (const StoreError& e) {
        if (e.is_corrupt()) throw;
        db_ = std::make_unique<sync_db::Db>(path_);  // e.g. a WAL without its shm: read-only cannot open it
        fails = file_fails(why);
      }
      if (fails)
        set_aside(why);
      else
        open_file();
    }
    set_state(room_on_disk() ? StorageState::ok : StorageState::disk_full,
              room_on_disk() ? "" : "less than 1 MB is free on the disk");
    after_open();
  } catch (const NewerSchema& e) {
    open_memory(e.what(), StorageState::newer_schema);
  } catch (const StoreError& e) {
    if (e.is_corrupt()) {
      try {
        set_aside(e.what());
        set_state(StorageState::ok, "");
        after_open();
        return;
      } catch (const StoreError& again) {
        open_memory(again.what(), state_for(again));
        return;
      }
    }
    open_memory(e.what(), state_for(e));
  }
}

void Store::set_aside(const std::string& why) {
  // No checkpoint on close: the WAL stays with the file it belongs to.
  if (db_) sqlite3_db_config(db_->get(), SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, nullptr);
  outbox_.reset();
  db_.reset();
  const std::string base = path_ + ".damaged-" + stamp(clock_->now(), utc_offset_minutes_);
  std::string aside = base;
  for (int n = 2; exists(aside) || exists(aside + "-wal"); ++n) aside = base + "-" + std::to_string(n);
  if (exists(path_) && std::rename(path_.c_str(), aside.c_str()) != 0)
    throw StoreError("cannot set the damaged database aside: " + std::string(std::strerror(errno)));
  for (const char* suffix : {"-wal", "-shm"})
    if (exists(path_ + suffix) && std::rename((path_ + suffix).c_str(), (aside + suffix).c_str()) != 0)
      std::fprintf(stderr, "kiosk: cannot set %s%s aside: %s\n", path_.c_str(), suffix, std::strerror(errno));
  std::fprintf(stderr, "kiosk: %s; set aside as %s, starting with a new database\n", why.c_str(), aside.c_str());
  open_file();
  copy_from(aside, *db_, true);
  note_event(StorageEventKind::set_aside, aside, why);
  {
    Stmt n(*db_, "SELECT count(*) FROM outbox WHERE state='pending'");
    if (n.step() && n.integer(0) > 0) note_event(StorageEventKind::salvaged, aside, std::to_string(n.integer(0)));
  }
  ++revision_;
}

void Store::open_memory(const std::string& why, StorageState state) {
  std::fprintf(stderr, "kiosk: %s: %s; the screens read a copy in memory and nothing is saved\n", path_.c_str(),
               why.c_str());
  if (db_) sqlite3_db_config(db_->get(), SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, nullptr);
  outbox_.reset();
  db_.reset();
  db_ = std::make_unique<sync_db::Db>(":memory:");
  exec("PRAGMA foreign_keys=ON");
  migrate();
  outbox_ = std::make_unique<Outbox>(*db_);
  if (exists(path_)) copy_from(path_, *db_, false);
  {
    std::lock_guard<std::mutex> lock(status_mutex_);
    status_.from_memory = true;
  }
  const bool was = storage().state == state;
  set_state(state, why);
  if (!was)
    note_event(state == StorageState::newer_schema ? StorageEventKind::newer_schema : StorageEventKind::disk_full,
               path_, why);
  ++revision_;
}

void Store::after_open() {
  try {
    Transaction t(*db_);
    std::int64_t next = 1;
    {
      Stmt s(*db_,
             "SELECT max(coalesce((SELECT CAST(value AS INTEGER) FROM meta WHERE key='next_seq'), 1), "
             "coalesce((SELECT max(seq) FROM outbox), 0) + 1)");
      if (s.step()) next = s.integer(0);
    }
    // Rows read back from an older file have no number yet: the next ones, in the order they were made.
    {
      std::vector<std::int64_t> rows;
      Stmt s(*db_, "SELECT rowid FROM outbox WHERE seq IS NULL ORDER BY created_at, rowid");
      while (s.step()) rows.push_back(s.integer(0));
      Stmt set(*db_, "UPDATE outbox SET seq=? WHERE rowid=?");
      for (const auto r : rows) set.bind(1, next++).bind(2, r).run();
    }
    // Numbers handed out that the database no longer has: records acknowledged to people, then lost with the
    // WAL (deleted, damaged, cut short) or with the file set aside.
    const std::int64_t mark = read_seq_mark();
    std::string lost;
    if (mark >= next) {
      lost = std::to_string(next) + (mark > next ? "\u2013" + std::to_string(mark) : "");
      next = mark + 1;
    }
    Stmt(*db_, "INSERT OR REPLACE INTO meta(key, value) VALUES('next_seq', ?)").bind(1, std::to_string(next)).run();
    t.commit();
    write_seq_mark(next - 1);
    if (!lost.empty())
      note_event(StorageEventKind::rolled_back, path_, lost);  // handed out, no longer in the file
  } catch (const StoreError& e) {
    if (!e.is_full()) throw;
    set_state(StorageState::disk_full, e.what());  // the sequence is checked again when there is room
  }
  load_events();
}

std::int64_t Store::read_seq_mark() const {
  std::lock_guard<std::mutex> lock(mark_mutex());
  std::FILE* f = std::fopen((path_ + ".seq").c_str(), "r");
  if (!f) return 0;
  long long v = 0;
  if (std::fscanf(f, "%lld", &v) != 1) v = 0;
  std::fclose(f);
  return v;
}

void Store::write_seq_mark(std::int64_t seq) {
  if (path_ == ":memory:" || storage().from_memory) return;
  std::lock_guard<std::mutex> lock(mark_mutex());
  const std::string file = path_ + ".seq";
  long long have = 0;
  if (std::FILE* f = std::fopen(file.c_str(), "r")) {
    if (std::fscanf(f, "%lld", &have) != 1) have = 0;
    std::fclose(f);
  }
  if (seq <= have) return;
  // No fsync: the page cache outlives a killed process, and after a power cut a mark too low only hides a loss
  // (it never invents one).
  const std::string text = std::to_string(seq) + "\n";
  const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return;
  if (::write(fd, text.data(), text.size()) < 0) std::fprintf(stderr, "kiosk: cannot write %s\n", file.c_str());
  ::close(fd);
}

bool Store::tend(bool idle) {
  if (!clock_) return false;
  const StorageStatus st = storage();
  if (st.state == StorageState::newer_schema) return false;  // a newer kiosk, or the operator, must act
  if (st.state == StorageState::ok) {
    if (!room_on_disk()) {
      set_state(StorageState::disk_full, "less than 1 MB is free on the disk");
      note_event(StorageEventKind::disk_full, path_, "less than 1 MB is free on the disk");
      return true;
    }
    if (!pending_events_.empty()) load_events();
    // Idle: what the WAL holds goes into the database file, so a lost WAL loses as little as possible.
    if (idle && (checkpointed_at_ < 0 || clock_->elapsed() - checkpointed_at_ >= kCheckpointEverySeconds)) {
      checkpointed_at_ = clock_->elapsed();
      try {
        exec("PRAGMA wal_checkpoint(PASSIVE)");
      } catch (const StoreError& e) {
        std::fprintf(stderr, "kiosk: checkpoint: %s\n", e.what());
      }
    }
    return false;
  }
  if (clock_->now() < retry_at_ || !room_on_disk()) return false;
  retry_at_ = clock_->now() + kRetrySeconds;
  if (st.from_memory) {
    start_checked();
    ++revision_;
    return true;
  }
  // The file is open: a small write tells whether it takes records again.
  try {
    Transaction t(*db_);
    Stmt(*db_, "INSERT OR REPLACE INTO meta(key, value) VALUES('space_probe', ?)").bind(1, clock_->now()).run();
    t.commit();
    set_state(StorageState::ok, "");
    load_events();
    ++revision_;
    return true;
  } catch (const StoreError& e) {
    set_state(st.state, e.what());
    return false;
  }
}

void Store::check_now() {
  if (!clock_ || storage().from_memory || !db_) return;
  std::string why;
  try {
    if (file_fails(why)) set_aside(why);
  } catch (const StoreError& e) {
    std::fprintf(stderr, "kiosk: checking the database: %s\n", e.what());
  }
}

void Store::keep_wal_on_close() {
  if (db_) sqlite3_db_config(db_->get(), SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, nullptr);
}

bool Store::file_replaced() const {
  struct stat st {};
  if (::stat(path_.c_str(), &st) != 0) return true;
  return st.st_dev != dev_ || st.st_ino != ino_;
}

std::string Store::export_copy(const std::string& dir) {
  const auto slash = path_.find_last_of('/');
  const std::string name = (slash == std::string::npos ? path_ : path_.substr(slash + 1)) + ".export-" +
                           stamp(clock_ ? clock_->now() : 0, utc_offset_minutes_);
  const std::string out = dir + "/" + name;
  sync_db::Db ro(path_, SQLITE_OPEN_READONLY);
  Stmt(ro, "VACUUM INTO ?").bind(1, out).run();
  return out;
}

std::int64_t Store::next_seq() {
  Stmt s(*db_, "SELECT CAST(value AS INTEGER) FROM meta WHERE key='next_seq'");
  return s.step() ? s.integer(0) : 1;
}

bool Store::seq_confirmed() {
  Stmt s(*db_, "SELECT value FROM meta WHERE key='seq_confirmed'");
  return s.step() && s.text(0) == "1";
}

int Store::continue_seq(std::int64_t hq_last) {
  int moved = 0;
  std::int64_t next = 1;
  bool jumped = false;
  {
    Transaction t(*db_);
    Stmt n(*db_, "SELECT CAST(value AS INTEGER) FROM meta WHERE key='next_seq'");
    if (n.step()) next = n.integer(0);
    Stmt c(*db_, "SELECT value FROM meta WHERE key='seq_confirmed'");
    const bool confirmed = c.step() && c.text(0) == "1";
    if (!confirmed) {
      // A fresh database: numbers it gave records not yet sent may be numbers HQ holds. They move after HQ's
      // last (and after any this database has sent), in order.
      Stmt low(*db_, "SELECT count(*) FROM outbox WHERE state<>'sent' AND seq<=?");
      low.bind(1, hq_last);
      low.step();
      if (low.integer(0) > 0) {
        Stmt top(*db_, "SELECT coalesce(max(seq), 0) FROM outbox WHERE state='sent'");
        top.step();
        std::int64_t at = std::max(hq_last, top.integer(0)) + 1;
        std::vector<std::int64_t> rows;
        Stmt s(*db_, "SELECT rowid FROM outbox WHERE state<>'sent' ORDER BY seq");
        while (s.step()) rows.push_back(s.integer(0));
        exec("UPDATE outbox SET seq = -seq WHERE state<>'sent'");
        Stmt set(*db_, "UPDATE outbox SET seq=? WHERE rowid=?");
        for (const auto r : rows) set.bind(1, at++).bind(2, r).run();
        moved = static_cast<int>(rows.size());
        next = std::max(next, at);
      }
      Stmt(*db_, "INSERT OR REPLACE INTO meta(key, value) VALUES('seq_confirmed', '1')").run();
    }
    // Never a number HQ already holds.
    if (hq_last >= next) {
      next = hq_last + 1;
      jumped = true;
    }
    Stmt(*db_, "INSERT OR REPLACE INTO meta(key, value) VALUES('next_seq', ?)").bind(1, std::to_string(next)).run();
    if (moved > 0 || jumped)
      Stmt(*db_, "INSERT INTO storage_events(at, kind, file, detail) VALUES(?,?,?,?)")
          .bind(1, clock_ ? clock_->now() : 0)
          .bind(2, protocol::to_string(StorageEventKind::continued))
          .bind(3, "")
          .bind(4, std::to_string(hq_last))
          .run();
    t.commit();
  }
  write_seq_mark(next - 1);
  ++revision_;
  return moved;
}

protocol::DeviceStatus Store::device_status(const std::string& version, std::int64_t now) {
  protocol::DeviceStatus d;
  const StorageStatus st = storage();
  d.storage = st.state;
  d.storage_since = st.since;
  d.version = version;
  d.free_bytes = free_bytes();
  try {
    const OutboxCounts c = outbox_->counts(now * 1000);
    d.pending = std::min(c.pending, protocol::kMaxStatusCount);
    d.parked = std::min(c.parked, protocol::kMaxStatusCount);
    // A clock set back since the row was made does not give a negative age.
    if (c.oldest_pending_at) d.oldest_pending_age = std::clamp<std::int64_t>(now - *c.oldest_pending_at, 0, protocol::kMaxPendingAge);
  } catch (const StoreError&) {
  }
  try {
    d.next_seq = next_seq();
    d.seq_confirmed = seq_confirmed();
    std::vector<StorageEvent> events = st.events;
    if (!clock_) {  // another connection than the app's: the events as the file holds them
      Stmt s(*db_, "SELECT at, kind, file, detail FROM storage_events ORDER BY id DESC LIMIT 20");
      while (s.step())
        if (auto kind = protocol::from_string<StorageEventKind>(s.text(1)))
          events.insert(events.begin(), {s.integer(0), *kind, s.text(2), s.text(3)});
    }
    if (events.size() > 20) events.erase(events.begin(), events.end() - 20);
    d.events = std::move(events);
  } catch (const StoreError&) {
  }
  return d;
}

}  // namespace core
