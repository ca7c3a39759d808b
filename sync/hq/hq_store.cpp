#include "sync/hq/hq_store.h"

#include <sodium.h>

#include <array>
#include <cstdio>
#include <map>
#include <set>

#include "sync/hq/alert_raising.h"
#include "sync/hq/down_feed.h"
#include "sync/hq/forward_outbox.h"
#include "sync/hq/misuse_check.h"
#include "sync/hq/case_opening.h"
#include "sync/hq/admin_error.h"
#include "sync/protocol/names.h"
#include "sync/hq/pin_lockouts.h"
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
  subject TEXT);  -- what a record refers to: a check-out's sitting, a pin_attempt's official
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

// Version 7: casework (差评 and 办不成事 as the console works them): one case row per 差评 and per report with typed,
// indexed columns for what lists filter and sort on (department, state, deadline, date), the history of every
// change and 申诉 (its audit entries are in audit_log since version 13). A deadline is NULL once the case is closed. (IF NOT EXISTS: a database
// whose user_version was set back, as tests of older schemas do, opens again.)
constexpr const char* kSchemaV7 = R"sql(
CREATE TABLE IF NOT EXISTS rating_cases (
  id INTEGER PRIMARY KEY, rating_uuid TEXT NOT NULL UNIQUE,
  department_id TEXT NOT NULL,   -- of the rated target ('' when HQ does not know it)
  hall_date TEXT NOT NULL,       -- the day of the 差评
  state TEXT NOT NULL,           -- protocol::CaseState
  state_since TEXT NOT NULL,     -- the day it entered that state
  deadline TEXT,                 -- last working day for the state's step; NULL when closed
  updated_at TEXT NOT NULL,
  appeal_ground TEXT, appeal_reason TEXT, appeal_state TEXT, appeal_by TEXT, appeal_at TEXT,
  appeal_decided_by TEXT, appeal_decided_at TEXT, appeal_note TEXT);
CREATE INDEX IF NOT EXISTS rating_cases_by_date ON rating_cases(hall_date);
CREATE INDEX IF NOT EXISTS rating_cases_by_dept ON rating_cases(department_id, hall_date);
CREATE INDEX IF NOT EXISTS rating_cases_by_state ON rating_cases(state, hall_date);
CREATE INDEX IF NOT EXISTS rating_cases_by_dept_state ON rating_cases(department_id, state, hall_date);
CREATE INDEX IF NOT EXISTS rating_cases_by_deadline ON rating_cases(deadline) WHERE deadline IS NOT NULL;
CREATE INDEX IF NOT EXISTS rating_cases_by_dept_deadline ON rating_cases(department_id, deadline) WHERE deadline IS NOT NULL;
CREATE INDEX IF NOT EXISTS rating_cases_by_appeal ON rating_cases(appeal_state, hall_date) WHERE appeal_state IS NOT NULL;
CREATE TABLE IF NOT EXISTS report_cases (
  id INTEGER PRIMARY KEY, receipt TEXT NOT NULL UNIQUE,
  department_id TEXT NOT NULL,   -- the department handling it: the one reported, or the one it was 转办 to
  hall_date TEXT NOT NULL,       -- the day it was filed
  state TEXT NOT NULL,           -- protocol::ReportState
  promised TEXT NOT NULL,        -- the promised reply date
  open_deadline TEXT);           -- the promised date while not done; NULL once done
CREATE INDEX IF NOT EXISTS report_cases_by_date ON report_cases(hall_date);
CREATE INDEX IF NOT EXISTS report_cases_by_dept ON report_cases(department_id, hall_date);
CREATE INDEX IF NOT EXISTS report_cases_by_state ON report_cases(state, hall_date);
CREATE INDEX IF NOT EXISTS report_cases_by_dept_state ON report_cases(department_id, state, hall_date);
CREATE INDEX IF NOT EXISTS report_cases_by_deadline ON report_cases(open_deadline) WHERE open_deadline IS NOT NULL;
CREATE INDEX IF NOT EXISTS report_cases_by_dept_deadline ON report_cases(department_id, open_deadline)
  WHERE open_deadline IS NOT NULL;
-- Counts per department and state kept by triggers, so the console's counts never scan a million cases.
CREATE TABLE IF NOT EXISTS rating_case_counts (
  department_id TEXT NOT NULL, state TEXT NOT NULL, open INTEGER NOT NULL, appeal_pending INTEGER NOT NULL,
  n INTEGER NOT NULL, PRIMARY KEY (department_id, state, open, appeal_pending)) WITHOUT ROWID;
CREATE TRIGGER IF NOT EXISTS rating_cases_counted_in AFTER INSERT ON rating_cases BEGIN
  INSERT INTO rating_case_counts VALUES(new.department_id, new.state, new.deadline IS NOT NULL,
    coalesce(new.appeal_state = 'pending', 0), 1)
  ON CONFLICT DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER IF NOT EXISTS rating_cases_counted_out AFTER DELETE ON rating_cases BEGIN
  UPDATE rating_case_counts SET n = n - 1 WHERE department_id = old.department_id AND state = old.state AND
    open = (old.deadline IS NOT NULL) AND appeal_pending = coalesce(old.appeal_state = 'pending', 0);
END;
CREATE TRIGGER IF NOT EXISTS rating_cases_counted_again AFTER UPDATE OF department_id, state, deadline, appeal_state ON rating_cases
BEGIN
  UPDATE rating_case_counts SET n = n - 1 WHERE department_id = old.department_id AND state = old.state AND
    open = (old.deadline IS NOT NULL) AND appeal_pending = coalesce(old.appeal_state = 'pending', 0);
  INSERT INTO rating_case_counts VALUES(new.department_id, new.state, new.deadline IS NOT NULL,
    coalesce(new.appeal_state = 'pending', 0), 1)
  ON CONFLICT DO UPDATE SET n = n + 1;
END;
CREATE TABLE IF NOT EXISTS report_case_counts (
  department_id TEXT NOT NULL, state TEXT NOT NULL, open INTEGER NOT NULL, n INTEGER NOT NULL,
  PRIMARY KEY (department_id, state, open)) WITHOUT ROWID;
CREATE TRIGGER IF NOT EXISTS report_cases_counted_in AFTER INSERT ON report_cases BEGIN
  INSERT INTO report_case_counts VALUES(new.department_id, new.state, new.open_deadline IS NOT NULL, 1)
  ON CONFLICT DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER IF NOT EXISTS report_cases_counted_out AFTER DELETE ON report_cases BEGIN
  UPDATE report_case_counts SET n = n - 1 WHERE department_id = old.department_id AND state = old.state AND
    open = (old.open_deadline IS NOT NULL);
END;
CREATE TRIGGER IF NOT EXISTS report_cases_counted_again AFTER UPDATE OF department_id, state, open_deadline ON report_cases BEGIN
  UPDATE report_case_counts SET n = n - 1 WHERE department_id = old.department_id AND state = old.state AND
    open = (old.open_deadline IS NOT NULL);
  INSERT INTO report_case_counts VALUES(new.department_id, new.state, new.open_deadline IS NOT NULL, 1)
  ON CONFLICT DO UPDATE SET n = n + 1;
END;
CREATE TABLE IF NOT EXISTS case_history (
  id INTEGER PRIMARY KEY, kind TEXT NOT NULL, subject TEXT NOT NULL, at TEXT NOT NULL, login TEXT NOT NULL,
  action TEXT NOT NULL, from_state TEXT, to_state TEXT, note TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS case_history_by_subject ON case_history(kind, subject);
)sql";

// Version 9: each kiosk's number, assigned at enrolment (the first three digits of its receipts), and its hall
// (kiosks of one hall may close each other's sittings when they name the official). A device enrolled before
// keeps the number its receipts already carry when no other device has it (assigned in kSchemaV9's C++ part).
constexpr const char* kSchemaV9 = R"sql(
ALTER TABLE devices ADD COLUMN kiosk_number INTEGER;
ALTER TABLE devices ADD COLUMN hall TEXT NOT NULL DEFAULT '';
CREATE UNIQUE INDEX devices_by_kiosk_number ON devices(kiosk_number) WHERE kiosk_number IS NOT NULL;
)sql";

// The smallest kiosk number 1–999 no device has, or 0 when all are taken.
int free_kiosk_number(const sync_db::Db& db) {
  Stmt s(db, "SELECT kiosk_number FROM devices WHERE kiosk_number IS NOT NULL ORDER BY kiosk_number");
  int want = 1;
  while (s.step() && s.integer(0) <= want) want = static_cast<int>(s.integer(0)) + 1;
  return want <= 999 ? want : 0;
}

// The first three digits of a receipt as a kiosk number ("003…" → 3).
int receipt_kiosk_number(const std::string& receipt) {
  return receipt.size() >= 3 ? std::atoi(receipt.substr(0, 3).c_str()) : 0;
}

// Version 10: operators' resets of officials' PIN locks (pin_lockouts.h); the locks themselves are "pin_locks" rows
// of the reference table, so the feed carries them.
constexpr const char* kSchemaV10 = R"sql(
-- after_rowid: the last record received before the reset; the attempts counted are those received after it.
CREATE TABLE IF NOT EXISTS pin_resets (
  official_id TEXT PRIMARY KEY, reset_at INTEGER NOT NULL, after_rowid INTEGER NOT NULL, resets INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS records_pin_attempts ON records(subject) WHERE kind = 'pin_attempt';
)sql";

// Version 11: the day each official was added (compliance grades no period before it; official_added.h).
constexpr const char* kSchemaV11 = R"sql(
CREATE TABLE IF NOT EXISTS official_added (id TEXT PRIMARY KEY, added_on TEXT NOT NULL);
)sql";

// Version 12: each kiosk's record numbers (RecordEnvelope::seq), so a record that never arrived shows as a gap; the
// records HQ refused, by kiosk and number (they wait parked at the kiosk: no gap); what each kiosk last said of
// itself (POST /v1/status) and what happened to its storage (sync/hq/fleet_status.cpp). The records.seq column is
// added in C++ when missing; the rest is IF NOT EXISTS (a database whose user_version was set back opens again).
constexpr const char* kSchemaV12 = R"sql(
CREATE INDEX IF NOT EXISTS records_by_device_seq ON records(device_id, seq) WHERE seq IS NOT NULL;
CREATE TABLE IF NOT EXISTS refused_records (
  device_id TEXT NOT NULL, uuid TEXT NOT NULL, seq INTEGER, reason TEXT NOT NULL, received_at INTEGER NOT NULL,
  PRIMARY KEY (device_id, uuid));
CREATE INDEX IF NOT EXISTS refused_by_device_seq ON refused_records(device_id, seq) WHERE seq IS NOT NULL;
CREATE TABLE IF NOT EXISTS device_status (
  device_id TEXT PRIMARY KEY, reported_at INTEGER NOT NULL, storage TEXT NOT NULL, storage_since INTEGER NOT NULL,
  next_seq INTEGER NOT NULL, seq_confirmed INTEGER NOT NULL, version TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS storage_events (
  device_id TEXT NOT NULL, at INTEGER NOT NULL, kind TEXT NOT NULL, file TEXT NOT NULL, detail TEXT NOT NULL,
  received_at INTEGER NOT NULL, PRIMARY KEY (device_id, at, kind, file));
)sql";

// The newest schema this hqd writes; a database of a later one is refused, not guessed at.
constexpr int kNewestSchema = 26;
// Version 18 (the columns are added in C++ when missing): ratings' typed columns filled from their bodies, and their
// indexes: every rating of a day by target and level (the 好差评 counts), the 差评 of a day (lists, 回访).
constexpr const char* kSchemaV18 = R"sql(
UPDATE records SET level = json_extract(body, '$.level'), target_kind = json_extract(body, '$.target_kind'),
  target_id = json_extract(body, '$.target_id'), target_name = json_extract(body, '$.target_name')
  WHERE kind = 'rating' AND level IS NULL;
CREATE INDEX IF NOT EXISTS records_ratings_by_day ON records(hall_date, target_kind, target_id, target_name, level)
  WHERE kind = 'rating';
CREATE INDEX IF NOT EXISTS records_bad_ratings_by_day ON records(hall_date)
  WHERE kind = 'rating' AND level IN ('dissatisfied', 'very_dissatisfied');
)sql";

// Version 20: the ratings of each day counted by target and level, kept by a trigger at every stored rating (the
// dashboard reads a year of them without scanning half a million rows); ratings of one kiosk for one target that came
// too fast (misuse_check.h), flagged for review, not dropped; the index that check reads. IF NOT EXISTS and a
// recount: a database whose user_version was set back opens again.
constexpr const char* kSchemaV20 = R"sql(
CREATE TABLE IF NOT EXISTS rating_day_counts (
  hall_date TEXT NOT NULL, target_kind TEXT NOT NULL, target_id TEXT NOT NULL, target_name TEXT NOT NULL,
  level TEXT NOT NULL, n INTEGER NOT NULL,
  PRIMARY KEY (hall_date, target_kind, target_id, target_name, level)) WITHOUT ROWID;
CREATE TRIGGER IF NOT EXISTS ratings_counted_by_day AFTER INSERT ON records
  WHEN new.kind = 'rating' AND new.hall_date IS NOT NULL BEGIN
  INSERT INTO rating_day_counts VALUES(new.hall_date, coalesce(new.target_kind, ''), coalesce(new.target_id, ''),
    coalesce(new.target_name, ''), coalesce(new.level, ''), 1)
  ON CONFLICT DO UPDATE SET n = n + 1;
END;
DELETE FROM rating_day_counts;
INSERT INTO rating_day_counts
  SELECT hall_date, coalesce(target_kind, ''), coalesce(target_id, ''), coalesce(target_name, ''), coalesce(level, ''),
    count(*) FROM records WHERE kind = 'rating' AND hall_date IS NOT NULL GROUP BY 1, 2, 3, 4, 5;
CREATE INDEX IF NOT EXISTS records_ratings_by_device_target ON records(device_id, target_kind, target_id, created_at)
  WHERE kind = 'rating';
CREATE TABLE IF NOT EXISTS rating_flags (
  rating_uuid TEXT PRIMARY KEY, device_id TEXT NOT NULL, target_kind TEXT NOT NULL, target_id TEXT NOT NULL,
  hall_date TEXT NOT NULL, created_at INTEGER NOT NULL,  -- the rating's own time (unix seconds)
  flagged_at INTEGER NOT NULL, reviewed_at INTEGER, reviewed_by TEXT, note TEXT NOT NULL DEFAULT '');
CREATE INDEX IF NOT EXISTS rating_flags_open ON rating_flags(hall_date, device_id) WHERE reviewed_at IS NULL;
CREATE INDEX IF NOT EXISTS rating_flags_by_target ON rating_flags(device_id, target_kind, target_id, created_at);
)sql";

// Version 21: the problems each 走流程 found, as rectification cases (open until the department marks them done; a
// finding put right on the spot is done on the day walked), by department and promised date for the console's list.
constexpr const char* kSchemaV21 = R"sql(
CREATE TABLE IF NOT EXISTS walk_findings (
  walk_uuid TEXT NOT NULL, idx INTEGER NOT NULL, department_id TEXT NOT NULL, official_id TEXT NOT NULL,
  walked_on TEXT NOT NULL, due_date TEXT, done_on TEXT, done_by TEXT, updated_at TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (walk_uuid, idx)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS walk_findings_open ON walk_findings(department_id, due_date) WHERE done_on IS NULL;
CREATE INDEX IF NOT EXISTS records_walks_by_official ON records(subject, hall_date) WHERE kind = 'walk';
)sql";

// Version 22: the provincial 好差评 forwarding's outbox (forward_outbox.h): a row per rating accepted from now on
// (ratings stored before are not queued: they predate the bureau's forwarding), its state a protocol::CallState.
constexpr const char* kSchemaV22 = R"sql(
CREATE TABLE IF NOT EXISTS forwards (
  rating_uuid TEXT PRIMARY KEY,      -- the rating's UUID, which the platform dedupes on
  state TEXT NOT NULL,               -- pending, held (cannot be mapped yet), sent, failed (refused, or tried out)
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,  -- unix milliseconds
  held_reason TEXT, held_detail TEXT,  -- why it is held: an assets/i18n key, and the id or field concerned
  last_status INTEGER, last_error TEXT,
  answer TEXT,                       -- the platform's answer for this record (JSON), as it came
  platform TEXT,                     -- the mapping's id it was last mapped with
  created_at INTEGER NOT NULL, sent_at INTEGER) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS forwards_due ON forwards(state, next_attempt_at);
)sql";

// Version 23: how citizens rated the handling of their 办不成事 on the receipt's page, once per receipt.
constexpr const char* kSchemaV23 = R"sql(
CREATE TABLE IF NOT EXISTS handling_ratings (
  receipt TEXT PRIMARY KEY, level TEXT NOT NULL, comment TEXT NOT NULL DEFAULT '', rated_at INTEGER NOT NULL);
)sql";

// Version 24: the forwarding's code table the bureau uploads in the console (forward_codes.h): our 差评 reason id →
// the platform's code, over the configuration's.
constexpr const char* kSchemaV24 = R"sql(
CREATE TABLE IF NOT EXISTS forward_codes (
  kind TEXT NOT NULL, id TEXT NOT NULL, code TEXT NOT NULL, updated_at TEXT NOT NULL,
  PRIMARY KEY (kind, id)) WITHOUT ROWID;
)sql";

// Version 25: the forwarding's second outbox (forward_events.h): what follows a rating, each under a UUID derived from
// what it is — a 办不成事's handling rated by the citizen (kind handling, subject its receipt: the 办件编号), a 差评's
// 整改 fed back (answered) and its 回访 (revisited), subject the 差评's UUID. Same delivery columns as `forwards`.
constexpr const char* kSchemaV25 = R"sql(
CREATE TABLE IF NOT EXISTS forward_events (
  id TEXT PRIMARY KEY, kind TEXT NOT NULL, subject TEXT NOT NULL,
  note TEXT NOT NULL DEFAULT '',      -- the 整改 or 回访 note as the department wrote it
  happened_at TEXT NOT NULL,          -- ISO 8601, when it happened
  state TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, next_attempt_at INTEGER NOT NULL,
  held_reason TEXT, held_detail TEXT, last_status INTEGER, last_error TEXT, answer TEXT, platform TEXT,
  created_at INTEGER NOT NULL, sent_at INTEGER) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS forward_events_due ON forward_events(state, next_attempt_at);
CREATE INDEX IF NOT EXISTS forward_events_by_subject ON forward_events(subject);
)sql";

// Version 26: what bounds a full down-sync snapshot (reference_feed): the schedule by date, the sittings by check-in,
// the report answers by when they were given.
constexpr const char* kSchemaV26 = R"sql(
CREATE INDEX IF NOT EXISTS reference_by_date ON reference(tbl, json_extract(body, '$.date'));
CREATE INDEX IF NOT EXISTS sittings_by_checkin ON sittings(checkin_at);
CREATE INDEX IF NOT EXISTS report_status_by_update ON report_status(updated_at);
)sql";

// Version 13: the console's accounts (argon2id password hashes), their sessions (only a hash of the cookie is kept),
// failed sign-ins by login (a lockout survives a restart) and THE audit log: every sign-in (and failed one),
// sign-out and change anyone makes at HQ, kept forever. Casework's audit entries of schema 7 (casework_audit) move
// into it (kMoveCaseworkAudit). IF NOT EXISTS: it does not depend on any version after 11, and a database whose
// user_version was set back opens again.
constexpr const char* kSchemaV13 = R"sql(
CREATE TABLE IF NOT EXISTS users (
  login TEXT PRIMARY KEY COLLATE NOCASE, role TEXT NOT NULL, department_id TEXT, password_hash TEXT NOT NULL,
  disabled INTEGER NOT NULL DEFAULT 0, created_at INTEGER NOT NULL, password_set_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS sessions (
  id_hash TEXT PRIMARY KEY, login TEXT NOT NULL REFERENCES users(login) ON DELETE CASCADE, csrf TEXT NOT NULL,
  created_at INTEGER NOT NULL, last_seen INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS sessions_by_login ON sessions(login);
CREATE TABLE IF NOT EXISTS login_failures (
  login TEXT PRIMARY KEY COLLATE NOCASE, failures INTEGER NOT NULL, locked_until INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS audit_log (
  id INTEGER PRIMARY KEY, at INTEGER NOT NULL, actor TEXT NOT NULL, role TEXT NOT NULL,
  department TEXT NOT NULL DEFAULT '', action TEXT NOT NULL, object TEXT NOT NULL, before TEXT NOT NULL,
  after TEXT NOT NULL, source TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS audit_by_actor ON audit_log(actor, id);
CREATE INDEX IF NOT EXISTS audit_by_action ON audit_log(action, id);
CREATE INDEX IF NOT EXISTS audit_by_object ON audit_log(object, id);
CREATE INDEX IF NOT EXISTS audit_by_at ON audit_log(at);
)sql";
// Version 16: alerts and hqd's one outbox of outgoing HTTP calls (outgoing_calls.h, alert_raising.h): each alert once
// per event (event_key), the departments' (and the bureau's) webhooks, how far each console user has read the alerts,
// and every call with its state as columns a person can query. IF NOT EXISTS: it depends on no version after 7, and a
// database whose user_version was set back opens again.
constexpr const char* kSchemaV16 = R"sql(
CREATE TABLE IF NOT EXISTS alerts (
  id INTEGER PRIMARY KEY,
  event_key TEXT NOT NULL UNIQUE,  -- what it is about, once: "rating:UUID", "due_soon:rating:UUID:STATE:DEADLINE", …
  kind TEXT NOT NULL,              -- protocol::AlertKind
  subject_kind TEXT NOT NULL,      -- "rating" (its UUID) or "report" (its receipt)
  subject TEXT NOT NULL,
  department_id TEXT NOT NULL,     -- the department concerned ('' when HQ does not know it)
  to_department INTEGER NOT NULL,  -- told the department: its liaison and the official sitting its window
  to_bureau INTEGER NOT NULL,
  summary TEXT NOT NULL,           -- JSON: what it says (places, officials, levels, reasons; never a citizen's data)
  created_at INTEGER NOT NULL);    -- unix seconds
CREATE INDEX IF NOT EXISTS alerts_by_department ON alerts(department_id, id);
CREATE TABLE IF NOT EXISTS alert_seen (login TEXT PRIMARY KEY COLLATE NOCASE, last_id INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS alert_webhooks (
  id INTEGER PRIMARY KEY,
  department_id TEXT NOT NULL,     -- '' : the bureau's own (told of every alert to the bureau)
  kind TEXT NOT NULL,              -- protocol::WebhookKind
  url TEXT NOT NULL, secret TEXT NOT NULL DEFAULT '', enabled INTEGER NOT NULL DEFAULT 1,
  created_at INTEGER NOT NULL, created_by TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS outgoing_calls (
  id INTEGER PRIMARY KEY,
  event_id TEXT NOT NULL UNIQUE,   -- sent as X-Event-Id (and in a generic body): the receiver dedupes on it
  purpose TEXT NOT NULL,           -- "alert", "test" (the provincial forwarding will add its own)
  alert_id INTEGER,                -- the alert it tells, if any
  webhook_id INTEGER,              -- whose URL, format and secret it is sent with (read when it is sent)
  url TEXT NOT NULL,               -- where it went when queued (the webhook's current URL is used)
  body TEXT NOT NULL,              -- the JSON sent
  state TEXT NOT NULL,             -- protocol::CallState: pending, sent, failed (for good), held
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,  -- unix milliseconds
  last_status INTEGER,             -- the last answer's HTTP status (NULL: no answer)
  last_error TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,     -- unix milliseconds
  sent_at INTEGER);                -- unix milliseconds of the 2xx
CREATE INDEX IF NOT EXISTS outgoing_calls_due ON outgoing_calls(next_attempt_at) WHERE state = 'pending';
CREATE INDEX IF NOT EXISTS outgoing_calls_by_state ON outgoing_calls(state, id);
CREATE INDEX IF NOT EXISTS outgoing_calls_by_webhook ON outgoing_calls(webhook_id, id);
)sql";

// Casework's entries (ISO times) into the one audit log, oldest first, then its table goes.
constexpr const char* kMoveCaseworkAudit = R"sql(
INSERT INTO audit_log(at, actor, role, department, action, object, before, after, source)
  SELECT CAST(strftime('%s', at) AS INTEGER), login, role, department, action, object, before, after, ''
  FROM casework_audit ORDER BY id;
DROP TABLE casework_audit;
)sql";

// The columns of a stored record that come from its body (all null for a kind without them).
struct BodyColumns {
  std::optional<std::string> subject, receipt, hall_date;
  // A rating's (schema 18): what the 报表 count and the 差评 lists filter on, without reading the body.
  std::optional<std::string> level, target_kind, target_id, target_name;
};

// Whether `table` has `column` already (a database whose version number was set back, as tests do, may have it).
bool has_column(sync_db::Db& db, const char* table, const char* column) {
  Stmt has(db, std::string("SELECT 1 FROM pragma_table_info('") + table + "') WHERE name=?");
  has.bind(1, column);
  return has.step();
}

BodyColumns columns_of(const std::string& kind, const std::string& body) {
  BodyColumns c;
  switch (protocol::from_string<protocol::RecordKind>(kind).value_or(protocol::RecordKind::checkin)) {
    case protocol::RecordKind::checkin:
      c.hall_date = protocol::decode_body<protocol::CheckInBody>(body).date;
      break;
    case protocol::RecordKind::checkout: {
      const auto b = protocol::decode_body<protocol::CheckOutBody>(body);
      c.subject = b.sitting_uuid;
      c.hall_date = b.checkout_at.substr(0, 10);
      break;
    }
    case protocol::RecordKind::rating: {
      const auto b = protocol::decode_body<protocol::RatingBody>(body);
      c.hall_date = b.created_at.substr(0, 10);
      c.level = protocol::to_string(b.level);
      c.target_kind = protocol::to_string(b.target_kind);
      c.target_id = b.target_id;
      c.target_name = b.target_name;
      break;
    }
    case protocol::RecordKind::report: {
      const auto b = protocol::decode_body<protocol::ReportBody>(body);
      c.receipt = b.receipt;
      c.hall_date = b.created_at.substr(0, 10);
      break;
    }
    case protocol::RecordKind::pin_attempt: {
      const auto b = protocol::decode_body<protocol::PinAttemptBody>(body);
      c.subject = b.official_id;
      c.hall_date = b.attempted_at.substr(0, 10);
      break;
    }
    case protocol::RecordKind::walk: {
      const auto b = protocol::decode_body<protocol::WalkBody>(body);
      c.subject = b.official_id;
      c.hall_date = b.date;
      break;
    }
  }
  return c;
}

}  // namespace

HqStore::HqStore(const std::string& path, const common::Clock& clock) : db_(path), clock_(clock) {
  if (sodium_init() < 0) throw sync_db::DbError("libsodium could not start");
  db_.exec("PRAGMA foreign_keys=ON");
  // Numbered schema versions (PRAGMA user_version).
  Stmt v(db_, "PRAGMA user_version");
  v.step();
  const std::int64_t version = v.integer(0);
  if (version > kNewestSchema) throw sync_db::DbError(path + " was written by a newer hqd (schema " + std::to_string(version) + ")");
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
  if (version < 7) {
    Transaction t(db_);
    db_.exec(kSchemaV7);
    open_cases_of_stored_records(db_);
    db_.exec("PRAGMA user_version=7");
    t.commit();
  }
  if (version < 9) {
    Transaction t(db_);
    if (!has_column(db_, "devices", "kiosk_number")) db_.exec(kSchemaV9);
    std::vector<std::string> devices;
    {
      Stmt all(db_, "SELECT id FROM devices ORDER BY enrolled_at, rowid");
      while (all.step()) devices.push_back(all.text(0));
    }
    Stmt used(db_, "SELECT receipt FROM records WHERE device_id=? AND receipt IS NOT NULL ORDER BY received_at, rowid "
                   "LIMIT 1");
    Stmt taken(db_, "SELECT 1 FROM devices WHERE kiosk_number=?");
    Stmt set(db_, "UPDATE devices SET kiosk_number=? WHERE id=?");
    for (const auto& d : devices) {  // first the numbers receipts already carry, then the rest
      used.bind(1, d);
      const int n = used.step() ? receipt_kiosk_number(used.text(0)) : 0;
      used.reset();
      if (n < 1 || n > 999) continue;
      taken.bind(1, n);
      const bool is_taken = taken.step();
      taken.reset();
      if (!is_taken) set.bind(1, n).bind(2, d).run();
    }
    Stmt unnumbered(db_, "SELECT kiosk_number IS NULL FROM devices WHERE id=?");
    for (const auto& d : devices) {
      unnumbered.bind(1, d);
      const bool none = unnumbered.step() && unnumbered.integer(0) != 0;
      unnumbered.reset();
      if (none) set.bind(1, free_kiosk_number(db_)).bind(2, d).run();
    }
    db_.exec("PRAGMA user_version=9");
    t.commit();
  }
  if (version < 10) {
    Transaction t(db_);
    db_.exec(kSchemaV10);
    db_.exec("PRAGMA user_version=10");
    t.commit();
  }
  if (version < 11) {
    Transaction t(db_);
    db_.exec(kSchemaV11);
    db_.exec("PRAGMA user_version=11");
    t.commit();
  }
  // Storage's tables also when a database reached 13 without them (a hqd that had the accounts but not
  // storage's schema 12): the block is idempotent.
  bool has_storage_tables = false;
  {
    Stmt has(db_, "SELECT 1 FROM sqlite_master WHERE type='table' AND name='device_status'");
    has_storage_tables = has.step();
  }
  if (version < 12 || !has_storage_tables) {
    Transaction t(db_);
    if (!has_column(db_, "records", "seq")) db_.exec("ALTER TABLE records ADD COLUMN seq INTEGER");
    db_.exec(kSchemaV12);
    if (version < 12) db_.exec("PRAGMA user_version=12");
    t.commit();
  }
  if (version < 13) {
    Transaction t(db_);
    db_.exec(kSchemaV13);
    bool old_audit = false;
    {
      Stmt old(db_, "SELECT 1 FROM sqlite_master WHERE type='table' AND name='casework_audit'");
      old_audit = old.step();
    }
    v.reset();  // an unfinished statement would keep casework_audit from being dropped
    if (old_audit) db_.exec(kMoveCaseworkAudit);
    db_.exec("PRAGMA user_version=13");
    t.commit();
  }
  if (version < 16) {
    Transaction t(db_);
    db_.exec(kSchemaV16);
    db_.exec("PRAGMA user_version=16");
    t.commit();
  }
  // Version 17: an account's holder by name (姓名), so the users page and the audit log say who a login is.
  if (version < 17) {
    Transaction t(db_);
    if (!has_column(db_, "users", "name")) db_.exec("ALTER TABLE users ADD COLUMN name TEXT NOT NULL DEFAULT ''");
    db_.exec("PRAGMA user_version=17");
    t.commit();
  }
  // Version 18: a rating's level and target as columns (read from the body once, at ingest), with the indexes the
  // 报表 and the 回访 list read a quarter by: a quarter of a million ratings are counted without decoding one.
  if (version < 18) {
    Transaction t(db_);
    for (const char* c : {"level", "target_kind", "target_id", "target_name"})
      if (!has_column(db_, "records", c)) db_.exec(std::string("ALTER TABLE records ADD COLUMN ") + c + " TEXT");
    db_.exec(kSchemaV18);
    db_.exec("PRAGMA user_version=18");
    t.commit();
  }
  // Version 19: what a kiosk's report says of its outbox, last sync error, disk and screen (NULL: a kiosk too old to
  // say), with the times HQ saw its parked records and its backlog begin (each such episode alerts once). Also when
  // storage's tables were just made again for a database past 12 (above).
  if (version < 19 || !has_storage_tables) {
    Transaction t(db_);
    for (const auto& [c, type] : {std::pair{"pending", "INTEGER"}, {"parked", "INTEGER"}, {"oldest_pending_at", "INTEGER"},
                                  {"last_error", "TEXT"}, {"free_bytes", "INTEGER"}, {"orientation", "TEXT"},
                                  {"backlog_since", "INTEGER"}, {"parked_since", "INTEGER"}})
      if (!has_column(db_, "device_status", c))
        db_.exec(std::string("ALTER TABLE device_status ADD COLUMN ") + c + " " + type);
    if (version < 19) db_.exec("PRAGMA user_version=19");
    t.commit();
  }
  if (version < 20) {
    Transaction t(db_);
    db_.exec(kSchemaV20);
    db_.exec("PRAGMA user_version=20");
    t.commit();
  }
  if (version < 21) {
    Transaction t(db_);
    db_.exec(kSchemaV21);
    db_.exec("PRAGMA user_version=21");
    t.commit();
  }
  if (version < 22) {
    Transaction t(db_);
    db_.exec(kSchemaV22);
    db_.exec("PRAGMA user_version=22");
    t.commit();
  }
  if (version < 23) {
    Transaction t(db_);
    db_.exec(kSchemaV23);
    db_.exec("PRAGMA user_version=23");
    t.commit();
  }
  if (version < 24) {
    Transaction t(db_);
    db_.exec(kSchemaV24);
    db_.exec("PRAGMA user_version=24");
    t.commit();
  }
  if (version < 25) {
    Transaction t(db_);
    db_.exec(kSchemaV25);
    db_.exec("PRAGMA user_version=25");
    t.commit();
  }
  if (version < 26) {
    Transaction t(db_);
    db_.exec(kSchemaV26);
    db_.exec("PRAGMA user_version=26");
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

std::string HqStore::enrol(const std::string& device_id, int kiosk_number, const std::optional<std::string>& hall) {
  if (auto p = protocol::id_problem(device_id)) throw AdminError("device id " + *p);
  if (hall)
    if (auto p = protocol::name_problem(*hall, 60, true)) throw AdminError("hall " + *p);
  if (kiosk_number < 0 || kiosk_number > 999) throw AdminError("a kiosk number is 1..999");
  std::array<unsigned char, 32> raw{};
  randombytes_buf(raw.data(), raw.size());
  std::array<char, 65> token{};
  sodium_bin2hex(token.data(), token.size(), raw.data(), raw.size());
  std::lock_guard<std::mutex> lock(mutex_);
  Transaction t(db_);
  int number = kiosk_number;
  if (number == 0) {
    Stmt have(db_, "SELECT kiosk_number FROM devices WHERE id=? AND kiosk_number > 0");
    have.bind(1, device_id);
    number = have.step() ? static_cast<int>(have.integer(0)) : free_kiosk_number(db_);
    if (number == 0) throw AdminError("every kiosk number 1..999 is taken");
  } else {
    Stmt other(db_, "SELECT id FROM devices WHERE kiosk_number=? AND id<>?");
    other.bind(1, number).bind(2, device_id);
    if (other.step()) throw AdminError("kiosk number " + std::to_string(number) + " belongs to " + other.text(0));
  }
  Stmt(db_,
       "INSERT INTO devices(id, token_hash, enrolled_at, kiosk_number, hall) VALUES(?1,?2,?3,?4,coalesce(?5,'')) "
       "ON CONFLICT(id) DO UPDATE SET token_hash=excluded.token_hash, enrolled_at=excluded.enrolled_at, revoked=0, "
       "kiosk_number=excluded.kiosk_number, hall=coalesce(?5, devices.hall)")
      .bind(1, device_id).bind(2, hash_token(token.data())).bind(3, clock_.now()).bind(4, number).bind(5, hall)
      .run();
  t.commit();
  return token.data();
}

std::optional<DeviceInfo> HqStore::device(const std::string& device_id) {
  std::lock_guard<std::mutex> lock(mutex_);
  Stmt s(db_, "SELECT kiosk_number, hall FROM devices WHERE id=?");
  s.bind(1, device_id);
  if (!s.step()) return std::nullopt;
  return DeviceInfo{static_cast<int>(s.integer(0)), s.text(1)};
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

namespace {

// Who may close a sitting (sync/PROTOCOL.md, "Who may close a sitting"): the kiosk that recorded its check-in, or
// another kiosk of the same hall whose check-out names the sitting's official.
bool may_close(const std::string& checkin_device, const std::string& checkin_hall, const std::string& official_id,
               const std::string& checkout_device, const std::string& checkout_hall,
               const std::optional<std::string>& named_official) {
  return checkin_device == checkout_device ||
         (checkin_hall == checkout_hall && named_official && *named_official == official_id);
}

}  // namespace

// The statements a batch's effects and ownership rules need, prepared once per batch.
struct HqStore::EffectStatements {
  explicit EffectStatements(const sync_db::Db& db)
      : find_checkouts(db,
                       "SELECT r.body, r.device_id, coalesce(d.hall, '') FROM records r LEFT JOIN devices d ON "
                       "d.id=r.device_id WHERE r.subject=? AND r.kind='checkout' ORDER BY r.received_at, r.rowid"),
        insert_sitting(db,
                       "INSERT OR IGNORE INTO sittings(uuid,official_id,window_id,schedule_id,checkin_at,checkout_at,"
                       "seq) VALUES(?,?,?,?,?,?,?)"),
        close_sitting(db, "UPDATE sittings SET checkout_at=?, seq=? WHERE uuid=?"),
        held(db, "SELECT 1 FROM records WHERE uuid=?"),
        receipt_elsewhere(db, "SELECT device_id FROM records WHERE receipt=? AND device_id<>? LIMIT 1"),
        checkin_of(db,
                   "SELECT r.device_id, r.body, coalesce(d.hall, '') FROM records r LEFT JOIN devices d ON "
                   "d.id=r.device_id WHERE r.uuid=? AND r.kind='checkin'") {}
  Stmt find_checkouts, insert_sitting, close_sitting, held, receipt_elsewhere, checkin_of;
};

std::optional<std::string> HqStore::ownership_problem(const protocol::RecordEnvelope& r, const std::string& device_id,
                                                      const DeviceInfo& sender, EffectStatements& st) {
  if (r.kind == protocol::to_string(protocol::RecordKind::report)) {
    const auto rep = protocol::decode_body<protocol::ReportBody>(r.body);
    if (receipt_kiosk_number(rep.receipt) != sender.kiosk_number) {
      char mine[16];
      std::snprintf(mine, sizeof mine, "%03d", sender.kiosk_number);
      return "body field \"receipt\" " + rep.receipt + " is not this kiosk's: " + device_id + " has kiosk number " +
             std::to_string(sender.kiosk_number) + ", its receipts start " + mine;
    }
    st.receipt_elsewhere.bind(1, rep.receipt).bind(2, device_id);
    const bool elsewhere = st.receipt_elsewhere.step();
    st.receipt_elsewhere.reset();
    if (elsewhere) return "body field \"receipt\" " + rep.receipt + " was filed by another kiosk already";
  } else if (r.kind == protocol::to_string(protocol::RecordKind::checkout)) {
    const auto out = protocol::decode_body<protocol::CheckOutBody>(r.body);
    st.checkin_of.bind(1, out.sitting_uuid);
    std::optional<std::string> problem;
    if (st.checkin_of.step()) {
      const auto in = protocol::decode_body<protocol::CheckInBody>(st.checkin_of.text(1));
      if (!may_close(st.checkin_of.text(0), st.checkin_of.text(2), in.official_id, device_id, sender.hall,
                     out.official_id))
        problem = "body field \"sitting_uuid\": the sitting was recorded by another kiosk, and this check-out does not "
                  "name its official (or comes from another hall)";
    }
    st.checkin_of.reset();
    return problem;  // a check-out before its check-in is kept, and applied only if its kiosk may close the sitting
  }
  return std::nullopt;
}

void HqStore::apply_effects(const protocol::RecordEnvelope& r, const std::string& device_id, const DeviceInfo& sender,
                            std::int64_t seq, EffectStatements& st) {
  if (r.kind == protocol::to_string(protocol::RecordKind::checkin)) {
    const auto in = protocol::decode_body<protocol::CheckInBody>(r.body);
    // A check-out may have arrived first (records travel in order, but a check-in can be parked and repaired):
    // the first one from a kiosk that may close this sitting.
    std::optional<std::string> checkout;
    st.find_checkouts.bind(1, r.uuid);
    while (!checkout && st.find_checkouts.step()) {
      const auto out = protocol::decode_body<protocol::CheckOutBody>(st.find_checkouts.text(0));
      if (may_close(device_id, sender.hall, in.official_id, st.find_checkouts.text(1), st.find_checkouts.text(2),
                    out.official_id))
        checkout = out.checkout_at;
    }
    st.find_checkouts.reset();
    st.insert_sitting.bind(1, r.uuid).bind(2, in.official_id).bind(3, in.window_id).bind(4, in.schedule_id)
        .bind(5, in.checkin_at).bind(6, checkout).bind(7, seq).run();
  } else if (r.kind == protocol::to_string(protocol::RecordKind::checkout)) {
    const auto out = protocol::decode_body<protocol::CheckOutBody>(r.body);
    st.close_sitting.bind(1, out.checkout_at).bind(2, seq).bind(3, out.sitting_uuid).run();
  } else if (r.kind == protocol::to_string(protocol::RecordKind::pin_attempt)) {
    // Every kiosk's attempts count together, so guessing on many kiosks is no faster than on one.
    count_pin_attempts(db_, protocol::decode_body<protocol::PinAttemptBody>(r.body).official_id, seq);
  }
  // Kinds without effects on the feed (ratings, reports, …) are only stored.
}

std::vector<protocol::RecordResult> HqStore::ingest(const std::string& device_id,
                                                    const std::vector<protocol::RecordEnvelope>& records) {
  std::vector<protocol::RecordResult> out;
  out.reserve(records.size());
  const std::int64_t now = clock_.now();
  const std::int64_t now_ms = clock_.now_ms();
  std::lock_guard<std::mutex> lock(mutex_);
  Transaction t(db_);
  DeviceInfo sender;
  {
    Stmt d(db_, "SELECT coalesce(kiosk_number, 0), hall FROM devices WHERE id=?");
    d.bind(1, device_id);
    if (d.step()) sender = {static_cast<int>(d.integer(0)), d.text(1)};
  }
  const std::int64_t seq = bump_seq();
  Stmt ins(db_,
           "INSERT OR IGNORE INTO records(uuid,kind,device_id,created_at,day,body,received_at,subject,receipt,hall_date,"
           "seq,level,target_kind,target_id,target_name) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
  Stmt refused(db_,
               "INSERT OR REPLACE INTO refused_records(device_id, uuid, seq, reason, received_at) VALUES(?,?,?,?,?)");
  EffectStatements effects(db_);
  CaseOpener cases(db_);
  AlertRaiser alerts(db_, hall_clock());
  MisuseCheck misuse(db_, now);
  for (const auto& r : records) {
    if (auto reason = protocol::validate_record(r)) {
      out.push_back({r.uuid, protocol::RecordStatus::invalid, *reason});
      if (r.seq && protocol::is_uuid(r.uuid))
        refused.bind(1, device_id).bind(2, r.uuid).bind(3, *r.seq).bind(4, reason->substr(0, 500)).bind(5, now).run();
      continue;
    }
    effects.held.bind(1, r.uuid);
    const bool held = effects.held.step();
    effects.held.reset();
    if (held) {
      out.push_back({r.uuid, protocol::RecordStatus::duplicate, {}});
      continue;
    }
    // A kiosk speaks only for itself: its own receipts, and sittings it may close.
    if (auto reason = ownership_problem(r, device_id, sender, effects)) {
      out.push_back({r.uuid, protocol::RecordStatus::invalid, *reason});
      // Parked at the kiosk like any refused record: its number is no gap.
      if (r.seq)
        refused.bind(1, device_id).bind(2, r.uuid).bind(3, *r.seq).bind(4, reason->substr(0, 500)).bind(5, now).run();
      continue;
    }
    const std::int64_t created = *protocol::parse_timestamp(r.created_at);
    const std::string body = r.body.dump();
    const BodyColumns c = columns_of(r.kind, body);
    ins.bind(1, r.uuid).bind(2, r.kind).bind(3, device_id).bind(4, created).bind(5, protocol::utc_date(created))
        .bind(6, body).bind(7, now).bind(8, c.subject).bind(9, c.receipt).bind(10, c.hall_date)
        .bind(11, r.seq).bind(12, c.level).bind(13, c.target_kind).bind(14, c.target_id).bind(15, c.target_name);
    ins.step();
    ins.reset();
    if (db_.changes() == 0) {
      out.push_back({r.uuid, protocol::RecordStatus::duplicate, {}});
      continue;
    }
    apply_effects(r, device_id, sender, seq, effects);
    cases.opened(r.kind, r.uuid, body);
    alerts.raised(r.kind, r.uuid, body);
    if (c.level) misuse.rated(r.uuid, device_id, *c.target_kind, *c.target_id, created);
    if (c.level) queue_forward(db_, r.uuid, now_ms);
    out.push_back({r.uuid, protocol::RecordStatus::accepted, {}});
  }
  t.commit();
  return out;
}

void HqStore::import_reference(const protocol::ReferenceData& data) {
  // The one encoder gives each row its wire shape; rows are kept as that JSON.
  if (auto p = protocol::reference_problem(data)) throw AdminError("refused, nothing stored: " + *p);
  const std::vector<protocol::ReferenceRow> rows = protocol::reference_rows(data);
  std::lock_guard<std::mutex> lock(mutex_);
  Transaction t(db_);
  const std::int64_t seq = bump_seq();
  Stmt up(db_,
          "INSERT INTO reference(tbl,id,body,seq) VALUES(?,?,?,?) ON CONFLICT(tbl,id) DO UPDATE SET "
          "body=excluded.body, seq=excluded.seq WHERE reference.body IS NOT excluded.body");
  for (const auto& row : rows) up.bind(1, row.table).bind(2, row.id).bind(3, row.json).bind(4, seq).run();
  for (const char* tbl : kRowTables) {
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
  std::shared_ptr<const protocol::ReferenceData> rows;
  std::shared_ptr<const std::string> text;
  std::vector<protocol::ReportUpdate> answers;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    Transaction t(db_);  // one snapshot: the cursor matches the rows
    const auto number = [&](const char* sql) {
      Stmt s(db_, sql);
      return s.step() ? s.integer(0) : std::int64_t{0};
    };
    const std::int64_t current = number("SELECT value FROM meta WHERE key='seq'");
    const FeedCursor cursor = parse_feed_cursor(cursor_text, current);
    const std::string today = hall_clock().today();
    // Every kiosk's full snapshot is the same but for its report answers, and changes only with the reference rows,
    // the sittings and the day (not with the records every upload brings): built and encoded once for them, so
    // many kiosks asking at once (after an HQ restore) cost one build and hold the lock for a look-up. Its cursor
    // stays the build's: what came after is records, or answers given again in the next pull.
    const std::string key = cursor.full ? std::to_string(number("SELECT max(seq) FROM reference")) + "." +
                                              std::to_string(number("SELECT max(seq) FROM sittings")) + "." + today
                                        : std::string();
    if (cursor.full && snapshot_rows_ && snapshot_key_ == key) {
      rows = snapshot_rows_;
      text = snapshot_text_;
    } else {
      rows = std::make_shared<const protocol::ReferenceData>(feed_rows(db_, cursor, current, today));
      if (cursor.full) {
        text = std::make_shared<const std::string>(protocol::encode_reference(*rows));
        snapshot_rows_ = rows, snapshot_text_ = text, snapshot_key_ = key;
      }
    }
    answers = feed_report_updates(db_, cursor, today, device_id);
    t.commit();
  }
  if (text && answers.empty()) return *text;
  // Encoded outside the lock: uploads do not wait on it.
  if (answers.empty()) return protocol::encode_reference(*rows);
  protocol::ReferenceData feed = *rows;
  feed.report_updates = std::move(answers);
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
