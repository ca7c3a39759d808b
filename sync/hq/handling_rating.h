#pragma once
// How a citizen rated the handling of their 办不成事, from the page the receipt's QR code leads to: once per receipt,
// after 办结, one of the five levels and an optional comment (no name, no phone, no address kept). The console's case
// page and the 办不成事 ledger show it.
#include <cstdint>
#include <optional>
#include <string>

#include "sync/common/sqlite_db.h"
#include "sync/hq/hq_store.h"
#include "sync/protocol/enums.h"

namespace hq {

// One receipt's rating of its handling.
struct HandlingRating {
  protocol::Level level = protocol::Level::satisfied;
  std::string comment;
  std::int64_t at = 0;  // unix seconds
};

// The rating of `receipt` (12 digits), if the citizen gave one; within store.locked.
std::optional<HandlingRating> handling_rating(sync_db::Db& db, const std::string& receipt);

// What became of a citizen's rating.
enum class RateOutcome { saved, already_rated, not_done, not_found };
// Keeps the rating of `receipt` (12 digits) unless it was rated already or is not 已办结.
RateOutcome rate_handling(HqStore& store, const std::string& receipt, protocol::Level level, const std::string& comment);

}  // namespace hq
