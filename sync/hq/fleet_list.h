#pragma once
// `hqd kiosks`: each kiosk as HQ knows it (last report, storage, events, record numbers and gaps), as lines for
// people or as JSON for tools, until the console has its fleet page.
#include <string>

#include "sync/hq/hq_store.h"

namespace hq {

std::string fleet_list(HqStore& store, bool json);

}  // namespace hq
