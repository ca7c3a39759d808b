#pragma once
// The bureau's admin operations on hqd's store: CSV imports (附件2 schedule, 事项清单, officials), PINs,
// report follow-up, 差评 回访 and admin tokens. Each import is all-or-nothing.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "sync/hq/hq_store.h"

namespace hq {

// Raised for an admin request that cannot be done (unknown official, bad PIN, unknown receipt, …).
struct AdminError : std::runtime_error {
  using std::runtime_error::runtime_error;
};
// An admin request naming something HQ does not have (a department, official, receipt, rating): 404 over HTTP.
struct NotFound : AdminError {
  using AdminError::AdminError;
};

// What an import did: how many rows it stored, or every bad row ("line N: reason") and then nothing stored.
struct ImportResult {
  std::size_t imported = 0;
  std::vector<std::string> errors;
  std::vector<std::string> notes;  // what else it did that the clerk should check (officials added, …)
  bool ok() const { return errors.empty(); }
};

// How to read a 附件2 file.
struct ScheduleImport {
  std::string department;     // id, name or short name; empty: the file's 填报单位 line names it
  int year = 0;               // for dates written without a year (4月22日上午); 0: the year nearest today
  bool add_officials = false;  // names not yet known become officials, rank read from 职务
};

// The hall: one row per window (窗口 number, 名称 what it handles, 部门, optional 简称), departments in the order
// they first appear; a row with no 窗口 adds just a department. Known names and numbers keep their ids.
ImportResult import_hall(HqStore& store, const std::string& file_bytes);
// 附件2 人员时间安排表 of one department (columns 序号, 日期, 姓名, 职务, 联系电话, 备注, optional 窗口).
ImportResult import_schedule(HqStore& store, const ScheduleImport& how, const std::string& file_bytes);
// 走流程 事项清单 of one department (序号, 事项名称, 类型, 服务对象, 办理方式, 办理途径, 责任科室, 联系方式, 备注).
ImportResult import_items(HqStore& store, const std::string& department_id, const std::string& file_bytes);
// Officials of any department (姓名, 职务, 级别, 部门, 联系电话); ids are derived from department and name.
ImportResult import_officials(HqStore& store, const std::string& file_bytes);

// Public holidays and 调休 working days (CSV 日期 [a date or "2027-02-15至2027-02-23"], 类型 [放假/上班], or the
// JSON of assets/calendar/), merged into HQ's calendar: the file decides the days it lists.
ImportResult import_calendar(HqStore& store, const std::string& file_bytes);
// A new version of the 差评 reason list (CSV 分类, 原因[, 英文][, 编号], or the JSON of assets/reasons/).
ImportResult publish_reasons(HqStore& store, const std::string& file_bytes, const std::string& version);
// Every department as (id, name), in the hall's order.
std::vector<std::pair<std::string, std::string>> departments(HqStore& store);
// A department id from its id, name or short name (throws AdminError naming the choices).
std::string department_id(HqStore& store, const std::string& id_or_name);
// An official's id from their id, or their name (with the department when two departments share it).
std::string official_id(HqStore& store, const std::string& id_or_name, const std::string& department);
// The rank a 职务 implies (分管副局长 → deputy, 审批一科科长 → chief, 局长 → head), or nullopt.
std::optional<protocol::Rank> rank_from_title(const std::string& title);

// Hashes a 4–8 digit PIN (argon2id, opslimit 2, memlimit 8 MiB) into the official's row; wipes `pin`.
void set_pin(HqStore& store, const std::string& official_id, std::string& pin);
// Records the bureau's status ("accepted", "in_progress", "done") and reply (none: the reply stays) for a
// 办不成事 receipt.
void set_report(HqStore& store, const std::string& receipt, const std::string& status,
                const std::optional<std::string>& reply);
// Records the 回访 of a 差评 rating.
void follow_up(HqStore& store, const std::string& rating_uuid, const std::string& note);

// Deletes the personal fields kept for follow-up (a 差评's call-back phone; a report's name and phone) of
// matters closed more than `days` ago — 回访 recorded, report done — as the kiosk's notice promises
// (中心保存至办结后一年). Returns how many records it changed.
std::size_t purge_personal(HqStore& store, int days = 365);

// A new admin token (printed once; only its hash is kept) and the check of one.
std::string new_admin_token(HqStore& store);
bool admin_token_ok(HqStore& store, const std::string& token);

// The stable id of an official or item from its department and name ("o-…", "i-…").
std::string derived_id(const std::string& prefix, const std::string& department_id, const std::string& name);

}  // namespace hq
