#pragma once
// Reference data as HQ publishes it: the shape both ends agree on (see sync/PROTOCOL.md).
// The kiosk stores these records as they are, so the kiosk core uses these types directly.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sync/protocol/enums.h"

namespace protocol {

inline constexpr int kProtocolVersion = 1;

// A district department of the notice's attachment 1.
struct Department {
  std::string id;
  std::string name;        // full name, e.g. 区行政审批局
  std::string short_name;  // for narrow places, e.g. 行政审批局
  int sort = 0;
  std::string credit_code{};  // 统一社会信用代码 (GB 32100, 18 characters; "" not known): the provincial forwarding's deptCode
};

// A numbered service window in the hall.
struct Window {
  std::string id;
  std::string number;  // as painted above the window, e.g. "A03"
  std::string name;    // what it handles, e.g. 企业开办
  std::string department_id;
};

// A leader who sits the windows.
struct Official {
  std::string id;
  std::string name;
  std::string title;  // 职务 as printed, e.g. 分管副局长
  Rank rank = Rank::chief;
  std::string department_id;
  std::string phone;                // office phone as published (附件2 联系电话)
  std::optional<std::string> photo;  // file name under the photo folder, if any
  std::optional<std::string> pin_hash;  // argon2id string; filled by HQ
};

// One planned sitting of 附件2: date, half-day, who, where.
struct ScheduleEntry {
  std::string id;
  std::string date;  // YYYY-MM-DD, local
  HalfDay half = HalfDay::am;
  std::string official_id;
  std::string window_id;
  std::string note;  // 备注
};

// A check-in as known to HQ (from any kiosk of the hall); times are ISO 8601 with offset.
struct Sitting {
  std::string uuid;
  std::string official_id;
  std::string window_id;
  std::optional<std::string> schedule_id;
  std::string checkin_at;
  std::optional<std::string> checkout_at;
};

// One row of the 事项清单 (走流程 attachment 2).
struct ServiceItem {
  std::string id;
  std::string department_id;
  std::string name;
  ItemType type = ItemType::other;
  std::string audience;  // 服务对象
  std::string mode;      // 办理方式
  std::string channel;   // 办理途径
  std::string section;   // 责任科室
  std::string contact;   // 联系方式
  std::string note;
  std::string task_code{};  // 事项统一编码 of the province's item list ("" not known): the provincial forwarding's taskCode
};

// What became of a 办不成事 report (for the kiosk that took it, shown in 进度查询).
struct ReportUpdate {
  std::string receipt;
  ReportState status = ReportState::accepted;
  std::string reply;
  std::string updated_at;  // ISO 8601
};

// HQ's count of one official's wrong PINs over every kiosk and the lock it earned (protocol/pin_lockout.h), fed
// down so every kiosk locks as HQ does; `resets` goes up with each operator's reset, which clears a kiosk's own count.
struct PinLockRow {
  std::string official_id;
  int failures = 0;
  std::int64_t locked_until = 0;  // unix seconds; 0: none; kLockedUntilReset: until reset (wire: "until_reset")
  int resets = 0;
};

// One reason a citizen can give for a 差评, and the groups they come in (服务态度, 服务效率, …).
struct Reason {
  std::string id, zh, en;
};
struct ReasonGroup {
  std::string id, zh, en;
  std::vector<Reason> reasons;
};
// The versioned 差评 reason list HQ publishes; it replaces the kiosk's default (assets/reasons/).
struct ReasonList {
  std::string version;
  std::vector<ReasonGroup> groups;
};

// The working-day calendar HQ publishes: public holidays and 调休 make-up working days (YYYY-MM-DD).
struct CalendarData {
  std::string version;
  std::vector<std::string> holidays, workdays;
};

// One department's published results (GB/T 39734's 公开评价指标值) for a month: how many rated it and its 好评率.
struct DepartmentResult {
  std::string department_id;
  std::int64_t ratings = 0;
  std::optional<double> good_rate;  // 0..1, as the 工作台 counts it; none without ratings
};
// The results HQ publishes for the last full month, every department of the hall (the kiosk's 上月评价结果).
struct PublishedResults {
  std::string month;  // YYYY-MM
  std::vector<DepartmentResult> departments;
};

// One down-sync message (or a reference file): a full snapshot or changes after a cursor.
struct ReferenceData {
  int protocol = kProtocolVersion;
  std::string cursor;  // opaque server cursor after this message
  bool full = false;   // true: replaces all reference tables
  std::vector<Department> departments;
  std::vector<Window> windows;
  std::vector<Official> officials;
  std::vector<ScheduleEntry> schedule;
  std::vector<Sitting> sittings;
  std::vector<ServiceItem> service_items;
  std::vector<ReportUpdate> report_updates;
  std::vector<PinLockRow> pin_locks;
  std::optional<ReasonList> reason_list;  // present when HQ published a new version
  std::optional<CalendarData> calendar;
  std::optional<PublishedResults> published_results;  // present when HQ's figures for the last month changed
  // Ids removed since the cursor, by table name ("schedule", "officials", ...).
  std::vector<std::pair<std::string, std::vector<std::string>>> deleted;
};

}  // namespace protocol
