#pragma once
// Export sheets as one CSV file (UTF-8 with BOM, CRLF), the way spreadsheet programs in the bureau open it.
#include <string>
#include <vector>

#include "sync/hq/sheet.h"

namespace hq {

// The sheets one under another as the file's bytes, a blank line between.
std::string csv_bytes(const std::vector<Sheet>& sheets);
// Writes the sheets one under another, a blank line between; throws AdminError when the file cannot be written.
void write_csv(const std::vector<Sheet>& sheets, const std::string& path);

}  // namespace hq
