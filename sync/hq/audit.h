#pragma once
// THE audit log (table audit_log): who did what to which object, when, and what it was before and after; every
// change anyone makes at HQ (casework, imports, master data, accounts, PINs), every sign-in (and each failed one),
// sign-out and reveal of personal data. Kept forever (the yearly purge never touches it).
#include <cstdint>
#include <string>
#include <vector>

#include "sync/common/sqlite_db.h"
#include "sync/hq/hall_clock.h"
#include "sync/hq/hq_store.h"
#include "sync/hq/principal.h"

namespace hq {

// One line of the log as the console's page and export show it.
struct AuditEntry {
  std::int64_t id = 0;
  std::int64_t at = 0;  // unix seconds
  std::string actor;    // the login (or "admin-token", "cli")
  std::string role;     // its role's spelling; "" for a sign-in attempt by someone not signed in
  std::string action;   // "login", "login.failed", "user.add", "schedule.upload", "rating.state", …
  std::string object;   // what it acted on: "user:wang", "official:o05", "rating:UUID", …
  std::string before, after;  // what the object was and became (text or JSON; "" when none); phones masked
  std::string source;         // the client's address for sign-ins and sign-outs; "" otherwise
  std::string department;     // the actor's department (a liaison's); "" otherwise
  std::string actor_name;     // read back only: the name of the account's holder, "" when none (or not an account)
};

// Writes one entry as given, within store.locked (in the caller's transaction): the one place entries are written.
void audit(sync_db::Db& db, const AuditEntry& entry);
// That `who` did `action` to `object` at `at`, within store.locked, so that the change and its entry commit together.
void audit(sync_db::Db& db, std::int64_t at, const Principal& who, const std::string& action,
           const std::string& object, const std::string& before = "", const std::string& after = "");
// The same at the hall clock's now.
void audit(sync_db::Db& db, const HallClock& clock, const Principal& who, const std::string& action,
           const std::string& object, const std::string& before = "", const std::string& after = "");
// The same, taking the store's lock itself.
void audit(HqStore& store, const Principal& who, const std::string& action, const std::string& object,
           const std::string& before = "", const std::string& after = "");

// `text` as the audit page and CSV show it: every run of 7 or more digits (a phone) masked as 138****5678.
std::string phones_masked(const std::string& text);

// Which entries to read: every field that is not empty must match (actor, object exactly; action exactly, or as a
// prefix when it ends in '.', e.g. "login."; department: entries by that department's people), at within [from, to).
struct AuditFilter {
  std::string actor, action, object, department;
  std::int64_t from = 0, to = 0;  // unix seconds; 0: unbounded
  std::int64_t before_id = 0;     // pages: entries older than this id (0: from the newest)
  int limit = 50;
};
// The newest entries first.
std::vector<AuditEntry> audit_entries(HqStore& store, const AuditFilter& filter);

}  // namespace hq
