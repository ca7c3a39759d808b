#pragma once
// Time for the kiosk: the injected Clock and civil dates of sync/common, under the names the kiosk uses.
#include "sync/common/civil_time.h"
#include "sync/common/clock.h"

namespace core {

using common::Clock;
using common::ManualClock;
using common::OffsetClock;
using common::SystemClock;

using common::add_days;
using common::CivilTime;
using common::from_civil;
using common::parse_hhmm;
using common::parse_iso8601;
using common::parse_iso8601_zoned;
using common::to_civil;
using common::to_iso8601;
using common::weekday_of;
using common::ZonedTime;

}  // namespace core
