#pragma once
// A small SQLite wrapper shared by the kiosk's store, its sync client and hqd: errors carry SQLite's result code
// and say it in plain words.
#include <sqlite3.h>

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>

namespace sync_db {

// Raised for any SQLite failure, with SQLite's result code (0 for a refusal of our own, such as a newer schema);
// what() says it in plain words. Callers decide on code(), never on the wording.
class DbError : public std::runtime_error {
 public:
  explicit DbError(const std::string& what, int code = 0) : std::runtime_error(what), code_(code) {}
  int code() const { return code_; }  // SQLite's (extended) result code, or 0
  int primary_code() const { return code_ & 0xff; }
  bool is_corrupt() const { return primary_code() == SQLITE_CORRUPT || primary_code() == SQLITE_NOTADB; }
  bool is_full() const { return primary_code() == SQLITE_FULL; }

 private:
  int code_;
};

// The extended code of a failure `rc` just returned on `db` (SQLite's primary code if they disagree).
inline int error_code(sqlite3* db, int rc) {
  const int ext = sqlite3_extended_errcode(db);
  return (ext & 0xff) == (rc & 0xff) ? ext : rc;
}

inline std::string describe_error(sqlite3* db, int rc) {
  switch (rc & 0xff) {
    case SQLITE_FULL: return "the disk is full: the record could not be saved";
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB: return std::string("the database file is damaged (") + sqlite3_errmsg(db) + ")";
    case SQLITE_IOERR: return std::string("the disk could not be written (") + sqlite3_errmsg(db) + ")";
    default: return std::string("database error: ") + sqlite3_errmsg(db);
  }
}

// One connection in WAL mode with synchronous=FULL: a commit that returned survives a power cut.
class Db {
 public:
  // `flags` are sqlite3_open_v2's (read-only, URI names); a read-only connection keeps the file's journal mode.
  explicit Db(const std::string& path, int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) {
    if (sqlite3_open_v2(path.c_str(), &db_, flags | SQLITE_OPEN_FULLMUTEX, nullptr) != SQLITE_OK) {
      const int rc = db_ ? sqlite3_extended_errcode(db_) : SQLITE_NOMEM;
      std::string msg = db_ ? sqlite3_errmsg(db_) : "out of memory";
      sqlite3_close(db_);
      throw DbError("cannot open database " + path + ": " + msg, rc);
    }
    sqlite3_busy_timeout(db_, 10000);
    if (flags & SQLITE_OPEN_READONLY) return;
    exec("PRAGMA journal_mode=WAL");
    exec("PRAGMA synchronous=FULL");
  }
  ~Db() { sqlite3_close(db_); }
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;
  sqlite3* get() const { return db_; }
  void exec(const std::string& sql) {
    char* err = nullptr;
    const int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err);
    sqlite3_free(err);
    if (rc != SQLITE_OK) throw DbError(describe_error(db_, rc), error_code(db_, rc));
  }
  std::int64_t changes() const { return sqlite3_changes64(db_); }

 private:
  sqlite3* db_ = nullptr;
};

// One prepared statement: bind by position, step through rows.
class Stmt {
 public:
  Stmt(const Db& db, const std::string& sql) : db_(db.get()) {
    if (const int rc = sqlite3_prepare_v2(db_, sql.c_str(), -1, &st_, nullptr); rc != SQLITE_OK)
      throw DbError(std::string("database query failed: ") + sqlite3_errmsg(db_), error_code(db_, rc));
  }
  ~Stmt() { sqlite3_finalize(st_); }
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;
  Stmt& bind(int i, const std::string& v) {
    sqlite3_bind_text(st_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
    return *this;
  }
  Stmt& bind(int i, const char* v) { return bind(i, std::string(v)); }
  Stmt& bind(int i, std::int64_t v) {
    sqlite3_bind_int64(st_, i, v);
    return *this;
  }
  Stmt& bind(int i, int v) { return bind(i, std::int64_t{v}); }
  Stmt& bind(int i, const std::optional<std::string>& v) {
    if (v) return bind(i, *v);
    sqlite3_bind_null(st_, i);
    return *this;
  }
  Stmt& bind(int i, const std::optional<std::int64_t>& v) {
    if (v) return bind(i, *v);
    sqlite3_bind_null(st_, i);
    return *this;
  }
  bool step() {
    const int rc = sqlite3_step(st_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    throw DbError(describe_error(db_, rc), error_code(db_, rc));
  }
  void run() {
    step();
    reset();
  }
  void reset() {
    sqlite3_reset(st_);
    sqlite3_clear_bindings(st_);
  }
  std::string text(int col) const {
    const auto* p = sqlite3_column_text(st_, col);
    return p ? std::string(reinterpret_cast<const char*>(p), static_cast<std::size_t>(sqlite3_column_bytes(st_, col)))
             : std::string();
  }
  std::optional<std::string> opt_text(int col) const {
    if (sqlite3_column_type(st_, col) == SQLITE_NULL) return std::nullopt;
    return text(col);
  }
  std::int64_t integer(int col) const { return sqlite3_column_int64(st_, col); }
  std::optional<std::int64_t> opt_integer(int col) const {
    if (sqlite3_column_type(st_, col) == SQLITE_NULL) return std::nullopt;
    return integer(col);
  }

 private:
  sqlite3* db_;
  sqlite3_stmt* st_ = nullptr;
};

// BEGIN IMMEDIATE … COMMIT; rolls back when an exception leaves the scope.
class Transaction {
 public:
  explicit Transaction(Db& db) : db_(db) { db_.exec("BEGIN IMMEDIATE"); }
  ~Transaction() {
    if (!done_) sqlite3_exec(db_.get(), "ROLLBACK", nullptr, nullptr, nullptr);
  }
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  void commit() {
    db_.exec("COMMIT");
    done_ = true;
  }

 private:
  Db& db_;
  bool done_ = false;
};

}  // namespace sync_db
