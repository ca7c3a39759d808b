#include "sync/hq/report_cases.h"

#include "sync/hq/handling_rating.h"

#include "sync/common/installed_assets.h"
#include "sync/hq/audit.h"
#include "sync/protocol/damm.h"
#include "sync/protocol/record_bodies.h"

namespace hq {

using nlohmann::json;
using protocol::ReportState;
using sync_db::Db;
using sync_db::Stmt;
using sync_db::Transaction;

namespace {

constexpr const char* kKind = "report";

struct CaseRow {
  std::int64_t id = 0;
  std::string receipt, department_id, hall_date, state, promised;
  std::optional<std::string> open_deadline, reply, updated_at, done_at;
  std::string body;
};

constexpr const char* kColumns =
    "c.id, c.receipt, c.department_id, c.hall_date, c.state, c.promised, c.open_deadline, u.reply, u.updated_at, "
    "u.done_at, r.body";
constexpr const char* kJoins =
    " CROSS JOIN records r ON r.receipt=c.receipt AND r.kind='report' LEFT JOIN report_status u ON u.receipt=c.receipt";

CaseRow read_row(const Stmt& s) {
  CaseRow c;
  c.id = s.integer(0);
  c.receipt = s.text(1);
  c.department_id = s.text(2);
  c.hall_date = s.text(3);
  c.state = s.text(4);
  c.promised = s.text(5);
  c.open_deadline = s.opt_text(6);
  c.reply = s.opt_text(7);
  c.updated_at = s.opt_text(8);
  c.done_at = s.opt_text(9);
  c.body = s.text(10);
  return c;
}

CaseRow load_case(Db& db, const Principal& who, const Departments& d, const std::string& typed) {
  const std::string receipt = receipt_digits(typed);
  Stmt s(db, std::string("SELECT ") + kColumns + " FROM report_cases c" + kJoins + " WHERE c.receipt=?");
  s.bind(1, receipt);
  if (!s.step()) throw NotFound(phrase("hq.case.no_report", {{"receipt", receipt}}));
  CaseRow c = read_row(s);
  require_sees(who, d, c.department_id, "hq.field.this_report");
  return c;
}

json summary(const CaseRow& c, const Departments& d, const std::string& today) {
  const auto r = protocol::decode_body<protocol::ReportBody>(c.body);
  const auto state = protocol::from_string<ReportState>(c.state).value_or(ReportState::submitted);
  return {{"receipt", c.receipt},
          {"filed_at", r.created_at},
          {"date", c.hall_date},
          {"department", d.name(c.department_id)},
          {"department_id", c.department_id},
          {"reported_department", d.name(r.department_id)},
          {"item", r.item_name},
          {"kind", protocol::to_string(r.report_kind)},
          {"kind_name", label_zh(r.report_kind)},
          {"state", c.state},
          {"state_name", label_zh(state)},
          {"promised", c.promised},
          {"overdue", c.open_deadline && *c.open_deadline < today},
          {"has_phone", r.phone.has_value()}};
}

}  // namespace

std::string receipt_digits(const std::string& typed) {
  std::string digits;
  for (std::size_t i = 0; i < typed.size(); ++i) {
    const char c = typed[i];
    if (c >= '0' && c <= '9') digits += c;
    else if (c == ' ' || c == '-' || c == '\t') continue;
    else if (typed.compare(i, 3, "\xE3\x80\x80") == 0 || typed.compare(i, 3, "\xEF\xBC\x8D") == 0) i += 2;  // 　 －
    else throw AdminError(phrase("hq.case.receipt_digits"));
    if (digits.size() > 12) break;
  }
  if (digits.size() != 12) throw AdminError(phrase("hq.case.receipt_digits"));
  if (!protocol::damm_valid(digits))
    throw AdminError(phrase("hq.case.receipt_check", {{"receipt", digits}}));
  return digits;
}

json list_report_cases(HqStore& store, const Principal& who, const CaseQuery& q) {
  check_page(q);
  if (!q.appeal.empty()) throw AdminError(phrase("hq.case.report_no_appeal"));
  const std::string today = store.hall_clock().today();
  return store.locked([&](Db& db) {
    const Departments d(db);
    const std::string state =
        q.state.empty() ? "" : protocol::to_string(parse_word<ReportState>(q.state, "state"));
    return list_page(db, list_sql(who, d, q, today, state, "open_deadline"), q, "report_cases", kColumns, kJoins, today,
                     [&](const Stmt& s) {
                       const CaseRow c = read_row(s);
                       return std::pair{summary(c, d, today), (q.by_deadline() ? c.open_deadline.value_or("") : c.hall_date) +
                                                                  "|" + std::to_string(c.id)};
                     });
  });
}

json report_case_counts(HqStore& store, const Principal& who) {
  const std::string today = store.hall_clock().today();
  std::vector<std::string> states;
  for (const ReportState st : protocol::all_values<ReportState>()) states.emplace_back(protocol::to_string(st));
  return store.locked([&](Db& db) {
    return case_counts(db, who, today, states,
                       {"report_case_counts", false, "report_cases", "report_cases_by_deadline", "open_deadline"});
  });
}

json report_case(HqStore& store, const Principal& who, const std::string& receipt) {
  const std::string today = store.hall_clock().today();
  return store.locked([&](Db& db) {
    const Departments d(db);
    const CaseRow c = load_case(db, who, d, receipt);
    const auto r = protocol::decode_body<protocol::ReportBody>(c.body);
    json j = summary(c, d, today);
    j["description"] = r.description;
    j["promised_at_kiosk"] = r.due_date;
    j["name"] = r.name ? json(masked_name(*r.name)) : json();
    j["phone"] = r.phone ? json(masked_phone(*r.phone)) : json();
    j["reply"] = c.reply.value_or("");
    j["updated_at"] = or_null(c.updated_at);
    j["done_at"] = or_null(c.done_at);
    j["history"] = history(db, kKind, c.receipt, "query.status.");
    const auto rated = handling_rating(db, c.receipt);
    j["citizen_rating"] = rated ? json{{"level", protocol::to_string(rated->level)}, {"comment", rated->comment},
                                       {"at", store.hall_clock().minute(rated->at)}}
                                : json();
    return j;
  });
}

void change_report(HqStore& store, const Principal& who, const std::string& receipt, const ReportChange& ch) {
  if (!who.may_change()) throw Forbidden(phrase("hq.scope.read_only"));
  const auto to = parse_word<ReportState>(ch.state, "state");
  if (to == ReportState::submitted) throw AdminError(phrase("hq.case.report_state"));
  std::optional<std::string> reply;
  if (ch.reply) reply = checked_text(*ch.reply, "hq.field.reply", true);
  const std::string note = checked_text(ch.note, "hq.field.note", true);
  check_date(ch.promised, "hq.field.promised");
  const HallClock clock = store.hall_clock();
  store.locked([&](Db& db) {
    Transaction t(db);
    const Departments d(db);
    const CaseRow c = load_case(db, who, d, receipt);
    std::string dept = c.department_id;
    if (!ch.department.empty()) {
      dept = d.id_of(ch.department);
      if (dept != c.department_id && who.role != Role::admin)
        throw Forbidden(phrase("hq.case.admin_hands_on"));
    }
    if (to == ReportState::done && ch.reply_needed_when_done && (reply ? reply->empty() : c.reply.value_or("").empty()))
      throw AdminError(phrase("hq.case.done_needs_reply"));
    const std::string promised = ch.promised.empty() ? c.promised : ch.promised;
    const std::string now = clock.now_iso();
    const std::int64_t seq = store.bump_seq();
    const char* status = protocol::to_string(to);
    // What the kiosk's 进度查询 shows, fed down to the kiosk that took the report (as set-report always did).
    Stmt(db,
         "INSERT INTO report_status(receipt,status,reply,updated_at,seq,done_at) VALUES(?1,?2,coalesce(?3,''),?4,?5,"
         "CASE WHEN ?2='done' THEN ?4 END) ON CONFLICT(receipt) DO UPDATE SET status=excluded.status, "
         "reply=coalesce(?3, report_status.reply), updated_at=excluded.updated_at, seq=excluded.seq, "
         "done_at=CASE WHEN excluded.status<>'done' THEN NULL ELSE coalesce(report_status.done_at, excluded.updated_at) END")
        .bind(1, c.receipt).bind(2, status).bind(3, reply).bind(4, now).bind(5, seq).run();
    Stmt(db, "UPDATE report_cases SET state=?, department_id=?, promised=?, open_deadline=? WHERE id=?")
        .bind(1, status).bind(2, dept).bind(3, promised)
        .bind(4, to == ReportState::done ? std::nullopt : std::optional<std::string>(promised)).bind(5, c.id).run();
    std::string what = label_zh(to);
    if (dept != c.department_id) what += "，转办至" + d.name(dept);
    if (promised != c.promised) what += "，承诺答复日期" + promised;
    if (reply && *reply != c.reply.value_or("")) what += "，答复：" + *reply;
    add_history(db, now, kKind, c.receipt, who, dept != c.department_id ? "transfer" : "state", c.state,
                std::string(status), note.empty() ? what : what + "（" + note + "）");
    audit(db, clock, who, "report.change", "办不成事 " + c.receipt,
          label_zh(protocol::from_string<ReportState>(c.state).value_or(ReportState::submitted)) + "，" +
              d.name(c.department_id),
          what + (note.empty() ? "" : "（" + note + "）"));
    t.commit();
  });
}

json reveal_report_contact(HqStore& store, const Principal& who, const std::string& receipt) {
  if (!who.may_change()) throw Forbidden(phrase("hq.case.viewer_phone"));
  const HallClock clock = store.hall_clock();
  return store.locked([&](Db& db) {
    Transaction t(db);
    const Departments d(db);
    const CaseRow c = load_case(db, who, d, receipt);
    const auto r = protocol::decode_body<protocol::ReportBody>(c.body);
    if (!r.phone && !r.name) throw NotFound(phrase("hq.case.report_no_phone"));
    audit(db, clock, who, "report.reveal_phone", "办不成事 " + c.receipt, "", "号码已显示");
    t.commit();
    return json{{"phone", or_null(r.phone)}, {"name", or_null(r.name)}};
  });
}

}  // namespace hq
