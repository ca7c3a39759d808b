#pragma once
// The bureau's casework on what citizens sent: the status and reply of a 办不成事 report, the 回访 of a 差评.
#include <optional>
#include <string>

#include "sync/hq/hq_store.h"

namespace hq {

// Records the bureau's status ("accepted", "in_progress", "done") and reply (none: the reply stays) for a
// 办不成事 receipt.
void set_report(HqStore& store, const std::string& receipt, const std::string& status,
                const std::optional<std::string>& reply);
// Records the 回访 of a 差评 rating.
void follow_up(HqStore& store, const std::string& rating_uuid, const std::string& note);

}  // namespace hq
