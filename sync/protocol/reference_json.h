#pragma once
// Encoding and decoding of reference data as JSON text, with errors a person can act on.
#include <stdexcept>
#include <string>

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

}  // namespace protocol
