#pragma once
// The bureau's tables from hqd's records, one builder each (in files of the same name): 附件3 统计表, the 好差评
// summary, the 办不成事 ledger, the call-back work list (the only one with phone numbers in full), frequency
// compliance, and 走流程's ledger and item list. Days taken and overdue are working days of HQ's published calendar (Monday–Friday when it has none).
#include <vector>

#include "sync/hq/export_lookup.h"
#include "sync/hq/sheet.h"

namespace hq {

Sheet attachment3(sync_db::Db& db, const Lookup& l, const ExportOptions& o);
std::vector<Sheet> rating_tables(sync_db::Db& db, const Lookup& l, const ExportOptions& o);
Sheet report_ledger(sync_db::Db& db, const Lookup& l, const ExportOptions& o);
Sheet callback_list(sync_db::Db& db, const Lookup& l, const ExportOptions& o);
std::vector<Sheet> compliance(sync_db::Db& db, const Lookup& l, const ExportOptions& o);
// 干部走流程 (walk_tables.cpp): the 问题整改台账 (its 附件3), the 事项清单 (its 附件2), and each official's walks per year
// against 每年至少体验1次 (a sheet of the compliance table).
Sheet walk_ledger(sync_db::Db& db, const Lookup& l, const ExportOptions& o);
Sheet item_list(sync_db::Db& db, const Lookup& l, const ExportOptions& o);
Sheet walk_compliance(sync_db::Db& db, const Lookup& l, const ExportOptions& o);

// One official's standing against the sitting rule for one period (heads yearly, deputies half-yearly, chiefs
// quarterly; only sittings of at least half a working day count): the 频次 table's rows, the dashboard's counts.
struct Standing {
  enum class Result { met, open, short_ };  // 达标, 未到期 (the period runs on), 未达标
  const protocol::Official* official = nullptr;  // in the Lookup's officials
  std::string period;                            // 2026年第4季度, …
  std::string first, last;                       // its days
  std::int64_t sittings = 0;
  Result result = Result::met;
};
// The standings of every official in scope for each period that overlaps o.from..o.to, heads first in each
// department.
std::vector<Standing> frequency_standings(sync_db::Db& db, const Lookup& l, const ExportOptions& o);

}  // namespace hq
