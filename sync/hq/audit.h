#pragma once
// The audit log: who did what to which object, when, and what it was before and after; every sign-in (and each
// failed one), sign-out and change. Kept forever (the yearly purge never touches it).
#include <cstdint>
#include <string>
#include <vector>

#include "sync/common/sqlite_db.h"
#include "sync/hq/hq_store.h"
#include "sync/hq/principal.h"

namespace hq {

// One line of the log as the console's page and export show it.
struct AuditEntry {
  std::int64_t id = 0;
  std::int64_t at = 0;  // unix seconds
  std::string actor;    // the login (or "admin-token", "cli")
  std::string role;     // its role's spelling; "" for a sign-in attempt by someone not signed in
  std::string action;   // "login", "login.failed", "user.add", "schedule.import", "phone.reveal", …
  std::string object;   // what it acted on: "user:wang", "official:o05", "report:001106600016", …
  std::string before, after;  // what the object was and became (text or JSON; "" when none)
  std::string source;         // the client's address for sign-ins and sign-outs; "" otherwise
};

// Records that `who` did `action` to `object` now, holding the store's lock.
void audit(HqStore& store, const Principal& who, const std::string& action, const std::string& object,
           const std::string& before = "", const std::string& after = "");
// The same within store.locked, in the caller's transaction, so that the change and its entry commit together.
void audit(sync_db::Db& db, std::int64_t at, const Principal& who, const std::string& action,
           const std::string& object, const std::string& before = "", const std::string& after = "");
// Records a whole entry as given (a sign-in attempt, whose actor is only the login typed), within store.locked.
void audit(sync_db::Db& db, const AuditEntry& entry);

// That `who` was shown the call-back phone number of a 差评 or the phone of a 办不成事 report ("rating:UUID",
// "report:RECEIPT"): revealing a phone is itself audited. Within store.locked, before the number is answered.
void audit_phone_reveal(sync_db::Db& db, std::int64_t at, const Principal& who, const std::string& object);

// Which entries to read: every field that is not empty must match (actor, action exactly; action also as a
// prefix ending in '.', e.g. "login."), and at within [from, to) when given.
struct AuditFilter {
  std::string actor, action, object;
  std::int64_t from = 0, to = 0;  // unix seconds; 0: unbounded
  std::int64_t before_id = 0;     // pages: entries older than this id (0: from the newest)
  int limit = 50;
};
// The newest entries first.
std::vector<AuditEntry> audit_entries(HqStore& store, const AuditFilter& filter);

}  // namespace hq
