#include "sync/hq/export.h"
#include "sync/common/read_text.h"

#include <xlsxwriter.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <sstream>

#include "sync/hq/admin.h"
#include "sync/hq/csv_text.h"
#include "sync/protocol/calendar.h"
#include "sync/protocol/records.h"
#include "sync/protocol/string_table.h"

namespace hq {
namespace {

using nlohmann::json;
using protocol::CheckInBody;
using protocol::CheckOutBody;
using protocol::decode_body;
using protocol::Level;
using protocol::RatingBody;
using protocol::ReportBody;
using sync_db::Db;
using sync_db::Stmt;

// Master data by id, as the exports need it.
struct Lookup {
  explicit Lookup(const HallClock& hall_clock) : today(hall_clock.today()), hall(hall_clock) {}
  std::map<std::string, json> departments, windows, officials, items;
  std::map<std::string, std::string> reasons;  // reason id → 中文 label
  protocol::StringTable labels;                // assets/i18n/zh-CN.json: the words the kiosks' screens show
  protocol::WorkCalendar calendar;             // HQ's published calendar, the kiosks' shipped one, or Mon–Fri
  enum class CalendarSource { none, shipped, hq } calendar_source = CalendarSource::none;
  std::string today;  // in the hall, when the export is made
  HallClock hall;     // for the hall's dates of HQ's stamps
  std::string department_name(const std::string& id) const {
    auto it = departments.find(id);
    return it == departments.end() ? id : it->second.value("name", id);
  }
  int department_sort(const std::string& id) const {
    auto it = departments.find(id);
    return it == departments.end() ? 9999 : it->second.value("sort", 9999);
  }
};

// A string member of a record or row; "" when it is missing or null (an optional field left empty).
std::string str(const json& j, const char* key) {
  const auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

Lookup load_lookup(Db& db, const std::string& assets_dir, const HallClock& hall) {
  Lookup l(hall);
  // Levels, report kinds, problem sources and ranks in the words the citizen and the official tapped.
  try {
    l.labels.load(assets_dir + "/i18n/zh-CN.json");
  } catch (const std::exception& e) {
    throw AdminError(std::string(e.what()) + " (the kiosks' assets, --assets DIR)");
  }
  // What the kiosks use until HQ publishes its own (a shipped file that cannot be read is simply not used).
  if (!assets_dir.empty()) {
    try {
      if (const auto text = common::read_text(assets_dir + "/reasons/rating_reasons.json"))
        for (const auto& g : protocol::decode_reason_list(*text).groups)
          for (const auto& r : g.reasons) l.reasons[r.id] = r.zh;
      if (const auto text = common::read_text(assets_dir + "/calendar/workdays.json")) {
        l.calendar.load_json(*text);
        l.calendar_source = Lookup::CalendarSource::shipped;
      }
    } catch (const protocol::DecodeError&) {
    }
  }
  {  // every wording ever published, so reasons of a retired list keep their names; the current list wins
    Stmt s(db, "SELECT id, zh FROM reason_labels");
    while (s.step()) l.reasons[s.text(0)] = s.text(1);
  }
  Stmt s(db, "SELECT tbl, id, body FROM reference WHERE body IS NOT NULL");
  while (s.step()) {
    const std::string tbl = s.text(0);
    if (tbl == "calendar") {
      try {
        l.calendar.load_json(s.text(2));
        l.calendar_source = Lookup::CalendarSource::hq;
      } catch (const std::exception& e) {
        throw AdminError(std::string("HQ's working-day calendar cannot be read: ") + e.what());
      }
      continue;
    }
    json body = json::parse(s.text(2));
    if (tbl == "departments") l.departments[s.text(1)] = std::move(body);
    else if (tbl == "windows") l.windows[s.text(1)] = std::move(body);
    else if (tbl == "officials") l.officials[s.text(1)] = std::move(body);
    else if (tbl == "service_items") l.items[s.text(1)] = std::move(body);
    else if (tbl == "reason_list")
      for (const auto& g : body.value("groups", json::array()))
        for (const auto& r : g.value("reasons", json::array())) l.reasons[str(r, "id")] = str(r, "zh");
  }
  return l;
}

// The meta line saying which working days the counts use.
std::string calendar_meta(const Lookup& l) {
  switch (l.calendar_source) {
    case Lookup::CalendarSource::none: return "工作日按周一至周五计算（未导入节假日安排）";
    case Lookup::CalendarSource::shipped:
      return "工作日按终端随附的节假日安排计算（版本 " + l.calendar.version() + "；区行政审批局尚未发布）";
    case Lookup::CalendarSource::hq: break;
  }
  return "工作日按区行政审批局发布的节假日安排计算（版本 " + l.calendar.version() + "）";
}

std::string chinese_date(const std::string& iso) {  // 2026-04-22 → 2026年4月22日
  if (iso.size() < 10) return iso;
  return iso.substr(0, 4) + "年" + std::to_string(std::stoi(iso.substr(5, 2))) + "月" +
         std::to_string(std::stoi(iso.substr(8, 2))) + "日";
}

// Working days after `from` up to `to` as a cell; "" when either is not a date.
std::string working_days(const Lookup& l, const std::string& from, const std::string& to) {
  if (!protocol::valid_date(from) || !protocol::valid_date(to)) return "";
  return std::to_string(l.calendar.working_days_between(from, to));
}

std::string hhmm(const std::string& ts) { return ts.size() >= 16 ? ts.substr(11, 5) : std::string(); }

std::string percent(std::int64_t good, std::int64_t total) {
  if (total == 0) return "";
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.1f%%", 100.0 * static_cast<double>(good) / static_cast<double>(total));
  return buf;
}

std::string numbered(const std::vector<std::string>& parts) {
  if (parts.size() == 1) return parts.front();
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i) out += (i ? "\n" : "") + std::to_string(i + 1) + ". " + parts[i];
  return out;
}

std::string filler_meta(const Lookup& l, const ExportOptions& o) {
  return "填报单位（盖章）：" + (o.department_id.empty() ? std::string("全部部门") : l.department_name(o.department_id));
}

// "统计期间：…至…　　填报日期：…", one line under 填报单位 on the bureau's own tables.
std::string period_line(const Lookup& l, const ExportOptions& o) {
  return "统计期间：" + chinese_date(o.from) + "至" + chinese_date(o.to) + "　　填报日期：" + chinese_date(l.today);
}

// --- 附件3: one row per sitting; several problems of one sitting are numbered within its cells. ---
Sheet attachment3(Db& db, const Lookup& l, const ExportOptions& o) {
  Sheet sh;
  sh.name = "附件3";
  sh.title = "“局长科长坐窗口”活动统计表";
  sh.meta = {filler_meta(l, o), "填报日期：" + chinese_date(l.today),
             "统计期间：" + chinese_date(o.from) + "至" + chinese_date(o.to)};
  sh.headers = {"序号", "时间", "坐窗口人员及职务", "接待企业群众(人次)"};
  constexpr auto kSources = protocol::all_values<protocol::ProblemSource>();
  for (const auto source : kSources) sh.headers.push_back(l.labels.of(source));
  for (const char* h : {"问题描述", "整改措施", "整改完成时间", "责任科室"}) sh.headers.emplace_back(h);
  sh.groups = {{4, 7, l.labels.get("problem.source")}};
  sh.widths = {6, 26, 22, 12, 10, 10, 10, 8, 36, 30, 14, 14};
  sh.numeric = {true, false, false, true};
  sh.numeric.resize(sh.headers.size(), false);
  Stmt s(db,
         "SELECT c.body, o.body FROM records c LEFT JOIN records o ON o.subject=c.uuid AND o.kind='checkout' "
         "WHERE c.kind='checkin' AND c.hall_date BETWEEN ? AND ? ORDER BY c.hall_date, c.created_at, c.uuid");
  s.bind(1, o.from).bind(2, o.to);
  int n = 0;
  while (s.step()) {
    const auto in = decode_body<CheckInBody>(s.text(0));
    const auto out = s.opt_text(1) ? std::optional(decode_body<CheckOutBody>(*s.opt_text(1))) : std::nullopt;
    const std::string& official_id = in.official_id;
    const auto off = l.officials.find(official_id);
    const std::string dept = off == l.officials.end() ? "" : str(off->second, "department_id");
    if (!o.department_id.empty() && dept != o.department_id) continue;
    std::string when = chinese_date(in.date) + l.labels.of(in.half) + " " + hhmm(in.checkin_at) + "—";
    if (!out) when += "（未签退）";
    else {
      when += hhmm(out->checkout_at);
      if (out->auto_closed) when += "（未签退，半日结束时关闭）";
      else if (!out->counts) when += "（不足半个工作日，不计次数）";
    }
    std::string person = off == l.officials.end() ? official_id
                                                  : str(off->second, "name") + " " + str(off->second, "title");
    if (o.department_id.empty() && !dept.empty()) person += "（" + l.department_name(dept) + "）";
    std::vector<std::string> row = {std::to_string(++n), when, person,
                                    out ? std::to_string(out->visitors) : ""};
    std::array<std::vector<std::string>, kSources.size()> marks;
    std::vector<std::string> desc, measure, done, section;
    const std::vector<protocol::Problem> problems = out ? out->problems : std::vector<protocol::Problem>{};
    for (std::size_t i = 0; i < problems.size(); ++i) {
      const protocol::Problem& p = problems[i];
      marks[static_cast<std::size_t>(p.source)].push_back(std::to_string(i + 1));
      desc.push_back(p.description);
      measure.push_back(p.measure);
      done.push_back(p.solved_on_spot ? "当场解决" : p.due_date ? chinese_date(*p.due_date) : "");
      section.push_back(p.section);
    }
    for (const auto& m : marks) {
      std::string cell;
      if (!m.empty() && problems.size() == 1) cell = "√";
      else
        for (const auto& x : m) cell += (cell.empty() ? "√" : "、") + x;
      row.push_back(cell);
    }
    for (const auto* v : {&desc, &measure, &done, &section}) row.push_back(v->empty() ? "" : numbered(*v));
    sh.rows.push_back(std::move(row));
  }
  return sh;
}

// --- 好差评: counts per target, 好评率, every 差评 with its reasons, 回访 and deadline, and 回访 per department. ---
std::string target_department(const Lookup& l, const RatingBody& r) {
  const auto& table = r.target_kind == protocol::TargetKind::official ? l.officials
                      : r.target_kind == protocol::TargetKind::window ? l.windows
                                                                      : l.items;
  auto it = table.find(r.target_id);
  return it == table.end() ? "" : str(it->second, "department_id");
}

// A 差评's reasons by their wording, "；"-separated.
std::string reason_text(const Lookup& l, const RatingBody& r) {
  std::string out;
  for (const auto& rid : r.reasons) out += (out.empty() ? "" : "；") + (l.reasons.count(rid) ? l.reasons.at(rid) : rid);
  return out;
}

// The last day for a 差评's 回访: follow_up_days working days after the day it was given.
std::string follow_up_deadline(const Lookup& l, const RatingBody& r, const ExportOptions& o) {
  const std::string day = r.created_at.substr(0, 10);
  return protocol::valid_date(day) ? l.calendar.add_working_days(day, o.follow_up_days) : "";
}

std::string masked(const std::string& phone) {
  if (phone.size() < 8) return phone;
  return phone.substr(0, 3) + "****" + phone.substr(phone.size() - 4);
}

std::vector<Sheet> ratings(Db& db, const Lookup& l, const ExportOptions& o) {
  const std::string today = l.today;
  Sheet sum, bad, follow;
  sum.name = "好差评汇总";
  sum.title = "好差评情况汇总表";
  sum.meta = {filler_meta(l, o), period_line(l, o),
              "好评率 = (非常满意 + 满意 + 基本满意) ÷ 合计"};
  sum.headers = {"部门", "评价对象类别", "评价对象"};
  for (const Level level : protocol::all_values<Level>()) sum.headers.push_back(l.labels.of(level));
  sum.headers.emplace_back("合计");
  sum.headers.emplace_back("好评率");
  sum.widths = {20, 12, 24, 10, 8, 10, 8, 12, 8, 10};
  sum.numeric = {false, false, false, true, true, true, true, true, true, false};
  const std::string deadline_rule = "回访期限：差评之日起" + std::to_string(o.follow_up_days) +
                                    "个工作日内；逾期未回访的工作日数计至今天（" + chinese_date(today) + "）";
  bad.name = "差评明细";
  bad.title = "差评明细及回访情况";
  bad.meta = {sum.meta[0], sum.meta[1], deadline_rule, calendar_meta(l)};
  bad.headers = {"序号", "评价时间", "部门", "评价对象", "等级",     "原因",
                 "意见", "回访电话", "回访情况", "评价编号", "回访期限", "逾期(工作日)"};
  bad.widths = {6, 18, 20, 22, 12, 30, 30, 14, 30, 38, 12, 12};
  bad.numeric = {true};
  bad.numeric.resize(bad.headers.size(), false);
  bad.numeric.back() = true;
  follow.name = "差评回访情况";
  follow.title = "各部门差评回访情况";
  follow.meta = bad.meta;
  follow.headers = {"部门", "差评数", "已回访", "其中逾期回访", "未回访", "其中逾期未回访"};
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
    if (o.department_id.empty() || id == o.department_id) follow_ups[{l.department_sort(id), id}] = {};
  Stmt s(db,
         "SELECT r.uuid, r.body, f.note, f.first_at FROM records r LEFT JOIN follow_ups f ON f.rating_uuid=r.uuid "
         "WHERE r.kind='rating' AND r.hall_date BETWEEN ? AND ? ORDER BY r.created_at, r.uuid");
  s.bind(1, o.from).bind(2, o.to);
  while (s.step()) {
    const auto r = decode_body<RatingBody>(s.text(1));
    const std::string dept = target_department(l, r);
    if (!o.department_id.empty() && dept != o.department_id) continue;
    ++counts[{l.department_sort(dept), dept, l.labels.of(r.target_kind), r.target_name}]
            [static_cast<std::size_t>(r.level)];
    if (!protocol::is_bad(r.level)) continue;
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
                        note ? "已回访（" + followed + "）：" + *note : std::string("未回访"), s.text(0), deadline,
                        late});
  }
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
      total_row(l.department_name(current) + " 小计", dept_total);
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
    std::vector<std::string> row = {key.dept.empty() ? "（未知部门）" : l.department_name(key.dept), key.kind, key.name};
    for (auto v : c) row.push_back(std::to_string(v));
    row.push_back(std::to_string(t));
    row.push_back(percent(c[0] + c[1] + c[2], t));
    sum.rows.push_back(std::move(row));
  }
  if (any) total_row(l.department_name(current) + " 小计", dept_total);
  total_row("合计", grand);
  std::array<std::int64_t, 5> all{};
  for (const auto& [key, c] : follow_ups) {
    std::vector<std::string> row = {key.second.empty() ? "（未知部门）" : l.department_name(key.second)};
    for (std::size_t i = 0; i < c.size(); ++i) {
      row.push_back(std::to_string(c[i]));
      all[i] += c[i];
    }
    follow.rows.push_back(std::move(row));
  }
  follow.rows.push_back({"合计"});
  for (auto v : all) follow.rows.back().push_back(std::to_string(v));
  return {sum, bad, follow};
}

// --- 办不成事 ledger: 用时 and 逾期 in working days. ---
Sheet reports(Db& db, const Lookup& l, const ExportOptions& o) {
  const std::string today = l.today;
  Sheet sh;
  sh.name = "办不成事台账";
  sh.title = "“办不成事”反映问题台账";
  sh.meta = {filler_meta(l, o), period_line(l, o),
             "用时：提交至办结的工作日数；逾期：晚于承诺答复日期的工作日数，未办结的计至今天（" + chinese_date(today) + "）",
             calendar_meta(l)};
  sh.headers = {"序号", "受理编号", "提交日期", "部门",     "事项",     "问题类型",    "问题描述",
                "承诺答复日期", "状态", "答复", "办结日期", "用时(工作日)", "逾期(工作日)"};
  sh.widths = {6, 16, 12, 20, 24, 14, 36, 14, 10, 36, 12, 12, 12};
  sh.numeric = {true, false, false, false, false, false, false, false, false, false, false, true, true};
  Stmt s(db,
         "SELECT r.body, u.status, u.reply, u.done_at FROM records r LEFT JOIN report_status u ON u.receipt=r.receipt "
         "WHERE r.kind='report' AND r.hall_date BETWEEN ? AND ? ORDER BY r.created_at, r.uuid");
  s.bind(1, o.from).bind(2, o.to);
  while (s.step()) {
    const auto r = decode_body<ReportBody>(s.text(0));
    const std::string& dept = r.department_id;
    if (!o.department_id.empty() && dept != o.department_id) continue;
    const std::string created = r.created_at.substr(0, 10), due = r.due_date;
    std::string status = "待受理";  // HQ has not said anything yet
    bool done = false;
    if (const auto word = s.opt_text(1))
      if (const auto state = protocol::from_string<protocol::ReportState>(*word)) {
        status = l.labels.of(*state);
        done = *state == protocol::ReportState::done;
      }
    // HQ stamps the status in UTC; the hall's date is what the bureau means by 办结日期.
    const std::string done_date = done ? l.hall.date(s.opt_text(3).value_or("")) : "";
    sh.rows.push_back({std::to_string(sh.rows.size() + 1), r.receipt, created, l.department_name(dept), r.item_name,
                       l.labels.of(r.report_kind), r.description, due,
                       status, s.opt_text(2).value_or(""), done_date,
                       done ? working_days(l, created, done_date) : "",
                       done && done_date.empty() ? "" : working_days(l, due, done ? done_date : today)});
  }
  return sh;
}

// --- 回访工作单: open 差评 and 办不成事 reports that left a phone, the phone in full, for whoever calls back. ---
Sheet callbacks(Db& db, const Lookup& l, const ExportOptions& o) {
  const std::string today = l.today;
  Sheet sh;
  sh.name = "回访工作单";
  sh.title = "回访工作单";
  sh.meta = {filler_meta(l, o), period_line(l, o),
             "含完整联系电话，仅供回访使用，用后销毁；回访后请用 hqd follow-up 或 set-report 登记", calendar_meta(l)};
  sh.headers = {"序号", "类别", "编号", "提交日期", "部门", "评价对象/事项", "内容", "姓名", "联系电话", "期限", "逾期(工作日)"};
  sh.widths = {6, 10, 38, 12, 20, 22, 40, 10, 14, 12, 12};
  sh.numeric = {true, false, false, false, false, false, false, false, false, false, true};
  auto add = [&](std::vector<std::string> row) {
    row.insert(row.begin(), std::to_string(sh.rows.size() + 1));
    sh.rows.push_back(std::move(row));
  };
  {
    Stmt s(db,
           "SELECT r.uuid, r.body FROM records r WHERE r.kind='rating' AND "
           "NOT EXISTS (SELECT 1 FROM follow_ups f WHERE f.rating_uuid=r.uuid) AND r.hall_date BETWEEN ? AND ? "
           "ORDER BY r.created_at, r.uuid");
    s.bind(1, o.from).bind(2, o.to);
    while (s.step()) {
      const auto r = decode_body<RatingBody>(s.text(1));
      if (!r.phone) continue;
      const std::string dept = target_department(l, r);
      if (!o.department_id.empty() && dept != o.department_id) continue;
      const std::string deadline = follow_up_deadline(l, r, o);
      add({"差评", s.text(0), r.created_at.substr(0, 10), dept.empty() ? "" : l.department_name(dept), r.target_name,
           l.labels.of(r.level) + "：" + reason_text(l, r) + (r.comment.empty() ? "" : "；" + r.comment), "", *r.phone,
           deadline, working_days(l, deadline, today)});
    }
  }
  Stmt s(db,
         "SELECT r.body FROM records r LEFT JOIN report_status u ON u.receipt=r.receipt "
         "WHERE r.kind='report' AND u.done_at IS NULL AND r.hall_date BETWEEN ? AND ? ORDER BY r.created_at, r.uuid");
  s.bind(1, o.from).bind(2, o.to);
  while (s.step()) {
    const auto r = decode_body<ReportBody>(s.text(0));
    if (!r.phone) continue;
    if (!o.department_id.empty() && r.department_id != o.department_id) continue;
    add({"办不成事", r.receipt, r.created_at.substr(0, 10), l.department_name(r.department_id), r.item_name,
         r.description, r.name.value_or(""), *r.phone, r.due_date, working_days(l, r.due_date, today)});
  }
  return sh;
}

// --- Frequency compliance: heads yearly, deputies half-yearly, chiefs quarterly; only sittings that count. ---
struct Period {
  std::string label, first, last;
};

std::vector<Period> periods_for(const std::string& rank, const std::string& from, const std::string& to) {
  std::vector<Period> out;
  const int y0 = std::stoi(from.substr(0, 4)), y1 = std::stoi(to.substr(0, 4));
  for (int y = y0; y <= y1; ++y) {
    const std::string ys = std::to_string(y);
    std::vector<Period> all;
    if (rank == "head") all = {{ys + "年", ys + "-01-01", ys + "-12-31"}};
    else if (rank == "deputy") all = {{ys + "年上半年", ys + "-01-01", ys + "-06-30"}, {ys + "年下半年", ys + "-07-01", ys + "-12-31"}};
    else
      all = {{ys + "年第1季度", ys + "-01-01", ys + "-03-31"}, {ys + "年第2季度", ys + "-04-01", ys + "-06-30"},
             {ys + "年第3季度", ys + "-07-01", ys + "-09-30"}, {ys + "年第4季度", ys + "-10-01", ys + "-12-31"}};
    for (auto& p : all)
      if (p.last >= from && p.first <= to) out.push_back(p);
  }
  return out;
}

std::vector<Sheet> compliance(Db& db, const Lookup& l, const ExportOptions& o) {
  Sheet per, dep;
  per.name = "坐窗口频次";
  per.title = "“局长科长坐窗口”频次达标情况";
  per.meta = {filler_meta(l, o), period_line(l, o),
              "主要负责人每年不少于一次，分管负责人每半年不少于一次，业务科长每季度不少于一次；每次不少于半个工作日"};
  per.headers = {"部门", "姓名", "职务", "级别", "考核期", "有效坐窗口次数", "结果"};
  per.widths = {20, 12, 18, 12, 18, 16, 10};
  per.numeric = {false, false, false, false, false, true, false};
  dep.name = "部门达标情况";
  dep.title = "各部门坐窗口频次达标情况";
  dep.meta = {per.meta[0], per.meta[1]};
  dep.headers = {"部门", "考核人次", "达标", "未达标", "未到期", "结果", "未达标人员"};
  dep.widths = {20, 10, 8, 8, 8, 10, 40};
  dep.numeric = {false, true, true, true, true, false, false};
  std::map<std::string, std::vector<std::string>> sat;  // official → dates of sittings that count
  {
    Stmt s(db,
           "SELECT c.body, o.body FROM records c JOIN records o ON o.subject=c.uuid AND o.kind='checkout' "
           "WHERE c.kind='checkin'");
    while (s.step()) {
      if (!decode_body<CheckOutBody>(s.text(1)).counts) continue;
      const auto in = decode_body<CheckInBody>(s.text(0));
      sat[in.official_id].push_back(in.date);
    }
  }
  struct DeptTally {
    std::int64_t total = 0, ok = 0, short_ = 0, open = 0;
    std::vector<std::string> names;
  };
  std::map<std::pair<int, std::string>, DeptTally> tally;
  std::vector<std::pair<std::tuple<int, std::string, int, std::string>, json>> officials;
  static const std::map<std::string, int> kRankOrder = {{"head", 0}, {"deputy", 1}, {"chief", 2}};
  for (const auto& [id, off] : l.officials) {
    const std::string dept = str(off, "department_id");
    if (!o.department_id.empty() && dept != o.department_id) continue;
    const std::string rank = off.value("rank", "chief");
    officials.push_back({{l.department_sort(dept), dept, kRankOrder.count(rank) ? kRankOrder.at(rank) : 3, id}, off});
  }
  std::sort(officials.begin(), officials.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  const std::string today = l.today;
  for (const auto& [key, off] : officials) {
    const std::string dept = std::get<1>(key), id = std::get<3>(key), rank = off.value("rank", "chief");
    auto& t = tally[{std::get<0>(key), dept}];
    for (const auto& p : periods_for(rank, o.from, o.to)) {
      // Sittings of the whole period up to --to: a head who sat in March meets the yearly rule in a Q3 export.
      const std::string last = std::min(p.last, o.to);
      std::int64_t n = 0;
      for (const auto& d : sat[id])
        if (d >= p.first && d <= last) ++n;
      std::string result;
      ++t.total;
      if (n > 0) {
        result = "达标";
        ++t.ok;
      } else if (p.last > o.to || p.last >= today) {  // the period has not ended yet
        result = "未到期";
        ++t.open;
      } else {
        result = "未达标";
        ++t.short_;
        t.names.push_back(str(off, "name") + "（" + p.label + "）");
      }
      per.rows.push_back({l.department_name(dept), str(off, "name"), str(off, "title"),
                          protocol::from_string<protocol::Rank>(rank) ? l.labels.of(*protocol::from_string<protocol::Rank>(rank)) : rank,
                          p.label, std::to_string(n), result});
    }
  }
  for (const auto& [key, t] : tally) {
    std::string names;
    for (const auto& n : t.names) names += (names.empty() ? "" : "、") + n;
    dep.rows.push_back({l.department_name(key.second), std::to_string(t.total), std::to_string(t.ok),
                        std::to_string(t.short_), std::to_string(t.open),
                        // Short if anyone fell short; undecided while a period is still running; else met.
                        t.short_ > 0 ? "未达标" : t.open > 0 ? "未到期" : "达标", names});
  }
  return {per, dep};
}

// --- Writers. ---
void write_csv(const std::vector<Sheet>& sheets, const std::string& path) {
  std::string out = "\xEF\xBB\xBF";
  auto line = [&](const std::vector<std::string>& cells) {
    for (std::size_t i = 0; i < cells.size(); ++i) out += (i ? "," : "") + csv_field(cells[i]);
    out += "\r\n";
  };
  for (std::size_t k = 0; k < sheets.size(); ++k) {
    const Sheet& sh = sheets[k];
    if (k) out += "\r\n";
    line({sh.title});
    for (const auto& m : sh.meta) line({m});
    if (sh.groups.empty()) {
      line(sh.headers);
    } else {
      std::vector<std::string> top = sh.headers, second(sh.headers.size());
      for (const auto& g : sh.groups)
        for (std::size_t c = g.first; c <= g.last; ++c) {
          top[c] = c == g.first ? g.label : "";
          second[c] = sh.headers[c];
        }
      line(top);
      line(second);
    }
    for (const auto& r : sh.rows) line(r);
    if (!sh.footer.empty()) out += "\r\n";
    for (const auto& f : sh.footer) line({f});
  }
  std::ofstream f(path, std::ios::binary | std::ios::trunc);
  f << out;
  f.close();
  if (!f) throw AdminError("cannot write " + path);
}

// The height (points) a row of wrapped cells needs, since neither libxlsxwriter nor every spreadsheet program
// fits rows to wrapped text: a Chinese character is about two column-width units, a Latin one about one.
double row_height(const std::vector<std::string>& cells, const std::vector<double>& widths, double min = 18) {
  std::size_t most = 1;
  for (std::size_t c = 0; c < cells.size() && c < widths.size(); ++c) {
    const double room = std::max(1.0, widths[c] - 1.5);
    std::size_t lines = 0;
    double units = 0;
    auto end_line = [&] {
      lines += std::max<std::size_t>(1, static_cast<std::size_t>(std::ceil(units / room)));
      units = 0;
    };
    for (unsigned char ch : cells[c]) {
      if (ch == '\n') end_line();
      else if (ch < 0x80) units += 1;
      else if ((ch & 0xC0) == 0xC0) units += 2;  // the lead byte of a wider character
    }
    end_line();
    most = std::max(most, lines);
  }
  return std::max(min, 15.0 * static_cast<double>(most) + 4);
}

void write_xlsx(const std::vector<Sheet>& sheets, const std::string& path) {
  lxw_workbook* wb = workbook_new(path.c_str());
  if (!wb) throw AdminError("cannot create " + path);
  lxw_format* title = workbook_add_format(wb);
  format_set_bold(title);
  format_set_font_size(title, 16);
  format_set_align(title, LXW_ALIGN_CENTER);
  format_set_align(title, LXW_ALIGN_VERTICAL_CENTER);
  lxw_format* meta = workbook_add_format(wb);
  format_set_align(meta, LXW_ALIGN_LEFT);
  lxw_format* head = workbook_add_format(wb);
  format_set_bold(head);
  format_set_text_wrap(head);
  format_set_border(head, LXW_BORDER_THIN);
  format_set_align(head, LXW_ALIGN_CENTER);
  format_set_align(head, LXW_ALIGN_VERTICAL_CENTER);
  format_set_bg_color(head, 0xD9E1F2);
  lxw_format* cell = workbook_add_format(wb);
  format_set_text_wrap(cell);
  format_set_border(cell, LXW_BORDER_THIN);
  format_set_align(cell, LXW_ALIGN_VERTICAL_CENTER);
  for (const Sheet& sh : sheets) {
    lxw_worksheet* ws = workbook_add_worksheet(wb, sh.name.c_str());
    const auto last_col = static_cast<lxw_col_t>(sh.headers.empty() ? 0 : sh.headers.size() - 1);
    // Printed as the notice's forms are: A4 landscape, one page wide, the column headers on every page.
    worksheet_set_landscape(ws);
    worksheet_set_paper(ws, 9);
    worksheet_fit_to_pages(ws, 1, 0);
    worksheet_center_horizontally(ws);
    worksheet_set_margins(ws, 0.4, 0.4, 0.5, 0.5);
    lxw_row_t r = 0;
    worksheet_set_row(ws, r, 30, nullptr);
    worksheet_merge_range(ws, r, 0, r, last_col, sh.title.c_str(), title);
    ++r;
    for (const auto& m : sh.meta) {
      worksheet_merge_range(ws, r, 0, r, last_col, m.c_str(), meta);
      ++r;
    }
    const lxw_row_t header_top = r;
    const double header_h = row_height(sh.headers, sh.widths, 22);
    if (sh.groups.empty()) {
      worksheet_set_row(ws, r, header_h, nullptr);
      for (std::size_t c = 0; c < sh.headers.size(); ++c)
        worksheet_write_string(ws, r, static_cast<lxw_col_t>(c), sh.headers[c].c_str(), head);
      ++r;
    } else {
      worksheet_set_row(ws, r, std::max(20.0, header_h / 2 + 2), nullptr);
      worksheet_set_row(ws, r + 1, std::max(20.0, header_h / 2 + 2), nullptr);
      std::vector<bool> grouped(sh.headers.size(), false);
      for (const auto& g : sh.groups) {
        worksheet_merge_range(ws, r, static_cast<lxw_col_t>(g.first), r, static_cast<lxw_col_t>(g.last),
                              g.label.c_str(), head);
        for (std::size_t c = g.first; c <= g.last; ++c) {
          grouped[c] = true;
          worksheet_write_string(ws, r + 1, static_cast<lxw_col_t>(c), sh.headers[c].c_str(), head);
        }
      }
      for (std::size_t c = 0; c < sh.headers.size(); ++c)
        if (!grouped[c])
          worksheet_merge_range(ws, r, static_cast<lxw_col_t>(c), r + 1, static_cast<lxw_col_t>(c),
                                sh.headers[c].c_str(), head);
      r += 2;
    }
    worksheet_freeze_panes(ws, r, 0);
    worksheet_repeat_rows(ws, header_top, r - 1);
    for (std::size_t c = 0; c < sh.widths.size(); ++c)
      worksheet_set_column(ws, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c), sh.widths[c], nullptr);
    for (const auto& row : sh.rows) {
      worksheet_set_row(ws, r, row_height(row, sh.widths), nullptr);
      for (std::size_t c = 0; c < row.size(); ++c) {
        const auto col = static_cast<lxw_col_t>(c);
        const bool num = c < sh.numeric.size() && sh.numeric[c] && !row[c].empty() &&
                         row[c].find_first_not_of("0123456789-") == std::string::npos;
        if (num) worksheet_write_number(ws, r, col, std::stod(row[c]), cell);
        else worksheet_write_string(ws, r, col, row[c].c_str(), cell);
      }
      ++r;
    }
    ++r;  // a blank row, then 填报人 and 联系方式 to sign
    for (const auto& f : sh.footer) {
      worksheet_merge_range(ws, r, 0, r, last_col, f.c_str(), meta);
      ++r;
    }
  }
  if (workbook_close(wb) != LXW_NO_ERROR) throw AdminError("cannot write " + path);
}

}  // namespace

std::optional<std::pair<std::string, std::string>> period_dates(const std::string& p) {
  if (p.size() < 4 || p.find_first_not_of("0123456789", 0) < 4) return std::nullopt;
  const std::string y = p.substr(0, 4), rest = p.substr(4);
  if (rest.empty()) return std::pair{y + "-01-01", y + "-12-31"};
  if (rest == "H1") return std::pair{y + "-01-01", y + "-06-30"};
  if (rest == "H2") return std::pair{y + "-07-01", y + "-12-31"};
  static const std::array<std::pair<const char*, const char*>, 4> kQuarters = {
      {{"-01-01", "-03-31"}, {"-04-01", "-06-30"}, {"-07-01", "-09-30"}, {"-10-01", "-12-31"}}};
  if (rest.size() == 2 && rest[0] == 'Q' && rest[1] >= '1' && rest[1] <= '4') {
    const auto& q = kQuarters[static_cast<std::size_t>(rest[1] - '1')];
    return std::pair{y + q.first, y + q.second};
  }
  return std::nullopt;
}

std::vector<Sheet> build_export(HqStore& store, const ExportOptions& o) {
  if (!protocol::valid_date(o.from) || !protocol::valid_date(o.to) || o.from > o.to)
    throw AdminError("--from and --to must be dates YYYY-MM-DD, --from not after --to");
  return store.locked([&](Db& db) -> std::vector<Sheet> {
    const Lookup l = load_lookup(db, o.assets_dir, store.hall_clock());
    if (!o.department_id.empty() && !l.departments.count(o.department_id))
      throw NotFound("no department with id \"" + o.department_id + "\"");
    if (o.table == "attachment3") return {attachment3(db, l, o)};
    if (o.table == "ratings") return ratings(db, l, o);
    if (o.table == "reports") return {reports(db, l, o)};
    if (o.table == "compliance") return compliance(db, l, o);
    if (o.table == "callbacks") return {callbacks(db, l, o)};
    throw AdminError("--table must be attachment3, ratings, reports, compliance or callbacks");
  });
}

void export_table(HqStore& store, const ExportOptions& o) {
  if (o.format != "csv" && o.format != "xlsx") throw AdminError("--format must be csv or xlsx");
  const auto sheets = build_export(store, o);
  if (o.format == "csv") write_csv(sheets, o.out);
  else write_xlsx(sheets, o.out);
}

}  // namespace hq
