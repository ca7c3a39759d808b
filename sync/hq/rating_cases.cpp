#include "sync/hq/rating_cases.h"

#include <algorithm>

#include "sync/common/installed_assets.h"
#include "sync/hq/audit.h"
#include "sync/hq/export_lookup.h"
#include "sync/hq/forward_events.h"
#include "sync/protocol/record_bodies.h"

namespace hq {

using nlohmann::json;
using protocol::CaseState;
using sync_db::Db;
using sync_db::Stmt;
using sync_db::Transaction;

namespace {

constexpr const char* kKind = "rating";

// A rating's UUID as HQ keys it (lower case); NotFound for text that cannot be one.
std::string rating_key(const std::string& id) {
  std::string k = id;
  for (char& c : k) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (k.empty() || k.size() > 64 || k.find_first_not_of("0123456789abcdef-") != std::string::npos)
    throw NotFound(phrase("hq.case.no_rating"));
  return k;
}

// A case row as stored.
struct CaseRow {
  std::int64_t id = 0;
  std::string uuid, department_id, hall_date, state, state_since;
  std::optional<std::string> deadline, appeal_ground, appeal_reason, appeal_state, appeal_by, appeal_at,
      appeal_decided_by, appeal_decided_at, appeal_note;
  std::string body, created_at;
};

constexpr const char* kColumns =
    "c.id, c.rating_uuid, c.department_id, c.hall_date, c.state, c.state_since, c.deadline, c.appeal_ground, "
    "c.appeal_reason, c.appeal_state, c.appeal_by, c.appeal_at, c.appeal_decided_by, c.appeal_decided_at, "
    "c.appeal_note, r.body";

CaseRow read_row(const Stmt& s) {
  CaseRow c;
  c.id = s.integer(0);
  c.uuid = s.text(1);
  c.department_id = s.text(2);
  c.hall_date = s.text(3);
  c.state = s.text(4);
  c.state_since = s.text(5);
  c.deadline = s.opt_text(6);
  c.appeal_ground = s.opt_text(7);
  c.appeal_reason = s.opt_text(8);
  c.appeal_state = s.opt_text(9);
  c.appeal_by = s.opt_text(10);
  c.appeal_at = s.opt_text(11);
  c.appeal_decided_by = s.opt_text(12);
  c.appeal_decided_at = s.opt_text(13);
  c.appeal_note = s.opt_text(14);
  c.body = s.text(15);
  return c;
}

// The case of a rating the principal sees (NotFound, Forbidden otherwise).
CaseRow load_case(Db& db, const Principal& who, const Departments& d, const std::string& id) {
  const std::string key = rating_key(id);
  Stmt s(db, std::string("SELECT ") + kColumns +
                 " FROM rating_cases c CROSS JOIN records r ON r.uuid=c.rating_uuid WHERE c.rating_uuid=?");
  s.bind(1, key);
  if (!s.step()) {
    Stmt any(db, "SELECT 1 FROM records WHERE kind='rating' AND uuid=?");
    any.bind(1, key);
    if (any.step()) throw AdminError(phrase("hq.case.not_bad"));
    throw NotFound(phrase("hq.case.no_rating"));
  }
  CaseRow c = read_row(s);
  require_sees(who, d, c.department_id, "hq.field.this_rating");
  return c;
}

// What a list row and the detail show alike.
json summary(const CaseRow& c, const Departments& d, const std::string& today) {
  const auto r = protocol::decode_body<protocol::RatingBody>(c.body);
  const auto state = protocol::from_string<CaseState>(c.state).value_or(CaseState::to_verify);
  json j = {{"id", c.uuid},
            {"given_at", r.created_at},
            {"date", c.hall_date},
            {"department", c.department_id.empty() ? "（未知部门）" : d.name(c.department_id)},
            {"department_id", c.department_id},
            {"target", {{"kind", protocol::to_string(r.target_kind)}, {"kind_name", label_zh(r.target_kind)},
                        {"name", r.target_name}}},
            {"level", protocol::to_string(r.level)},
            {"level_name", label_zh(r.level)},
            {"state", c.state},
            {"state_name", label_zh(state)},
            {"state_since", c.state_since},
            {"deadline", or_null(c.deadline)},
            {"overdue", c.deadline && *c.deadline < today},
            {"appeal", or_null(c.appeal_state)},
            {"appeal_name", c.appeal_state ? json(label_zh("case.appeal_state." + *c.appeal_state)) : json()},
            {"has_phone", r.phone.has_value()}};
  return j;
}

void require_change(const Principal& who) {
  if (!who.may_change()) throw Forbidden(phrase("hq.scope.read_only"));
}

std::string object_of(const CaseRow& c) { return "差评 " + c.uuid; }

}  // namespace

json list_rating_cases(HqStore& store, const Principal& who, const CaseQuery& q) {
  check_page(q);
  const std::string today = store.hall_clock().today();
  return store.locked([&](Db& db) {
    refresh_deadlines_after_calendar_change(db);
    const Departments d(db);
    const std::string state =
        q.state.empty() ? "" : protocol::to_string(parse_word<CaseState>(q.state, "state"));
    ListSql sql = list_sql(who, d, q, today, state, "deadline");
    if (!q.appeal.empty())
      sql.where.add("c.appeal_state=?",
                    {std::string(protocol::to_string(parse_word<protocol::AppealState>(q.appeal, "appeal")))});
    return list_page(db, sql, q, "rating_cases", kColumns, " CROSS JOIN records r ON r.uuid=c.rating_uuid", today,
                     [&](const Stmt& s) {
                       const CaseRow c = read_row(s);
                       return std::pair{summary(c, d, today),
                                        (q.by_deadline() ? c.deadline.value_or("") : c.hall_date) + "|" + std::to_string(c.id)};
                     });
  });
}

json rating_case_counts(HqStore& store, const Principal& who) {
  const std::string today = store.hall_clock().today();
  std::vector<std::string> states;
  for (const CaseState st : protocol::all_values<CaseState>()) states.emplace_back(protocol::to_string(st));
  return store.locked([&](Db& db) {
    refresh_deadlines_after_calendar_change(db);
    return case_counts(db, who, today, states,
                       {"rating_case_counts", true, "rating_cases", "rating_cases_by_deadline", "deadline"});
  });
}

json rating_case(HqStore& store, const Principal& who, const std::string& rating_uuid) {
  const HallClock clock = store.hall_clock();
  const std::string today = clock.today();
  return store.locked([&](Db& db) {
    refresh_deadlines_after_calendar_change(db);
    const Departments d(db);
    const CaseRow c = load_case(db, who, d, rating_uuid);
    const auto r = protocol::decode_body<protocol::RatingBody>(c.body);
    const Lookup l = load_lookup(db, common::installed_assets("hall-hqd", HQD_ASSETS_DIR), clock);
    json j = summary(c, d, today);
    json reasons = json::array();
    for (const auto& rid : r.reasons) reasons.push_back(l.reasons.count(rid) ? l.reasons.at(rid) : rid);
    j["reasons"] = reasons;
    j["comment"] = r.comment;
    j["phone"] = r.phone ? json(masked_phone(*r.phone)) : json();
    j["deadlines"] = {{"to_verify", case_deadlines(db).to_verify}, {"rectifying", case_deadlines(db).rectifying},
                      {"answered", case_deadlines(db).answered}};
    if (c.appeal_state)
      j["appeal_detail"] = {{"ground", or_null(c.appeal_ground)},
                            {"ground_name", c.appeal_ground ? json(label_zh("case.appeal." + *c.appeal_ground)) : json()},
                            {"reason", or_null(c.appeal_reason)},
                            {"state", *c.appeal_state},
                            {"by", or_null(c.appeal_by)},
                            {"at", or_null(c.appeal_at)},
                            {"decided_by", or_null(c.appeal_decided_by)},
                            {"decided_at", or_null(c.appeal_decided_at)},
                            {"decision_note", or_null(c.appeal_note)}};
    Stmt f(db, "SELECT note, first_at, updated_at FROM follow_ups WHERE rating_uuid=?");
    f.bind(1, c.uuid);
    j["follow_up"] = f.step() ? json{{"note", f.text(0)}, {"first_at", f.opt_text(1).value_or("")}, {"at", f.text(2)}}
                              : json();
    j["history"] = history(db, kKind, c.uuid, "case.state.");
    return j;
  });
}

void change_rating_state(HqStore& store, const Principal& who, const std::string& rating_uuid,
                         const std::string& state, const std::string& note_text) {
  require_change(who);
  const CaseState to = parse_word<CaseState>(state, "state");
  const std::string note = checked_text(note_text, "hq.field.note");
  const HallClock clock = store.hall_clock();
  store.locked([&](Db& db) {
    Transaction t(db);
    const Departments d(db);
    const CaseRow c = load_case(db, who, d, rating_uuid);
    const CaseState from = protocol::from_string<CaseState>(c.state).value_or(CaseState::to_verify);
    if (c.appeal_state == std::string("approved"))
      throw AdminError(phrase("hq.case.appeal_closed", {}, {{"ground", "case.appeal." + c.appeal_ground.value_or("")}}));
    if (to < from || (to == from && to != CaseState::revisited))
      throw AdminError(phrase("hq.case.state_back", {}, {{"from", protocol::label_key(from)}, {"to", protocol::label_key(to)}}));
    const std::string now = clock.now_iso(), today = clock.today();
    const std::string since = to == from ? c.state_since : today;
    const auto deadline = case_deadline(case_calendar(db), case_deadlines(db), to, c.hall_date, since);
    Stmt(db, "UPDATE rating_cases SET state=?, state_since=?, deadline=?, updated_at=? WHERE id=?")
        .bind(1, protocol::to_string(to)).bind(2, since).bind(3, deadline).bind(4, now).bind(5, c.id).run();
    if (to == CaseState::revisited)  // the 回访 the exports and the purge read
      Stmt(db,
           "INSERT INTO follow_ups(rating_uuid,note,updated_at,first_at) VALUES(?1,?2,?3,?3) ON CONFLICT(rating_uuid) "
           "DO UPDATE SET note=excluded.note, updated_at=excluded.updated_at")
          .bind(1, c.uuid).bind(2, note).bind(3, now).run();
    // The 整改 fed back and the first 回访 go on to the provincial platform (forward_events.h); a case moved straight
    // to 已回访 has its 整改 fed back with the same note.
    if (to >= CaseState::answered && from < CaseState::answered)
      queue_forward_event(db, protocol::to_string(CaseState::answered), c.uuid, note, now, store.clock().now_ms());
    if (to == CaseState::revisited && from != CaseState::revisited)
      queue_forward_event(db, protocol::to_string(CaseState::revisited), c.uuid, note, now, store.clock().now_ms());
    add_history(db, now, kKind, c.uuid, who, "state", c.state, std::string(protocol::to_string(to)), note);
    audit(db, clock, who, "rating.state", object_of(c), label_zh(from), label_zh(to) + "：" + note);
    t.commit();
  });
}

void appeal_rating(HqStore& store, const Principal& who, const std::string& rating_uuid, const std::string& ground_word,
                   const std::string& reason_text) {
  require_change(who);
  const auto ground = parse_word<protocol::AppealGround>(ground_word, "ground");
  const std::string reason = checked_text(reason_text, "hq.field.reason");
  const HallClock clock = store.hall_clock();
  store.locked([&](Db& db) {
    Transaction t(db);
    const Departments d(db);
    const CaseRow c = load_case(db, who, d, rating_uuid);
    if (c.appeal_state == std::string("pending")) throw AdminError(phrase("hq.case.appeal_pending"));
    if (c.appeal_state == std::string("approved")) throw AdminError(phrase("hq.case.appeal_approved"));
    const std::string now = clock.now_iso();
    Stmt(db,
         "UPDATE rating_cases SET appeal_ground=?, appeal_reason=?, appeal_state='pending', appeal_by=?, appeal_at=?, "
         "appeal_decided_by=NULL, appeal_decided_at=NULL, appeal_note=NULL, updated_at=? WHERE id=?")
        .bind(1, protocol::to_string(ground)).bind(2, reason).bind(3, who.login).bind(4, now).bind(5, now).bind(6, c.id)
        .run();
    add_history(db, now, kKind, c.uuid, who, "appeal", std::nullopt, std::nullopt, label_zh(ground) + "：" + reason);
    audit(db, clock, who, "rating.appeal", object_of(c), c.appeal_state ? label_zh("case.appeal_state." + *c.appeal_state) : "",
          label_zh(protocol::AppealState::pending) + "（" + label_zh(ground) + "）：" + reason);
    t.commit();
  });
}

void decide_appeal(HqStore& store, const Principal& who, const std::string& rating_uuid, bool approve,
                   const std::string& note_text) {
  require_change(who);
  if (who.role != Role::admin) throw Forbidden(phrase("hq.case.admin_decides"));
  const std::string note = checked_text(note_text, "hq.field.note", true);
  const HallClock clock = store.hall_clock();
  store.locked([&](Db& db) {
    Transaction t(db);
    const Departments d(db);
    const CaseRow c = load_case(db, who, d, rating_uuid);
    if (c.appeal_state != std::string("pending")) throw AdminError(phrase("hq.case.no_appeal"));
    const std::string now = clock.now_iso();
    const auto decided = approve ? protocol::AppealState::approved : protocol::AppealState::rejected;
    Stmt(db,
         std::string("UPDATE rating_cases SET appeal_state=?, appeal_decided_by=?, appeal_decided_at=?, appeal_note=?, "
                     "updated_at=?") +
             (approve ? ", deadline=NULL" : "") + " WHERE id=?")
        .bind(1, protocol::to_string(decided)).bind(2, who.login).bind(3, now).bind(4, note).bind(5, now).bind(6, c.id)
        .run();
    add_history(db, now, kKind, c.uuid, who, approve ? "appeal_approved" : "appeal_rejected", std::nullopt, std::nullopt,
                label_zh(decided) + (note.empty() ? "" : "：" + note));
    audit(db, clock, who, "rating.appeal_decision", object_of(c), label_zh(protocol::AppealState::pending),
          label_zh(decided) + (note.empty() ? "" : "：" + note));
    t.commit();
  });
}

std::string reveal_rating_phone(HqStore& store, const Principal& who, const std::string& rating_uuid) {
  if (!who.may_change()) throw Forbidden(phrase("hq.case.viewer_phone"));
  const HallClock clock = store.hall_clock();
  return store.locked([&](Db& db) {
    Transaction t(db);
    const Departments d(db);
    const CaseRow c = load_case(db, who, d, rating_uuid);
    const auto r = protocol::decode_body<protocol::RatingBody>(c.body);
    if (!r.phone) throw NotFound(phrase("hq.case.no_phone"));
    audit(db, clock, who, "rating.reveal_phone", object_of(c), "", "号码已显示");
    t.commit();
    return *r.phone;
  });
}

CaseDeadlines rating_deadlines(HqStore& store) {
  return store.locked([&](Db& db) { return case_deadlines(db); });
}

void set_rating_deadlines(HqStore& store, const Principal& who, const CaseDeadlines& to) {
  if (who.role != Role::admin) throw Forbidden(phrase("hq.case.admin_deadlines"));
  for (const int v : {to.to_verify, to.rectifying, to.answered})
    if (v < 1 || v > kMaxDeadlineDays)
      throw AdminError(phrase("hq.case.deadline_range", {{"max", std::to_string(kMaxDeadlineDays)}}));
  const HallClock clock = store.hall_clock();
  store.locked([&](Db& db) {
    Transaction t(db);
    const CaseDeadlines from = case_deadlines(db);
    auto text = [](const CaseDeadlines& x) {
      return "核实" + std::to_string(x.to_verify) + "、整改" + std::to_string(x.rectifying) + "、回访" +
             std::to_string(x.answered) + "个工作日";
    };
    store_case_deadlines(db, to);
    audit(db, clock, who, "rating.deadlines", "差评处置期限", text(from), text(to));
    t.commit();
  });
}

}  // namespace hq
