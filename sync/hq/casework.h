#pragma once
// The bureau's casework commands as the CLI and the old admin API give them: the status and reply of a 办不成事
// report, the 回访 of a 差评 (rating_cases.h and report_cases.h hold the casework itself).
#include <optional>
#include <string>

#include "sync/hq/hq_store.h"
#include "sync/hq/principal.h"

namespace hq {

// Who acts through the command line (an admin on the bureau's machine) and through the admin bearer token.
Principal cli_principal();

// Records the bureau's status ("accepted", "in_progress", "done", or 已受理, 办理中, 已办结) and reply (none: the reply
// stays) for a 办不成事 receipt (spaces and dashes allowed).
void set_report(HqStore& store, const std::string& receipt, const std::string& status,
                const std::optional<std::string>& reply, const Principal& who = cli_principal());
// Records the 回访 of a 差评 rating: its case moves to 已回访 (a second 回访 replaces the note).
void follow_up(HqStore& store, const std::string& rating_uuid, const std::string& note,
               const Principal& who = cli_principal());

}  // namespace hq
