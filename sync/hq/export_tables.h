#pragma once
// The bureau's tables from hqd's records, one builder each (in files of the same name): 附件3 统计表, the 好差评
// summary, the 办不成事 ledger, the call-back work list (the only one with phone numbers in full) and frequency
// compliance. Days taken and overdue are working days of HQ's published calendar (Monday–Friday when it has none).
#include <vector>

#include "sync/hq/export_lookup.h"
#include "sync/hq/sheet.h"

namespace hq {

Sheet attachment3(sync_db::Db& db, const Lookup& l, const ExportOptions& o);
std::vector<Sheet> rating_tables(sync_db::Db& db, const Lookup& l, const ExportOptions& o);
Sheet report_ledger(sync_db::Db& db, const Lookup& l, const ExportOptions& o);
Sheet callback_list(sync_db::Db& db, const Lookup& l, const ExportOptions& o);
std::vector<Sheet> compliance(sync_db::Db& db, const Lookup& l, const ExportOptions& o);

}  // namespace hq
