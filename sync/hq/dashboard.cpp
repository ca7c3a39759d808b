#include "sync/hq/dashboard.h"

#include <algorithm>
#include <array>
#include <map>
#include <set>

#include "sync/common/civil_time.h"
#include "sync/hq/case_common.h"
#include "sync/hq/export_lookup.h"
#include "sync/hq/export_tables.h"
#include "sync/hq/good_rate.h"
#include "sync/hq/hq_words.h"
#include "sync/hq/rating_cases.h"
#include "sync/hq/reference_lookup.h"
#include "sync/hq/report_cases.h"
#include "sync/protocol/duty_status.h"

namespace hq {

using nlohmann::json;
using sync_db::Db;
using sync_db::Stmt;

namespace {

constexpr int kMonthsShown = 6;
constexpr int kCasesShown = 8;
constexpr std::size_t kReasonsShown = 8;

json rate(const Tally& t) {
  const auto r = good_rate(t);
  return r ? json(*r) : json();
}

json label_of(protocol::WireEnum auto e) {
  return {{"word", protocol::to_string(e)}, {"label_key", protocol::label_key(e)}};
}

// Today's board: the schedule and the sittings HQ holds for today, matched as the kiosk matches them.
json today_duty(Db& db, const Lookup& l, const Principal& who, std::int64_t& visitors) {
  std::vector<protocol::PlannedSitting> planned;
  for (const auto& e : stored_schedule(db))
    if (e.date == l.today) planned.push_back({e.id, e.date, e.official_id, e.window_id, e.half});
  std::vector<protocol::SittingTimes> sittings;
  Stmt s(db,
         "SELECT r.body, s.checkout_at, o.body FROM records r INDEXED BY records_by_kind_date JOIN sittings s ON "
         "s.uuid=r.uuid LEFT JOIN records o ON o.subject=r.uuid AND o.kind='checkout' WHERE r.kind='checkin' AND "
         "r.hall_date=? ORDER BY r.created_at, r.uuid");
  s.bind(1, l.today);
  visitors = 0;
  while (s.step()) {
    const auto in = protocol::decode_body<protocol::CheckInBody>(s.text(0));
    const auto off = l.officials.find(in.official_id);
    if (!who.sees(l.department_name(off == l.officials.end() ? "" : off->second.department_id))) continue;
    std::optional<std::int64_t> out;
    if (const auto at = s.opt_text(1)) out = protocol::parse_timestamp(*at);
    sittings.push_back({in.schedule_id, in.date, in.official_id, in.window_id, in.half,
                        protocol::parse_timestamp(in.checkin_at).value_or(0), out});
    if (const auto o = s.opt_text(2)) visitors += protocol::decode_body<protocol::CheckOutBody>(*o).visitors;
  }
  json rows = json::array();
  for (const auto& line : protocol::match_duty(planned, sittings)) {
    const auto off = l.officials.find(line.official_id);
    const std::string dept = off == l.officials.end() ? "" : off->second.department_id;
    if (!who.sees(l.department_name(dept))) continue;
    const auto win = l.windows.find(line.window_id);
    json j = {{"half", protocol::to_string(line.half)},
              {"official", off == l.officials.end() ? line.official_id : off->second.name},
              {"title", off == l.officials.end() ? "" : off->second.title},
              {"rank", off == l.officials.end() ? json() : label_of(off->second.rank)},
              {"department", l.department_name(dept)},
              {"window", win == l.windows.end() ? "" : win->second.number},
              {"window_name", win == l.windows.end() ? "" : win->second.name},
              {"planned", !line.schedule_id.empty()},
              {"status", protocol::to_string(line.status)},
              {"since_local", line.since ? json(l.hall.hhmm(line.since)) : json()}};
    rows.push_back(std::move(j));
  }
  return rows;
}

}  // namespace

json dashboard(HqStore& store, const Principal& who, const std::string& assets_dir, const std::string& month_asked) {
  const HallClock hall = store.hall_clock();
  const std::string today = hall.today();
  std::string month = month_asked.empty() ? today.substr(0, 7) : month_asked;
  if (month.size() != 7 || !common::valid_date(month + "-01")) throw AdminError(phrase("hq.dashboard.bad_month"));
  const std::string first_month = month_add(month, 1 - kMonthsShown);
  const std::string from = first_month + "-01", to = month_end(month), month_from = month + "-01";

  // The open cases by deadline come through casework's own lists (their scope, their words).
  CaseQuery open;
  open.open = true;
  open.limit = kCasesShown;
  json rating_cases = list_rating_cases(store, who, open);
  json report_cases = list_report_cases(store, who, open);
  const json rating_counts = rating_case_counts(store, who);
  const json report_counts = report_case_counts(store, who);

  json out = store.locked([&](Db& db) {
    const Lookup l = load_lookup(db, assets_dir, hall);
    const auto visible = [&](const std::string& dept) { return who.sees(l.department_name(dept)); };
    json j;
    j["today"] = today;
    j["now_local"] = hall.hhmm(hall.now());
    j["month"] = month;

    // --- Today.
    std::int64_t visitors = 0;
    j["duty"] = today_duty(db, l, who, visitors);
    Tally today_tally;
    for (const auto& [key, t] : counted(db, l, today, today, 10))
      if (visible(key.second)) today_tally += t;
    std::int64_t reports_today = 0;
    {
      Stmt r(db, "SELECT department_id, count(*) FROM report_cases INDEXED BY report_cases_by_date WHERE hall_date=? "
                 "GROUP BY 1");
      r.bind(1, today);
      while (r.step())
        if (visible(r.text(0))) reports_today += r.integer(1);
    }
    j["today_numbers"] = {{"visitors", visitors}, {"ratings", today_tally.total()}, {"good", today_tally.good},
                          {"bad", today_tally.bad}, {"good_rate", rate(today_tally)}, {"reports", reports_today}};

    // --- 好评率 by department and month, and the month's ranking.
    Tallies by_month_dept = counted(db, l, from, to, 7);
    subtract_voided(db, l, from, to, by_month_dept);
    json months = json::array();
    for (int i = 0; i < kMonthsShown; ++i) months.push_back(month_add(first_month, i));
    std::vector<std::pair<int, std::string>> depts;  // in the hall's order
    for (const auto& [id, d] : l.departments)
      if (visible(id)) depts.push_back({l.department_sort(id), id});
    std::sort(depts.begin(), depts.end());
    json series = json::array();
    for (const auto& [sort, id] : depts) {
      json rates = json::array(), counts = json::array();
      for (const auto& m : months) {
        const auto it = by_month_dept.find({m.get<std::string>(), id});
        const Tally t = it == by_month_dept.end() ? Tally{} : it->second;
        rates.push_back(rate(t));
        counts.push_back(t.total());
      }
      series.push_back({{"department", l.department_name(id)}, {"rates", rates}, {"ratings", counts}});
    }
    j["good_rate"] = {{"months", months}, {"departments", series}};

    // --- The month's top 差评 reasons (voided ones not counted).
    std::map<std::string, std::int64_t> reasons;
    {
      Stmt s(db,
             "SELECT r.body FROM records r INDEXED BY records_bad_ratings_by_day LEFT JOIN rating_cases c ON "
             "c.rating_uuid=r.uuid WHERE r.kind='rating' AND r.level IN ('dissatisfied', 'very_dissatisfied') AND "
             "r.hall_date BETWEEN ? AND ? AND coalesce(c.appeal_state, '') <> 'approved'");
      s.bind(1, month_from).bind(2, to);
      while (s.step()) {
        const auto r = protocol::decode_body<protocol::RatingBody>(s.text(0));
        if (!visible(target_department(l, r))) continue;
        for (const auto& id : r.reasons) ++reasons[l.reasons.count(id) ? l.reasons.at(id) : id];
      }
    }
    std::vector<std::pair<std::int64_t, std::string>> top;
    for (const auto& [text, n] : reasons) top.push_back({-n, text});
    std::sort(top.begin(), top.end());
    json top_reasons = json::array();
    for (std::size_t i = 0; i < top.size() && i < kReasonsShown; ++i)
      top_reasons.push_back({{"reason", top[i].second}, {"n", -top[i].first}});
    j["top_reasons"] = top_reasons;

    // --- The month's 办不成事 by kind, with the median working days from filing to 已办结 of those done.
    std::map<protocol::ReportKind, std::pair<std::int64_t, std::vector<int>>> kinds;
    std::map<std::string, std::int64_t> reports_by_dept;
    {
      Stmt s(db,
             "SELECT r.body, c.department_id, u.status, u.done_at FROM report_cases c INDEXED BY report_cases_by_date CROSS "
             "JOIN records r ON r.receipt=c.receipt AND r.kind='report' LEFT JOIN report_status u ON "
             "u.receipt=c.receipt WHERE c.hall_date BETWEEN ? AND ?");
      s.bind(1, month_from).bind(2, to);
      while (s.step()) {
        if (!visible(s.text(1))) continue;
        ++reports_by_dept[s.text(1)];
        const auto r = protocol::decode_body<protocol::ReportBody>(s.text(0));
        auto& k = kinds[r.report_kind];
        ++k.first;
        if (s.opt_text(2) == std::string("done"))
          if (const std::string done = hall.date(s.opt_text(3).value_or("")); !done.empty())
            k.second.push_back(l.calendar.working_days_between(r.created_at.substr(0, 10), done));
      }
    }
    json report_kinds = json::array();
    for (auto& [kind, v] : kinds) {
      auto& days = v.second;
      json median;
      if (!days.empty()) {
        std::sort(days.begin(), days.end());
        const std::size_t n = days.size();
        median = n % 2 ? json(days[n / 2]) : json((days[n / 2 - 1] + days[n / 2]) / 2.0);
      }
      json k = label_of(kind);
      k["n"] = v.first;
      k["done"] = days.size();
      k["median_days"] = median;
      report_kinds.push_back(std::move(k));
    }
    j["report_kinds"] = report_kinds;

    // --- Sittings per rank against the rule for the period today is in.
    ExportOptions now_period;
    now_period.from = now_period.to = today;
    struct RankTally {
      std::int64_t officials = 0, met = 0, sittings = 0;
      std::string period, first, last;
    };
    std::map<protocol::Rank, RankTally> ranks;
    for (const Standing& st : frequency_standings(db, l, now_period)) {
      if (!visible(st.official->department_id)) continue;
      auto& r = ranks[st.official->rank];
      ++r.officials;
      r.met += st.result == Standing::Result::met ? 1 : 0;
      r.sittings += st.sittings;
      r.period = st.period;
      r.first = st.first;
      r.last = st.last;
    }
    json sittings = json::array();
    for (const auto& [rank, r] : ranks) {
      json k = label_of(rank);
      k.update({{"officials", r.officials}, {"met", r.met}, {"not_yet", r.officials - r.met}, {"sittings", r.sittings},
                {"period", r.period}, {"first", r.first}, {"last", r.last}});
      sittings.push_back(std::move(k));
    }
    j["sittings_by_rank"] = sittings;

    // --- The month's ranking of departments (the 通报): by 好评率, then by how many rated them.
    std::map<std::string, std::int64_t> overdue_by_dept;  // from casework's counts, 差评 and reports together
    for (const json* counts : {&rating_counts, &report_counts})
      for (const auto& d : (*counts)["departments"])
        overdue_by_dept[d["department_id"].get<std::string>()] += d["overdue"].get<std::int64_t>();
    struct Row {
      std::string id;
      Tally t;
    };
    std::vector<Row> rows;
    for (const auto& [sort, id] : depts) {
      const auto it = by_month_dept.find({month, id});
      rows.push_back({id, it == by_month_dept.end() ? Tally{} : it->second});
    }
    // a.good / a.total against b.good / b.total, without dividing: > 0 when a's rate is higher.
    const auto by_rate = [](const Tally& a, const Tally& b) { return a.good * b.total() - b.good * a.total(); };
    std::stable_sort(rows.begin(), rows.end(), [&](const Row& a, const Row& b) {
      if ((a.t.total() > 0) != (b.t.total() > 0)) return a.t.total() > 0;
      const auto c = by_rate(a.t, b.t);
      return c != 0 ? c > 0 : a.t.total() > b.t.total();
    });
    json ranking = json::array();
    int place = 0;
    for (std::size_t i = 0; i < rows.size(); ++i) {
      const Row& r = rows[i];
      const bool tie = i > 0 && r.t.total() > 0 && rows[i - 1].t.total() > 0 && by_rate(r.t, rows[i - 1].t) == 0;
      if (!tie) place = static_cast<int>(i) + 1;
      ranking.push_back({{"place", r.t.total() ? json(place) : json()},
                         {"department", l.department_name(r.id)},
                         {"ratings", r.t.total()},
                         {"good_rate", rate(r.t)},
                         {"bad", r.t.bad},
                         {"reports", reports_by_dept.count(r.id) ? reports_by_dept.at(r.id) : 0},
                         {"overdue", overdue_by_dept.count(r.id) ? overdue_by_dept.at(r.id) : 0}});
    }
    j["ranking"] = ranking;

    // --- Ratings flagged as too fast from one kiosk, waiting for review.
    std::int64_t flagged = 0;
    {
      Stmt s(db, "SELECT target_kind, target_id, count(*) FROM rating_flags WHERE reviewed_at IS NULL GROUP BY 1, 2");
      while (s.step()) {
        const auto kind = protocol::from_string<protocol::TargetKind>(s.text(0));
        if (kind && visible(target_department(l, *kind, s.text(1)))) flagged += s.integer(2);
      }
    }
    j["flagged_ratings"] = flagged;
    return j;
  });
  out["open_cases"] = {{"ratings", {{"items", rating_cases["items"]}, {"counts", rating_counts["all"]}}},
                       {"reports", {{"items", report_cases["items"]}, {"counts", report_counts["all"]}}}};
  out["user"] = {{"login", who.login}, {"role", protocol::to_string(who.role)}, {"department", who.department}};
  return out;
}

}  // namespace hq
