#pragma once
// Encoding and decoding of reference data as JSON text, with errors a person can act on.
#include <stdexcept>
#include <string>
#include <vector>

#include "sync/protocol/model.h"

namespace protocol {

// Thrown when a message is not valid reference data; what() names the field at fault.
struct DecodeError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

ReferenceData decode_reference(const std::string& json_text);
std::string encode_reference(const ReferenceData& data);
// The reason list and the calendar on their own (the kiosk's default files use the same shape).
ReasonList decode_reason_list(const std::string& json_text);
CalendarData decode_calendar(const std::string& json_text);
std::string encode_reason_list(const ReasonList& list);
std::string encode_calendar(const CalendarData& calendar);
// The last month's published results on their own (the kiosk keeps them so, hqd as a document row).
PublishedResults decode_published_results(const std::string& json_text);
std::string encode_published_results(const PublishedResults& results);

// One row of a reference table on its own, in the shape encode_reference gives it (hqd keeps rows so).
Department decode_department(const std::string& json_text);
Window decode_window(const std::string& json_text);
Official decode_official(const std::string& json_text);
ServiceItem decode_service_item(const std::string& json_text);
std::string encode_official(const Official& official);
// A pin_locks row on its own (hqd keeps them beside the reference rows, table "pin_locks").
std::string encode_pin_lock(const PinLockRow& row);

// A row of one of the tables of a message, encoded on its own: table name ("officials", …), id, JSON text.
struct ReferenceRow {
  std::string table, id, json;
};
// Every row of the message's tables (departments, windows, officials, schedule, service_items), in that order.
std::vector<ReferenceRow> reference_rows(const ReferenceData& data);

}  // namespace protocol
