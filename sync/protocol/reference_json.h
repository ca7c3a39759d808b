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

}  // namespace protocol
