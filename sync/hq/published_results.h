#pragma once
// The results HQ publishes to the kiosks (GB/T 39734's 公开评价指标值, the kiosk's 上月评价结果): every department's 好评率
// and number of ratings for the last full month in the hall, counted as the 工作台 counts them (good_rate.h). Kept as
// the reference document "published_results" and fed down whenever the figures change (a late rating, an 申诉).
#include "sync/hq/hq_store.h"
#include "sync/protocol/model.h"

namespace hq {

// The last full month's figures, every department in the hall's order (within store.locked).
protocol::PublishedResults last_month_results(sync_db::Db& db, const HallClock& hall);

// Recomputes them and, when they differ from those stored, stores them under a new change number so that the next
// pull carries them. True when they changed. hqd calls it before every down-sync answer.
bool publish_results(HqStore& store);

}  // namespace hq
