#pragma once
// The bureau's imports into hqd's store (each in a file of its own): the hall, 附件2 schedules, 事项清单,
// officials, the working-day calendar and the 差评 reason list. Each import is all-or-nothing.
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "sync/hq/hq_store.h"
#include "sync/hq/hq_words.h"

namespace hq {

// What an import did: how many rows it stored, or every bad row (its line and why) and then nothing stored.
struct ImportResult {
  std::size_t imported = 0;
  std::vector<LineSaid> errors;
  std::vector<LineSaid> notes;  // what else it did that the clerk should check (officials added, …)
  bool ok() const { return errors.empty(); }
};

// Called with each department an import writes to, before anything is stored; throws (Forbidden) to refuse it.
using DepartmentCheck = std::function<void(const std::string& department_id)>;

// How to read a 附件2 file.
struct ScheduleImport {
  std::string department;     // id, name or short name; empty: the file's 填报单位 line names it
  int year = 0;               // for dates written without a year (4月22日上午); 0: the year nearest today
  bool add_officials = false;  // names not yet known become officials, rank read from 职务
  DepartmentCheck check;       // may the importer write to the file's department (none: yes)
};

// The hall: one row per window (窗口 number, 名称 what it handles, 部门, optional 简称), departments in the order
// they first appear; a row with no 窗口 adds just a department. Known names and numbers keep their ids.
ImportResult import_hall(HqStore& store, const std::string& file_bytes);
// 附件2 人员时间安排表 of one department (columns 序号, 日期, 姓名, 职务, 联系电话, 备注, optional 窗口).
ImportResult import_schedule(HqStore& store, const ScheduleImport& how, const std::string& file_bytes);
// 走流程 事项清单 of one department (序号, 事项名称, 类型, 服务对象, 办理方式, 办理途径, 责任科室, 联系方式, 备注).
ImportResult import_items(HqStore& store, const std::string& department_id, const std::string& file_bytes);
// Officials of any department (姓名, 职务, 级别, 部门, 联系电话[, 起始日期]); ids are derived from department and
// name. New officials are noted as added on 起始日期, else today (official_added.h).
ImportResult import_officials(HqStore& store, const std::string& file_bytes, const DepartmentCheck& check = {});
// Public holidays and 调休 working days (CSV 日期 [a date or "2027-02-15至2027-02-23"], 类型 [放假/上班], or the
// JSON of assets/calendar/), merged into HQ's calendar: the file decides the days it lists.
ImportResult import_calendar(HqStore& store, const std::string& file_bytes);
// A new version of the 差评 reason list (CSV 分类, 原因[, 英文][, 编号], or the JSON of assets/reasons/).
ImportResult publish_reasons(HqStore& store, const std::string& file_bytes, const std::string& version);

// The rank a 职务 implies (分管副局长 → deputy, 审批一科科长 → chief, 局长 → head), or nullopt.
std::optional<protocol::Rank> rank_from_title(const std::string& title);

}  // namespace hq
