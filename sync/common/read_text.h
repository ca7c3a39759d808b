#pragma once
// A whole file as bytes, for the loaders of JSON, CSV and scenario files: nullopt when it cannot be read.
#include <optional>
#include <string>

namespace common {

std::optional<std::string> read_text(const std::string& path);

}  // namespace common
