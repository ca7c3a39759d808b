#pragma once
// The yearly purge of personal fields HQ keeps only for follow-up.
#include <cstddef>

#include "sync/hq/hq_store.h"

namespace hq {

// Deletes the personal fields kept for follow-up (a 差评's call-back phone; a report's name and phone) of
// matters closed more than `days` ago — 回访 recorded, report done — as the kiosk's notice promises
// (中心保存至办结后一年). Returns how many records it changed.
std::size_t purge_personal(HqStore& store, int days = 365);

}  // namespace hq
