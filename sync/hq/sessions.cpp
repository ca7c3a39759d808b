#include "sync/hq/sessions.h"

#include <httplib.h>
#include <sodium.h>

#include <array>

#include "sync/hq/accounts.h"
#include "sync/hq/audit.h"
#include "sync/hq/digest.h"

namespace hq {

using sync_db::Db;
using sync_db::Stmt;
using sync_db::Transaction;

namespace {

// Touching a session's last use at most this often keeps reads from writing on every request.
constexpr std::int64_t kTouchEverySeconds = 30;

std::string random_hex(std::size_t bytes) {
  std::array<unsigned char, 32> raw{};
  randombytes_buf(raw.data(), bytes);
  std::array<char, 65> hex{};
  sodium_bin2hex(hex.data(), hex.size(), raw.data(), bytes);
  return hex.data();
}

std::string id_hash(const std::string& session_id) { return hex_hash(session_id, 32); }

// A hash to verify against when the login is unknown, so that an unknown login costs the same time.
const std::string& decoy_hash() {
  static const std::string h = hash_password("decoy password that never matches 7d3f");
  return h;
}

Principal principal_of(Db& db, const std::string& login, const std::string& role, const std::string& dept_id) {
  Principal p{login, protocol::from_string<Role>(role).value_or(Role::viewer), ""};
  if (p.role == Role::liaison) p.department = department_name(db, dept_id);
  return p;
}

}  // namespace

SignIn sign_in(HqStore& store, const std::string& login, std::string& password, const std::string& source) {
  const std::int64_t now = store.hall_clock().now();
  struct Account {
    std::string login, role, dept, hash;
    bool disabled = false;
  };
  std::optional<Account> account;
  std::int64_t locked_until = 0;
  store.locked([&](Db& db) {
    Stmt u(db, "SELECT login, role, department_id, password_hash, disabled FROM users WHERE login=?");
    u.bind(1, login);
    if (u.step()) account = Account{u.text(0), u.text(1), u.text(2), u.text(3), u.integer(4) != 0};
    Stmt f(db, "SELECT locked_until FROM login_failures WHERE login=?");
    f.bind(1, login);
    if (f.step()) locked_until = f.integer(0);
  });
  const std::string who = account ? account->login : login;
  SignIn out;
  if (locked_until > now) {
    sodium_memzero(password.data(), password.size());
    out.outcome = SignInOutcome::locked;
    out.locked_until = locked_until;
    store.locked([&](Db& db) {
      audit(db, AuditEntry{0, now, who, "", "login.locked", "user:" + who, "", "", source, "", ""});
    });
    return out;
  }
  // The slow hash runs outside the store's lock.
  const bool match = password_matches(account ? account->hash : decoy_hash(), password) && account;
  sodium_memzero(password.data(), password.size());
  store.locked([&](Db& db) {
    Transaction t(db);
    if (!match) {
      Stmt f(db,
             "INSERT INTO login_failures(login, failures, locked_until) VALUES(?1, 1, 0) ON CONFLICT(login) DO UPDATE "
             "SET failures = failures + 1 RETURNING failures");
      f.bind(1, who);
      f.step();
      const std::int64_t failures = f.integer(0);
      f.reset();
      if (failures >= kFailuresBeforeLockout) {
        out.outcome = SignInOutcome::locked;
        out.locked_until = now + kLockoutSeconds;
        Stmt(db, "UPDATE login_failures SET failures=0, locked_until=? WHERE login=?")
            .bind(1, out.locked_until).bind(2, who).run();
      } else {
        out.outcome = SignInOutcome::wrong;
        out.failures_left = kFailuresBeforeLockout - static_cast<int>(failures);
      }
      audit(db, AuditEntry{0, now, who, "", "login.failed", "user:" + who, "",
                           out.outcome == SignInOutcome::locked ? "锁定 15 分钟" : "", source, "", ""});
    } else if (account->disabled) {
      out.outcome = SignInOutcome::disabled;
      audit(db, AuditEntry{0, now, who, account->role, "login.disabled", "user:" + who, "", "", source, "", ""});
    } else {
      out.outcome = SignInOutcome::ok;
      out.who = principal_of(db, account->login, account->role, account->dept);
      out.session_id = random_hex(32);
      out.csrf = random_hex(32);
      Stmt(db, "DELETE FROM login_failures WHERE login=?").bind(1, who).run();
      // Sessions that ended by themselves go when someone signs in.
      Stmt(db, "DELETE FROM sessions WHERE last_seen < ? OR created_at < ?")
          .bind(1, now - kSessionIdleSeconds).bind(2, now - kSessionLongestSeconds).run();
      Stmt(db, "INSERT INTO sessions(id_hash, login, csrf, created_at, last_seen) VALUES(?,?,?,?,?)")
          .bind(1, id_hash(out.session_id)).bind(2, account->login).bind(3, out.csrf).bind(4, now).bind(5, now).run();
      audit(db, AuditEntry{0, now, who, account->role, "login", "user:" + who, "", "", source, "", ""});
    }
    t.commit();
  });
  return out;
}

std::optional<Session> find_session(HqStore& store, const std::string& session_id) {
  if (session_id.size() != 64 || session_id.find_first_not_of("0123456789abcdef") != std::string::npos)
    return std::nullopt;
  const std::int64_t now = store.hall_clock().now();
  const std::string h = id_hash(session_id);
  return store.locked([&](Db& db) -> std::optional<Session> {
    Stmt q(db,
           "SELECT s.csrf, s.created_at, s.last_seen, u.login, u.role, u.department_id FROM sessions s "
           "JOIN users u ON u.login = s.login WHERE s.id_hash=? AND u.disabled=0");
    q.bind(1, h);
    if (!q.step()) return std::nullopt;
    const std::int64_t created = q.integer(1), last = q.integer(2);
    // A clock set back (a restart with an earlier --now) does not make a session younger than it is.
    if (now - last > kSessionIdleSeconds || now - created > kSessionLongestSeconds || now < created) {
      Stmt(db, "DELETE FROM sessions WHERE id_hash=?").bind(1, h).run();
      return std::nullopt;
    }
    Session s{principal_of(db, q.text(3), q.text(4), q.text(5)), q.text(0)};
    if (now - last >= kTouchEverySeconds)
      Stmt(db, "UPDATE sessions SET last_seen=? WHERE id_hash=?").bind(1, now).bind(2, h).run();
    return s;
  });
}

void sign_out(HqStore& store, const std::string& session_id, const std::string& source) {
  const std::int64_t now = store.hall_clock().now();
  const std::string h = id_hash(session_id);
  store.locked([&](Db& db) {
    Transaction t(db);
    Stmt q(db, "SELECT u.login, u.role FROM sessions s JOIN users u ON u.login = s.login WHERE s.id_hash=?");
    q.bind(1, h);
    if (q.step()) {
      Stmt(db, "DELETE FROM sessions WHERE id_hash=?").bind(1, h).run();
      audit(db, AuditEntry{0, now, q.text(0), q.text(1), "logout", "user:" + q.text(0), "", "", source, "", ""});
    }
    t.commit();
  });
}

std::string session_cookie(const httplib::Request& req) {
  const std::string header = req.get_header_value("Cookie");
  const std::string name = std::string(kSessionCookie) + "=";
  std::size_t i = 0;
  while (i < header.size()) {
    while (i < header.size() && (header[i] == ' ' || header[i] == ';')) ++i;
    const std::size_t end = std::min(header.find(';', i), header.size());
    if (header.compare(i, name.size(), name) == 0) return header.substr(i + name.size(), end - i - name.size());
    i = end;
  }
  return {};
}

std::string session_set_cookie(const httplib::Request& req, const std::string& session_id) {
  std::string c = std::string(kSessionCookie) + "=" + session_id + "; Path=/; HttpOnly; SameSite=Strict";
  if (session_id.empty()) c += "; Max-Age=0";
  if (req.get_header_value("X-Forwarded-Proto") == "https") c += "; Secure";
  return c;
}

std::string client_address(const httplib::Request& req) {
  const std::string forwarded = req.get_header_value("X-Forwarded-For");
  if (forwarded.empty()) return req.remote_addr;
  const auto comma = forwarded.find_last_of(',');
  std::string last = comma == std::string::npos ? forwarded : forwarded.substr(comma + 1);
  while (!last.empty() && last.front() == ' ') last.erase(0, 1);
  return last.substr(0, 64);
}

}  // namespace hq
