#include "sync/hq/hq_store.h"

#include <sodium.h>

#include <array>
#include <map>
#include <set>

#include "sync/protocol/reference_json.h"

namespace hq {
namespace {

using nlohmann::json;
using sync_db::Stmt;
using sync_db::Transaction;

constexpr const char* kSchema = R"sql(
CREATE TABLE meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
INSERT INTO meta(key, value) VALUES ('seq', 0);
CREATE TABLE devices (
  id TEXT PRIMARY KEY, token_hash TEXT NOT NULL, enrolled_at INTEGER NOT NULL, revoked INTEGER NOT NULL DEFAULT 0);
-- Every record ever accepted; the UUID is the key, so a resent record is a duplicate forever.
CREATE TABLE records (
  uuid TEXT PRIMARY KEY, kind TEXT NOT NULL, device_id TEXT NOT NULL, created_at INTEGER NOT NULL,
  day TEXT NOT NULL, body TEXT NOT NULL, received_at INTEGER NOT NULL,
  subject TEXT);  -- the record another one refers to: a check-out's sitting
CREATE INDEX records_by_device_day ON records(device_id, day);
CREATE INDEX records_by_subject ON records(subject) WHERE subject IS NOT NULL;
-- Master reference data, one JSON row per (table, id) as the protocol encodes it; body NULL = deleted.
CREATE TABLE reference (
  tbl TEXT NOT NULL, id TEXT NOT NULL, body TEXT, seq INTEGER NOT NULL, PRIMARY KEY (tbl, id));
CREATE INDEX reference_by_seq ON reference(seq);
-- Sittings derived from check-in and check-out records of every kiosk, fed down to all of them.
CREATE TABLE sittings (
  uuid TEXT PRIMARY KEY, official_id TEXT NOT NULL, window_id TEXT NOT NULL, schedule_id TEXT,
  checkin_at TEXT NOT NULL, checkout_at TEXT, seq INTEGER NOT NULL);
CREATE INDEX sittings_by_seq ON sittings(seq);
)sql";

// Version 2: what the bureau does with reports and 差评, and admin tokens (hashed).
constexpr const char* kSchemaV2 = R"sql(
CREATE TABLE report_status (
  receipt TEXT PRIMARY KEY, status TEXT NOT NULL, reply TEXT NOT NULL, updated_at TEXT NOT NULL, seq INTEGER NOT NULL);
CREATE INDEX report_status_by_seq ON report_status(seq);
CREATE TABLE follow_ups (rating_uuid TEXT PRIMARY KEY, note TEXT NOT NULL, updated_at TEXT NOT NULL);
CREATE TABLE admin_tokens (token_hash TEXT PRIMARY KEY, created_at INTEGER NOT NULL);
)sql";

// Version 3: the wording of every 差评 reason ever published, so exports name reasons of retired versions too;
// when a report was first marked done and a 差评 first followed up (later edits of the reply or note keep them).
constexpr const char* kSchemaV3 = R"sql(
ALTER TABLE report_status ADD COLUMN done_at TEXT;
UPDATE report_status SET done_at = updated_at WHERE status = 'done';
ALTER TABLE follow_ups ADD COLUMN first_at TEXT;
UPDATE follow_ups SET first_at = updated_at;
CREATE TABLE reason_labels (id TEXT PRIMARY KEY, zh TEXT NOT NULL, version TEXT NOT NULL);
INSERT OR REPLACE INTO reason_labels(id, zh, version)
  SELECT json_extract(r.value, '$.id'), json_extract(r.value, '$.zh'), json_extract(d.body, '$.version')
  FROM reference d, json_each(d.body, '$.groups') g, json_each(g.value, '$.reasons') r
  WHERE d.tbl = 'reason_list' AND d.body IS NOT NULL;
)sql";

constexpr std::array<const char*, 5> kTables = {"departments", "windows", "officials", "schedule", "service_items"};

std::string hash_token(const std::string& token) {
  std::array<unsigned char, crypto_generichash_BYTES> h{};
  crypto_generichash(h.data(), h.size(), reinterpret_cast<const unsigned char*>(token.data()), token.size(), nullptr, 0);
  std::array<char, crypto_generichash_BYTES * 2 + 1> hex{};
  sodium_bin2hex(hex.data(), hex.size(), h.data(), h.size());
  return hex.data();
}

// Version 4: what the exports and lookups select records by, read from the typed body when it is stored (so no
// SQL reaches into a body): a report's receipt, and the hall's date of the record (a check-in's date, else the
// date of its time).
constexpr const char* kSchemaV4 = R"sql(
ALTER TABLE records ADD COLUMN receipt TEXT;
ALTER TABLE records ADD COLUMN hall_date TEXT;
DROP INDEX IF EXISTS records_report_receipt;  -- version 2 indexed the receipt inside the body
CREATE INDEX records_by_receipt ON records(receipt) WHERE receipt IS NOT NULL;
CREATE INDEX records_by_kind_date ON records(kind, hall_date);
)sql";

// Version 5: a UUID is a duplicate whatever its case (HQ now lower-cases them on arrival). A record stored again
// under another spelling of its UUID is dropped (the first received stays), and the rest are lower-cased, in the
// body's text too (the UUID is a value there, never part of another one). Likewise a check-out's sitting, the
// derived sittings and the 回访 of a rating.
constexpr const char* kSchemaV5 = R"sql(
DELETE FROM records WHERE uuid <> lower(uuid) AND EXISTS (
  SELECT 1 FROM records o WHERE lower(o.uuid) = lower(records.uuid) AND o.uuid <> records.uuid AND
  (o.uuid = lower(o.uuid) OR (o.received_at, o.rowid) < (records.received_at, records.rowid)));
UPDATE records SET body = replace(body, uuid, lower(uuid)), uuid = lower(uuid) WHERE uuid <> lower(uuid);
UPDATE records SET body = replace(body, subject, lower(subject)), subject = lower(subject)
  WHERE subject <> lower(subject);
DELETE FROM sittings WHERE uuid <> lower(uuid) AND EXISTS (
  SELECT 1 FROM sittings o WHERE lower(o.uuid) = lower(sittings.uuid) AND o.uuid <> sittings.uuid AND
  (o.uuid = lower(o.uuid) OR o.rowid < sittings.rowid));
UPDATE sittings SET uuid = lower(uuid) WHERE uuid <> lower(uuid);
DELETE FROM follow_ups WHERE rating_uuid <> lower(rating_uuid) AND EXISTS (
  SELECT 1 FROM follow_ups o WHERE lower(o.rating_uuid) = lower(follow_ups.rating_uuid) AND
  o.rating_uuid <> follow_ups.rating_uuid AND (o.rating_uuid = lower(o.rating_uuid) OR o.rowid < follow_ups.rowid));
UPDATE follow_ups SET rating_uuid = lower(rating_uuid) WHERE rating_uuid <> lower(rating_uuid);
)sql";

// Version 6: the console's accounts (argon2id password hashes), their sessions (only a hash of the cookie is kept),
// failed sign-ins by login (a lockout survives a restart) and the audit log of every sign-in and change, kept forever.
constexpr const char* kSchemaV6 = R"sql(
CREATE TABLE users (
  login TEXT PRIMARY KEY COLLATE NOCASE, role TEXT NOT NULL, department_id TEXT, password_hash TEXT NOT NULL,
  disabled INTEGER NOT NULL DEFAULT 0, created_at INTEGER NOT NULL, password_set_at INTEGER NOT NULL);
CREATE TABLE sessions (
  id_hash TEXT PRIMARY KEY, login TEXT NOT NULL REFERENCES users(login) ON DELETE CASCADE, csrf TEXT NOT NULL,
  created_at INTEGER NOT NULL, last_seen INTEGER NOT NULL);
CREATE INDEX sessions_by_login ON sessions(login);
CREATE TABLE login_failures (login TEXT PRIMARY KEY COLLATE NOCASE, failures INTEGER NOT NULL, locked_until INTEGER NOT NULL);
CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY, at INTEGER NOT NULL, actor TEXT NOT NULL, role TEXT NOT NULL, action TEXT NOT NULL,
  object TEXT NOT NULL, before TEXT NOT NULL, after TEXT NOT NULL, source TEXT NOT NULL);
CREATE INDEX audit_by_actor ON audit_log(actor, id);
CREATE INDEX audit_by_action ON audit_log(action, id);
CREATE INDEX audit_by_at ON audit_log(at);
)sql";

// The columns of a stored record that come from its body (all null for a kind without them).
struct BodyColumns {
  std::optional<std::string> subject, receipt, hall_date;
};

BodyColumns columns_of(const std::string& kind, const std::string& body) {
  switch (protocol::from_string<protocol::RecordKind>(kind).value_or(protocol::RecordKind::checkin)) {
    case protocol::RecordKind::checkin:
      return {std::nullopt, std::nullopt, protocol::decode_body<protocol::CheckInBody>(body).date};
    case protocol::RecordKind::checkout: {
      const auto b = protocol::decode_body<protocol::CheckOutBody>(body);
      return {b.sitting_uuid, std::nullopt, b.checkout_at.substr(0, 10)};
    }
    case protocol::RecordKind::rating:
      return {std::nullopt, std::nullopt, protocol::decode_body<protocol::RatingBody>(body).created_at.substr(0, 10)};
    case protocol::RecordKind::report: {
      const auto b = protocol::decode_body<protocol::ReportBody>(body);
      return {std::nullopt, b.receipt, b.created_at.substr(0, 10)};
    }
  }
  return {};
}

}  // namespace

HqStore::HqStore(const std::string& path, const common::Clock& clock) : db_(path), clock_(clock) {
  if (sodium_init() < 0) throw sync_db::DbError("libsodium could not start");
  db_.exec("PRAGMA foreign_keys=ON");
  // Numbered schema versions (PRAGMA user_version).
  Stmt v(db_, "PRAGMA user_version");
  v.step();
  const std::int64_t version = v.integer(0);
  if (version > 6) throw sync_db::DbError(path + " was written by a newer hqd (schema " + std::to_string(version) + ")");
  if (version == 0) {
    Transaction t(db_);
    db_.exec(kSchema);
    db_.exec("PRAGMA user_version=1");
    t.commit();
  }
  if (version < 2) {
    Transaction t(db_);
    db_.exec(kSchemaV2);
    db_.exec("PRAGMA user_version=2");
    t.commit();
  }
  if (version < 3) {
    Transaction t(db_);
    db_.exec(kSchemaV3);
    db_.exec("PRAGMA user_version=3");
    t.commit();
  }
  if (version < 4) {
    Transaction t(db_);
    db_.exec(kSchemaV4);
    Stmt all(db_, "SELECT uuid, kind, body FROM records");
    Stmt set(db_, "UPDATE records SET receipt=?, hall_date=? WHERE uuid=?");
    while (all.step()) {
      const BodyColumns c = columns_of(all.text(1), all.text(2));
      set.bind(1, c.receipt).bind(2, c.hall_date).bind(3, all.text(0)).run();
    }
    db_.exec("PRAGMA user_version=4");
    t.commit();
  }
  if (version < 5) {
    Transaction t(db_);
    db_.exec(kSchemaV5);
    db_.exec("PRAGMA user_version=5");
    t.commit();
  }
  if (version < 6) {
    Transaction t(db_);
    db_.exec(kSchemaV6);
    db_.exec("PRAGMA user_version=6");
    t.commit();
  }
  Stmt offset(db_, "SELECT value FROM meta WHERE key='hall_utc_offset_minutes'");
  if (offset.step()) hall_offset_minutes_ = static_cast<int>(offset.integer(0));
}

void HqStore::set_hall_utc_offset(int minutes) {
  std::lock_guard<std::mutex> lock(mutex_);
  Stmt(db_, "INSERT INTO meta(key, value) VALUES('hall_utc_offset_minutes', ?) ON CONFLICT(key) DO UPDATE SET "
            "value=excluded.value")
      .bind(1, minutes).run();
  hall_offset_minutes_ = minutes;
}

std::int64_t HqStore::bump_seq() {
  Stmt s(db_, "UPDATE meta SET value = value + 1 WHERE key='seq' RETURNING value");
  s.step();
  return s.integer(0);
}

std::string HqStore::enrol(const std::string& device_id) {
  std::array<unsigned char, 32> raw{};
  randombytes_buf(raw.data(), raw.size());
  std::array<char, 65> token{};
  sodium_bin2hex(token.data(), token.size(), raw.data(), raw.size());
  std::lock_guard<std::mutex> lock(mutex_);
  Stmt(db_,
       "INSERT INTO devices(id, token_hash, enrolled_at) VALUES(?,?,?) ON CONFLICT(id) DO UPDATE SET "
       "token_hash=excluded.token_hash, enrolled_at=excluded.enrolled_at, revoked=0")
      .bind(1, device_id).bind(2, hash_token(token.data())).bind(3, clock_.now())
      .run();
  return token.data();
}

void HqStore::revoke(const std::string& device_id) {
  std::lock_guard<std::mutex> lock(mutex_);
  Stmt(db_, "UPDATE devices SET revoked=1 WHERE id=?").bind(1, device_id).run();
}

AuthResult HqStore::authenticate(const std::string& device_id, const std::string& token) {
  if (device_id.empty() || token.empty()) return AuthResult::unknown;
  const std::string h = hash_token(token);
  std::lock_guard<std::mutex> lock(mutex_);
  Stmt s(db_, "SELECT token_hash, revoked FROM devices WHERE id=?");
  s.bind(1, device_id);
  if (!s.step()) return AuthResult::unknown;
  const std::string stored = s.text(0);
  if (stored.size() != h.size() || sodium_memcmp(stored.data(), h.data(), h.size()) != 0) return AuthResult::unknown;
  return s.integer(1) != 0 ? AuthResult::revoked : AuthResult::ok;
}

// The statements a batch's effects need, prepared once per batch.
struct HqStore::EffectStatements {
  explicit EffectStatements(const sync_db::Db& db)
      : find_checkout(db, "SELECT body FROM records WHERE subject=? AND kind='checkout' LIMIT 1"),
        insert_sitting(db,
                       "INSERT OR IGNORE INTO sittings(uuid,official_id,window_id,schedule_id,checkin_at,checkout_at,"
                       "seq) VALUES(?,?,?,?,?,?,?)"),
        close_sitting(db, "UPDATE sittings SET checkout_at=?, seq=? WHERE uuid=?") {}
  Stmt find_checkout, insert_sitting, close_sitting;
};

void HqStore::apply_effects(const protocol::RecordEnvelope& r, std::int64_t seq, EffectStatements& st) {
  if (r.kind == protocol::to_string(protocol::RecordKind::checkin)) {
    const auto in = protocol::decode_body<protocol::CheckInBody>(r.body);
    // A check-out may have arrived first (records travel in order, but a check-in can be parked and repaired).
    std::optional<std::string> checkout;
    st.find_checkout.bind(1, r.uuid);
    if (st.find_checkout.step())
      checkout = protocol::decode_body<protocol::CheckOutBody>(st.find_checkout.text(0)).checkout_at;
    st.find_checkout.reset();
    st.insert_sitting.bind(1, r.uuid).bind(2, in.official_id).bind(3, in.window_id).bind(4, in.schedule_id)
        .bind(5, in.checkin_at).bind(6, checkout).bind(7, seq).run();
  } else if (r.kind == protocol::to_string(protocol::RecordKind::checkout)) {
    const auto out = protocol::decode_body<protocol::CheckOutBody>(r.body);
    st.close_sitting.bind(1, out.checkout_at).bind(2, seq).bind(3, out.sitting_uuid).run();
  }
  // Kinds without effects on the feed (ratings, reports, …) are only stored.
}

std::vector<protocol::RecordResult> HqStore::ingest(const std::string& device_id,
                                                    const std::vector<protocol::RecordEnvelope>& records) {
  std::vector<protocol::RecordResult> out;
  out.reserve(records.size());
  const std::int64_t now = clock_.now();
  std::lock_guard<std::mutex> lock(mutex_);
  Transaction t(db_);
  const std::int64_t seq = bump_seq();
  Stmt ins(db_,
           "INSERT OR IGNORE INTO records(uuid,kind,device_id,created_at,day,body,received_at,subject,receipt,hall_date) "
           "VALUES(?,?,?,?,?,?,?,?,?,?)");
  EffectStatements effects(db_);
  for (const auto& r : records) {
    if (auto reason = protocol::validate_record(r)) {
      out.push_back({r.uuid, protocol::RecordStatus::invalid, *reason});
      continue;
    }
    const std::int64_t created = *protocol::parse_timestamp(r.created_at);
    const std::string body = r.body.dump();
    const BodyColumns c = columns_of(r.kind, body);
    ins.bind(1, r.uuid).bind(2, r.kind).bind(3, device_id).bind(4, created).bind(5, protocol::utc_date(created))
        .bind(6, body).bind(7, now).bind(8, c.subject).bind(9, c.receipt).bind(10, c.hall_date);
    ins.step();
    ins.reset();
    if (db_.changes() == 0) {
      out.push_back({r.uuid, protocol::RecordStatus::duplicate, {}});
      continue;
    }
    apply_effects(r, seq, effects);
    out.push_back({r.uuid, protocol::RecordStatus::accepted, {}});
  }
  t.commit();
  return out;
}

void HqStore::import_reference(const protocol::ReferenceData& data) {
  // The one encoder gives each row its wire shape; rows are kept as that JSON.
  const std::vector<protocol::ReferenceRow> rows = protocol::reference_rows(data);
  std::lock_guard<std::mutex> lock(mutex_);
  Transaction t(db_);
  const std::int64_t seq = bump_seq();
  Stmt up(db_,
          "INSERT INTO reference(tbl,id,body,seq) VALUES(?,?,?,?) ON CONFLICT(tbl,id) DO UPDATE SET "
          "body=excluded.body, seq=excluded.seq WHERE reference.body IS NOT excluded.body");
  for (const auto& row : rows) up.bind(1, row.table).bind(2, row.id).bind(3, row.json).bind(4, seq).run();
  for (const char* tbl : kTables) {
    if (data.full) {
      std::set<std::string> listed;
      for (const auto& row : rows)
        if (row.table == tbl) listed.insert(row.id);
      std::vector<std::string> gone;
      Stmt q(db_, "SELECT id FROM reference WHERE tbl=? AND body IS NOT NULL");
      q.bind(1, tbl);
      while (q.step())
        if (!listed.count(q.text(0))) gone.push_back(q.text(0));
      Stmt del(db_, "UPDATE reference SET body=NULL, seq=? WHERE tbl=? AND id=?");
      for (const auto& id : gone) del.bind(1, seq).bind(2, tbl).bind(3, id).run();
    }
  }
  // Whole documents (the 差评 reason list, the working-day calendar): one current version each.
  if (data.reason_list)
    up.bind(1, "reason_list").bind(2, "current").bind(3, protocol::encode_reason_list(*data.reason_list)).bind(4, seq).run();
  if (data.calendar)
    up.bind(1, "calendar").bind(2, "current").bind(3, protocol::encode_calendar(*data.calendar)).bind(4, seq).run();
  if (data.reason_list) {
    Stmt label(db_, "INSERT OR REPLACE INTO reason_labels(id, zh, version) VALUES(?,?,?)");
    for (const auto& g : data.reason_list->groups)
      for (const auto& r : g.reasons) label.bind(1, r.id).bind(2, r.zh).bind(3, data.reason_list->version).run();
  }
  for (const auto& [tbl, ids] : data.deleted) {
    Stmt del(db_, "UPDATE reference SET body=NULL, seq=? WHERE tbl=? AND id=? AND body IS NOT NULL");
    for (const auto& id : ids) del.bind(1, seq).bind(2, tbl).bind(3, id).run();
  }
  Stmt sit(db_,
           "INSERT INTO sittings(uuid,official_id,window_id,schedule_id,checkin_at,checkout_at,seq) VALUES(?,?,?,?,?,?,?) "
           "ON CONFLICT(uuid) DO UPDATE SET checkout_at=excluded.checkout_at, seq=excluded.seq");
  for (const auto& s : data.sittings)
    sit.bind(1, s.uuid).bind(2, s.official_id).bind(3, s.window_id).bind(4, s.schedule_id).bind(5, s.checkin_at)
        .bind(6, s.checkout_at).bind(7, seq).run();
  t.commit();
}

std::string HqStore::reference_feed(const std::string& cursor_text, const std::string& device_id) {
  std::lock_guard<std::mutex> lock(mutex_);
  Transaction t(db_);  // one snapshot: the cursor matches the rows
  std::int64_t current = 0;
  {
    Stmt s(db_, "SELECT value FROM meta WHERE key='seq'");
    if (s.step()) current = s.integer(0);
  }
  std::int64_t after = 0;
  bool full = true;
  if (!cursor_text.empty() && cursor_text.find_first_not_of("0123456789") == std::string::npos &&
      cursor_text.size() < 18) {
    after = std::stoll(cursor_text);
    // A cursor from HQ's future (HQ restored from a backup) gets a full snapshot.
    full = after == 0 || after > current;
    if (full) after = 0;
  }
  json root = {{"protocol", protocol::kProtocolVersion}, {"cursor", std::to_string(current)}, {"full", full}};
  for (const char* tbl : kTables) root[tbl] = json::array();
  json deleted = json::object();
  {
    Stmt s(db_, "SELECT tbl, id, body FROM reference WHERE seq > ? ORDER BY seq, tbl, id");
    s.bind(1, after);
    while (s.step()) {
      const std::string tbl = s.text(0);
      if (auto body = s.opt_text(2)) {
        if (tbl == "reason_list" || tbl == "calendar")
          root[tbl] = json::parse(*body);  // a document, not a row
        else
          root[tbl].push_back(json::parse(*body));
      } else if (!full) {
        deleted[tbl].push_back(s.text(1));
      }
    }
  }
  if (!deleted.empty()) root["deleted"] = std::move(deleted);
  // The stored rows through the one decoder, so what leaves HQ is exactly the documented shape.
  protocol::ReferenceData feed = protocol::decode_reference(root.dump());
  // Only sittings whose official and window the kiosk can know; a kiosk applies a message whole or not at all.
  {
    Stmt s(db_,
           "SELECT s.uuid, s.official_id, s.window_id, s.schedule_id, s.checkin_at, s.checkout_at FROM sittings s "
           "WHERE s.seq > ? AND EXISTS (SELECT 1 FROM reference WHERE tbl='officials' AND id=s.official_id AND "
           "body IS NOT NULL) AND EXISTS (SELECT 1 FROM reference WHERE tbl='windows' AND id=s.window_id AND "
           "body IS NOT NULL) ORDER BY s.seq, s.uuid");
    s.bind(1, after);
    while (s.step())
      feed.sittings.push_back({s.text(0), s.text(1), s.text(2), s.opt_text(3), s.text(4), s.opt_text(5)});
  }
  // The bureau's answers to 办不成事 reports, for the kiosk that took each report.
  {
    Stmt s(db_,
           "SELECT u.receipt, u.status, u.reply, u.updated_at FROM report_status u WHERE u.seq > ?1 AND (?2 = '' OR "
           "EXISTS (SELECT 1 FROM records r WHERE r.receipt=u.receipt AND r.device_id=?2)) ORDER BY u.seq, u.receipt");
    s.bind(1, after).bind(2, device_id);
    while (s.step())
      feed.report_updates.push_back(
          {s.text(0), protocol::from_string<protocol::ReportState>(s.text(1)).value_or(protocol::ReportState::accepted),
           s.text(2), s.text(3)});
  }
  t.commit();
  return protocol::encode_reference(feed);
}

std::vector<protocol::DayDifference> HqStore::reconcile(const std::string& device_id,
                                                        const std::vector<protocol::DayDigest>& days) {
  std::vector<protocol::DayDifference> out;
  std::lock_guard<std::mutex> lock(mutex_);
  Stmt s(db_, "SELECT uuid FROM records WHERE device_id=? AND day=?");
  for (const auto& d : days) {
    std::vector<std::string> have;
    s.bind(1, device_id).bind(2, d.day);
    while (s.step()) have.push_back(s.text(0));
    s.reset();
    const auto count = static_cast<std::int64_t>(have.size());
    std::set<std::string> have_set(have.begin(), have.end());
    if (count == d.count && protocol::day_digest(have) == d.digest) continue;
    protocol::DayDifference diff{d.day, count, {}};
    if (d.uuids)
      for (const auto& u : *d.uuids)
        if (!have_set.count(u)) diff.missing.push_back(u);
    out.push_back(std::move(diff));
  }
  return out;
}

std::int64_t HqStore::record_count() {
  std::lock_guard<std::mutex> lock(mutex_);
  Stmt s(db_, "SELECT count(*) FROM records");
  s.step();
  return s.integer(0);
}

}  // namespace hq
