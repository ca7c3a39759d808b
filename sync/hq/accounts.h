#pragma once
// The console's accounts: logins, roles, departments and argon2id password hashes (libsodium), with the rules a
// login and a password must keep. Every change is audited.
#include <cstdint>
#include <string>
#include <vector>

#include "sync/hq/hq_store.h"
#include "sync/hq/principal.h"

namespace hq {

// An account as the users page and `hqd user list` show it (never its password hash).
struct User {
  std::string login;
  std::string name;  // the holder's name (姓名), "" when none was given
  Role role = Role::viewer;
  std::string department_id, department;  // a liaison's department (id, name); empty otherwise
  bool disabled = false;
  std::int64_t created_at = 0;
  std::int64_t locked_until = 0;  // unix seconds while too many failed sign-ins lock it, else 0
  std::int64_t last_login = 0;    // the last successful sign-in, 0 for never
};

// Throw AdminError saying in plain words why a login (1–64 bytes of UTF-8, no spaces or control characters, not a
// name hqd uses for itself) or a password (at least 10 characters, letters and digits or symbols, at least 5
// different characters, at most 128 bytes, a login of 3 or more bytes not in it) cannot be used.
void check_login(const std::string& login);
void check_password(const std::string& login, const std::string& password);

// Adds an account held by `name` (姓名; may be empty). `department` (a liaison's, required; refused for the others)
// is named by its name, short name or id and must exist. The password is checked, hashed, and wiped from memory.
void add_user(HqStore& store, const Principal& by, const std::string& login, const std::string& name, Role role,
              const std::string& department, std::string& password);
std::vector<User> list_users(HqStore& store);
// Disables (or enables again) an account; disabling ends its sessions at once.
void set_user_disabled(HqStore& store, const Principal& by, const std::string& login, bool disabled);
// Sets a new password, ends the account's sessions and lifts a lockout.
void reset_password(HqStore& store, const Principal& by, const std::string& login, std::string& password);

// The argon2id hash of a password (crypto_pwhash_str, interactive limits) and its check.
std::string hash_password(const std::string& password);
bool password_matches(const std::string& hash, const std::string& password);

// A department's name from its id within store.locked (a department HQ no longer lists keeps its id as its name).
std::string department_name(sync_db::Db& db, const std::string& department_id);

}  // namespace hq
