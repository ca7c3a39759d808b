#pragma once
// The day each official was added to HQ's master data, so frequency compliance grades no period before it.
#include <map>
#include <string>
#include <vector>

#include "sync/hq/hq_store.h"

namespace hq {

// Notes `day` (YYYY-MM-DD) as the day these officials were added; ones already noted keep theirs unless
// `replace`. The CSV imports and the console note it; officials loaded from master-data JSON have none and are
// graded for every period.
void note_added(HqStore& store, const std::vector<std::string>& official_ids, const std::string& day,
                bool replace = false);
// Every noted day by official id (within store.locked).
std::map<std::string, std::string> added_days(sync_db::Db& db);

}  // namespace hq
