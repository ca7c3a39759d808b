#pragma once
// The 坐窗口 schedule published ahead, for citizens and departments' websites: GET /public/schedule, a phone's page of
// this week and next from today by day and half-day (name, 职务, department, window — never a phone), and
// GET /public/schedule.ics, the same as an iCalendar feed (RFC 5545). No sign-in; any site may frame the page;
// ?department= (id or name) narrows both to one department, ?lang=en writes the page in English. The days follow
// sync/protocol/schedule_ahead.h, as the kiosk's 本周/下周坐窗口 does.
#include <string>

#include "sync/hq/hq_store.h"
#include "sync/hq/public_receipt.h"
#include "sync/protocol/schedule_ahead.h"

namespace httplib {
class Server;
}

namespace hq {

// The hall's half-days, as the kiosks close sittings by them (hqd serve --morning 09:00-12:00 --afternoon 13:00-17:00).
using protocol::HalfDayHours;
// Reads "HH:MM-HH:MM" into `start` and `end`; false (and nothing changed) when it is not two times in order.
bool parse_hours(const std::string& text, int& start, int& end);

// What a request asked for.
struct ScheduleAsk {
  std::string department;  // id, name or short name; "" for every department
  bool english = false;
};

// The page's HTML; `status` gets 200, or 404 for a department HQ does not know (the page then says so).
std::string schedule_page(HqStore& store, const ScheduleAsk& ask, const HalfDayHours& hours, int& status);
// The iCalendar text (CRLF lines folded at 75 octets, times in UTC); `status` as for the page.
std::string schedule_ics(HqStore& store, const ScheduleAsk& ask, const HalfDayHours& hours, int& status);

// Adds both routes, each look-up counted by `limiter` per address (429 with Retry-After past it).
void add_public_schedule_routes(httplib::Server& server, HqStore& store, LookupLimiter& limiter,
                                const HalfDayHours& hours);

}  // namespace hq
