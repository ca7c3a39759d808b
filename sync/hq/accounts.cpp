#include "sync/hq/accounts.h"

#include <sodium.h>

#include <array>
#include <set>

#include "sync/hq/admin_error.h"
#include "sync/hq/audit.h"
#include "sync/hq/name_rules.h"
#include "sync/hq/reference_lookup.h"
#include "sync/protocol/json_limits.h"

namespace hq {

using sync_db::Db;
using sync_db::Stmt;
using sync_db::Transaction;

namespace {

constexpr std::size_t kMinPasswordChars = 10;
constexpr std::size_t kMaxPasswordBytes = 128;
constexpr std::size_t kMinDistinctChars = 5;

// The code points of valid UTF-8 (check first).
std::vector<char32_t> code_points(const std::string& s) {
  std::vector<char32_t> out;
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    const int n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    char32_t cp = n == 1 ? c : n == 2 ? (c & 0x1F) : n == 3 ? (c & 0x0F) : (c & 0x07);
    for (int k = 1; k < n && i + k < s.size(); ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    out.push_back(cp);
    i += static_cast<std::size_t>(n);
  }
  return out;
}

bool is_control_or_space(char32_t c) {
  return c <= 0x20 || c == 0x7F || (c >= 0x80 && c <= 0xA0) || c == 0x3000 || c == 0xFEFF ||
         (c >= 0x2000 && c <= 0x200F) || (c >= 0x2028 && c <= 0x202F) || (c >= 0x2060 && c <= 0x206F);
}

std::string lower_ascii(std::string s) {
  for (char& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

void wipe(std::string& secret) { sodium_memzero(secret.data(), secret.size()); }

// The account's row, or NotFound.
void must_exist(Db& db, const std::string& login) {
  Stmt q(db, "SELECT 1 FROM users WHERE login=?");
  q.bind(1, login);
  if (!q.step()) throw NotFound(phrase("hq.account.none", {{"login", login}}));
}

}  // namespace

void check_login(const std::string& login) {
  if (login.empty() || login.size() > 64) throw AdminError(phrase("hq.account.login_length"));
  if (!protocol::valid_utf8(login)) throw AdminError(phrase("hq.account.login_utf8"));
  for (const char32_t c : code_points(login))
    if (is_control_or_space(c)) throw AdminError(phrase("hq.account.login_spaces"));
  const std::string l = lower_ascii(login);
  if (l == "admin-token" || l == "cli") throw AdminError(phrase("hq.account.login_reserved", {{"login", login}}));
}

void check_password(const std::string& login, const std::string& password) {
  if (password.size() > kMaxPasswordBytes) throw AdminError(phrase("hq.account.password_long"));
  if (!protocol::valid_utf8(password)) throw AdminError(phrase("hq.account.password_utf8"));
  const auto cps = code_points(password);
  if (cps.size() < kMinPasswordChars) throw AdminError(phrase("hq.account.password_short"));
  bool letters = false, digits = false, others = false;
  for (const char32_t c : cps) {
    if (c < 0x20 || c == 0x7F) throw AdminError(phrase("hq.account.password_control"));
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) letters = true;
    else if (c >= '0' && c <= '9') digits = true;
    else others = true;
  }
  if (int(letters) + int(digits) + int(others) < 2)
    throw AdminError(phrase("hq.account.password_kinds"));
  if (std::set<char32_t>(cps.begin(), cps.end()).size() < kMinDistinctChars)
    throw AdminError(phrase("hq.account.password_distinct"));
  if (login.size() >= 3 && lower_ascii(password).find(lower_ascii(login)) != std::string::npos)
    throw AdminError(phrase("hq.account.password_login"));
}

std::string hash_password(const std::string& password) {
  std::array<char, crypto_pwhash_STRBYTES> hash{};
  if (crypto_pwhash_str(hash.data(), password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
    throw AdminError("out of memory while hashing the password");
  return hash.data();
}

bool password_matches(const std::string& hash, const std::string& password) {
  return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

std::string department_name(Db& db, const std::string& department_id) {
  for (const auto& d : stored_departments(db))
    if (d.id == department_id) return d.name;
  return department_id;
}

void add_user(HqStore& store, const Principal& by, const std::string& login, const std::string& name, Role role,
              const std::string& department, std::string& password) {
  try {
    check_login(login);
    if (!name.empty())
      if (const auto bad = name_problem("姓名", name, 30)) throw AdminError(*bad);
    check_password(login, password);
  } catch (...) {
    wipe(password);
    throw;
  }
  std::optional<std::string> dept_id;
  if (role == Role::liaison) {
    if (department.empty()) {
      wipe(password);
      throw AdminError(phrase("hq.account.liaison_department"));
    }
    try {
      dept_id = department_id(store, department);
    } catch (...) {
      wipe(password);
      throw;
    }
  } else if (!department.empty()) {
    wipe(password);
    throw AdminError(phrase("hq.account.department_only_liaison"));
  }
  const std::string hash = hash_password(password);
  wipe(password);
  const std::int64_t now = store.hall_clock().now();
  store.locked([&](Db& db) {
    Transaction t(db);
    Stmt q(db, "SELECT login FROM users WHERE login=?");
    q.bind(1, login);
    if (q.step()) throw AdminError(phrase("hq.account.exists", {{"login", q.text(0)}}));
    Stmt(db, "INSERT INTO users(login, name, role, department_id, password_hash, created_at, password_set_at) "
             "VALUES(?,?,?,?,?,?,?)")
        .bind(1, login).bind(2, name).bind(3, protocol::to_string(role)).bind(4, dept_id).bind(5, hash).bind(6, now)
        .bind(7, now)
        .run();
    nlohmann::json after = {{"role", protocol::to_string(role)}};
    if (!name.empty()) after["name"] = name;
    if (dept_id) after["department"] = department_name(db, *dept_id);
    audit(db, now, by, "user.add", "user:" + login, "", after.dump());
    t.commit();
  });
}

std::vector<User> list_users(HqStore& store) {
  const std::int64_t now = store.hall_clock().now();
  return store.locked([&](Db& db) {
    std::vector<User> out;
    Stmt q(db,
           "SELECT u.login, u.role, u.department_id, u.disabled, u.created_at, f.locked_until, "
           "(SELECT max(at) FROM audit_log a WHERE a.actor = u.login AND a.action = 'login'), u.name "
           "FROM users u LEFT JOIN login_failures f ON f.login = u.login ORDER BY u.login");
    while (q.step()) {
      User u;
      u.login = q.text(0);
      u.role = protocol::from_string<Role>(q.text(1)).value_or(Role::viewer);
      u.department_id = q.text(2);
      if (!u.department_id.empty()) u.department = department_name(db, u.department_id);
      u.disabled = q.integer(3) != 0;
      u.created_at = q.integer(4);
      u.locked_until = q.integer(5) > now ? q.integer(5) : 0;
      u.last_login = q.integer(6);
      u.name = q.text(7);
      out.push_back(std::move(u));
    }
    return out;
  });
}

void set_user_disabled(HqStore& store, const Principal& by, const std::string& login, bool disabled) {
  const std::int64_t now = store.hall_clock().now();
  store.locked([&](Db& db) {
    Transaction t(db);
    must_exist(db, login);
    Stmt q(db, "SELECT disabled FROM users WHERE login=?");
    q.bind(1, login);
    q.step();
    const bool was = q.integer(0) != 0;
    Stmt(db, "UPDATE users SET disabled=? WHERE login=?").bind(1, disabled ? 1 : 0).bind(2, login).run();
    if (disabled) Stmt(db, "DELETE FROM sessions WHERE login=?").bind(1, login).run();
    audit(db, now, by, disabled ? "user.disable" : "user.enable", "user:" + login, was ? "disabled" : "enabled",
          disabled ? "disabled" : "enabled");
    t.commit();
  });
}

void reset_password(HqStore& store, const Principal& by, const std::string& login, std::string& password) {
  try {
    check_password(login, password);
  } catch (...) {
    wipe(password);
    throw;
  }
  const std::string hash = hash_password(password);
  wipe(password);
  const std::int64_t now = store.hall_clock().now();
  store.locked([&](Db& db) {
    Transaction t(db);
    must_exist(db, login);
    Stmt(db, "UPDATE users SET password_hash=?, password_set_at=? WHERE login=?")
        .bind(1, hash).bind(2, now).bind(3, login).run();
    Stmt(db, "DELETE FROM sessions WHERE login=?").bind(1, login).run();
    Stmt(db, "DELETE FROM login_failures WHERE login=?").bind(1, login).run();
    audit(db, now, by, "user.reset", "user:" + login, "", "password set; sessions ended");
    t.commit();
  });
}

}  // namespace hq
