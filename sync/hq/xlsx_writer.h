#pragma once
// Export sheets as an XLSX workbook (libxlsxwriter), printed as the notice's forms are.
#include <string>
#include <vector>

#include "sync/hq/sheet.h"

namespace hq {

// One worksheet per sheet: A4 landscape, one page wide, headers repeated; throws AdminError on failure.
void write_xlsx(const std::vector<Sheet>& sheets, const std::string& path);

}  // namespace hq
