#pragma once
// Which department a console request is about, and whether its principal may see or change it.
#include <string>

#include "sync/hq/hq_store.h"
#include "sync/hq/principal.h"

namespace hq {

// The department id a read is limited to: the one asked for (id, name or short name), checked against what the
// principal sees (Forbidden otherwise); nothing asked: a liaison's own, "" (every department) for the others.
std::string read_scope(HqStore& store, const Principal& who, const std::string& asked);
// Throws Forbidden unless the principal may change department `department_id`'s data (admin, or its liaison).
void require_change(HqStore& store, const Principal& who, const std::string& department_id);
// Throws Forbidden unless the principal is the bureau (admin): hall-wide data (windows, calendar, reasons).
void require_bureau(const Principal& who);
// A department's name from its id (the id itself when unknown).
std::string department_name(HqStore& store, const std::string& department_id);

}  // namespace hq
