#include "sync/hq/export_tables.h"

#include <array>
#include <map>
#include <tuple>

#include "sync/hq/export_cells.h"

namespace hq {

using protocol::decode_body;
using sync_db::Db;
using sync_db::Stmt;

// --- 好差评: counts per target, 好评率, every 差评 with its reasons, 回访 and deadline, and 回访 per department. ---
std::vector<Sheet> rating_tables(Db& db, const Lookup& l, const ExportOptions& o) {
  const std::string today = l.today;
  Sheet sum = bureau_sheet(l, o, export_word(l, "export.ratings.name"), export_word(l, "export.ratings.title"),
                           {export_word(l, "export.ratings.rule")});
  Sheet bad, follow;
  sum.headers = export_words(l, {"export.col.department", "export.ratings.col.target_kind", "export.ratings.col.target"});
  for (const protocol::Level level : protocol::all_values<protocol::Level>()) sum.headers.push_back(l.labels.of(level));
  sum.headers.push_back(export_word(l, "export.total"));
  sum.headers.push_back(export_word(l, "export.ratings.col.good_rate"));
  sum.widths = {20, 12, 24, 10, 8, 10, 8, 12, 8, 10};
  sum.numeric = {false, false, false, true, true, true, true, true, true, false};
  const std::string deadline_rule = export_word(
      l, "export.ratings.deadline_rule", {{"days", std::to_string(o.follow_up_days)}, {"today", chinese_date(today)}});
  bad.name = export_word(l, "export.ratings.bad.name");
  bad.title = export_word(l, "export.ratings.bad.title");
  bad.meta = {sum.meta[0], sum.meta[1], deadline_rule, calendar_meta(l)};
  bad.headers = export_words(l, {"export.col.seq", "export.ratings.col.time", "export.col.department",
                                 "export.ratings.col.target", "export.ratings.col.level", "export.ratings.col.reasons",
                                 "export.ratings.col.comment", "export.ratings.col.phone", "export.ratings.col.follow_up",
                                 "export.ratings.col.uuid", "export.ratings.col.deadline", "export.col.overdue_days"});
  bad.widths = {6, 18, 20, 22, 12, 30, 30, 14, 30, 38, 12, 12};
  bad.numeric = {true};
  bad.numeric.resize(bad.headers.size(), false);
  bad.numeric.back() = true;
  follow.name = export_word(l, "export.ratings.follow.name");
  follow.title = export_word(l, "export.ratings.follow.title");
  follow.meta = bad.meta;
  follow.headers = export_words(l, {"export.col.department", "export.ratings.col.bad", "export.ratings.col.followed",
                                    "export.ratings.col.followed_late", "export.ratings.col.not_followed",
                                    "export.ratings.col.not_followed_late"});
  follow.widths = {24, 10, 10, 14, 10, 16};
  follow.numeric = {false, true, true, true, true, true};
  struct Key {
    int sort;
    std::string dept, kind, name;
    bool operator<(const Key& k) const { return std::tie(sort, dept, kind, name) < std::tie(k.sort, k.dept, k.kind, k.name); }
  };
  std::map<Key, std::array<std::int64_t, 5>> counts;
  // Per department: 差评, followed up, followed up late, not followed up, not followed up and past the deadline.
  std::map<std::pair<int, std::string>, std::array<std::int64_t, 5>> follow_ups;
  for (const auto& [id, d] : l.departments)
    if (in_scope(o, id)) follow_ups[{l.department_sort(id), id}] = {};
  const auto key_of = [&](const protocol::RatingBody& r, const std::string& dept) {
    return Key{l.department_sort(dept), dept, l.labels.of(r.target_kind), r.target_name};
  };
  // Every rating counted from its typed columns (schema 18), a day's targets and levels at a time (in the index's
  // order, so SQLite sorts nothing); only the 差评 are read whole below.
  each_in_period(db,
                 "SELECT target_kind, target_id, target_name, level, count(*) FROM records INDEXED BY "
                 "records_ratings_by_day WHERE kind='rating' AND hall_date BETWEEN ? AND ? "
                 "GROUP BY hall_date, target_kind, target_id, target_name, level",
                 o, [&](Stmt& s) {
                   protocol::RatingBody r;
                   r.target_kind = protocol::from_string<protocol::TargetKind>(s.text(0)).value_or(r.target_kind);
                   r.target_id = s.text(1);
                   r.target_name = s.text(2);
                   const auto level = protocol::from_string<protocol::Level>(s.text(3));
                   const std::string dept = target_department(l, r);
                   if (!level || !in_scope(o, dept)) return;
                   counts[key_of(r, dept)][static_cast<std::size_t>(*level)] += s.integer(4);
                 });
  const char* sql =
      "SELECT r.uuid, r.body, f.note, f.first_at, c.appeal_state, c.appeal_ground FROM records r INDEXED BY "
      "records_bad_ratings_by_day LEFT JOIN follow_ups f ON f.rating_uuid=r.uuid LEFT JOIN rating_cases c ON "
      "c.rating_uuid=r.uuid WHERE r.kind='rating' AND r.level IN ('dissatisfied', 'very_dissatisfied') AND "
      "r.hall_date BETWEEN ? AND ? ORDER BY r.created_at, r.uuid";
  each_in_period(db, sql, o, [&](Stmt& s) {
    const auto r = decode_body<protocol::RatingBody>(s.text(1));
    const std::string dept = target_department(l, r);
    if (!in_scope(o, dept)) return;
    // A 差评 the bureau found 恶意 or 误评 on a department's 申诉 is listed, and counted nowhere.
    const bool void_appeal = s.opt_text(4) == std::string("approved");
    if (void_appeal) {
      auto& c = counts[key_of(r, dept)];
      --c[static_cast<std::size_t>(r.level)];
      const auto ground = protocol::from_string<protocol::AppealGround>(s.text(5)).value_or(protocol::AppealGround::mistaken);
      bad.rows.push_back({std::to_string(bad.rows.size() + 1), r.created_at.substr(0, 10) + " " + hhmm(r.created_at),
                          dept.empty() ? "" : l.department_name(dept), r.target_name, l.labels.of(r.level),
                          reason_text(l, r), r.comment, masked(r.phone.value_or("")),
                          export_word(l, "export.ratings.voided", {{"approved", l.labels.of(protocol::AppealState::approved)},
                                                                    {"ground", l.labels.of(ground)}}),
                          s.text(0), "", ""});
      return;
    }
    const std::string reasons = reason_text(l, r);
    const auto note = s.opt_text(2);
    const std::string& ts = r.created_at;
    const std::string followed = note ? l.hall.date(s.text(3)) : "";
    // Due within follow_up_days working days; late by the working days after it, until the 回访 or until today.
    const std::string deadline = follow_up_deadline(l, r, o);
    const std::string late = working_days(l, deadline, note ? followed : today);
    auto& tally = follow_ups[{l.department_sort(dept), dept}];
    ++tally[0];
    ++tally[note ? 1 : 3];
    if (!late.empty() && late != "0") ++tally[note ? 2 : 4];
    bad.rows.push_back({std::to_string(bad.rows.size() + 1), ts.substr(0, 10) + " " + hhmm(ts),
                        dept.empty() ? "" : l.department_name(dept), r.target_name, l.labels.of(r.level), reasons,
                        r.comment, masked(r.phone.value_or("")),
                        note ? export_word(l, "export.ratings.followed", {{"date", followed}, {"note", *note}})
                             : export_word(l, "export.ratings.not_followed"), s.text(0), deadline,
                        late});
  });
  // A target whose every rating was a 差评 voided on 申诉 has no row, as it has no rating that counts.
  std::erase_if(counts, [](const auto& kv) {
    for (const auto v : kv.second)
      if (v != 0) return false;
    return true;
  });
  std::array<std::int64_t, 5> dept_total{}, grand{};
  std::string current;
  bool any = false;
  auto total_row = [&](const std::string& label, const std::array<std::int64_t, 5>& c) {
    std::int64_t t = 0;
    for (auto v : c) t += v;
    std::vector<std::string> row = {label, "", ""};
    for (auto v : c) row.push_back(std::to_string(v));
    row.push_back(std::to_string(t));
    row.push_back(percent(c[0] + c[1] + c[2], t));
    sum.rows.push_back(std::move(row));
  };
  for (const auto& [key, c] : counts) {
    if (any && key.dept != current) {
      total_row(export_word(l, "export.subtotal", {{"department", l.department_name(current)}}), dept_total);
      dept_total = {};
    }
    current = key.dept;
    any = true;
    std::int64_t t = 0;
    for (std::size_t i = 0; i < 5; ++i) {
      t += c[i];
      dept_total[i] += c[i];
      grand[i] += c[i];
    }
    std::vector<std::string> row = {key.dept.empty() ? export_word(l, "export.unknown_department") : l.department_name(key.dept),
                                    key.kind, key.name};
    for (auto v : c) row.push_back(std::to_string(v));
    row.push_back(std::to_string(t));
    row.push_back(percent(c[0] + c[1] + c[2], t));
    sum.rows.push_back(std::move(row));
  }
  if (any) total_row(export_word(l, "export.subtotal", {{"department", l.department_name(current)}}), dept_total);
  total_row(export_word(l, "export.total"), grand);
  std::array<std::int64_t, 5> all{};
  for (const auto& [key, c] : follow_ups) {
    std::vector<std::string> row = {key.second.empty() ? export_word(l, "export.unknown_department")
                                                        : l.department_name(key.second)};
    for (std::size_t i = 0; i < c.size(); ++i) {
      row.push_back(std::to_string(c[i]));
      all[i] += c[i];
    }
    follow.rows.push_back(std::move(row));
  }
  follow.rows.push_back({export_word(l, "export.total")});
  for (auto v : all) follow.rows.back().push_back(std::to_string(v));
  return {sum, bad, follow};
}

}  // namespace hq
