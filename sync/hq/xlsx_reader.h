#pragma once
// The first worksheet of an .xlsx workbook (libzip + expat) as text rows, the way the importers read a CSV file.
#include <cstddef>
#include <stdexcept>
#include <string>
#include <vector>

#include "sync/hq/csv_text.h"

namespace hq {

// Raised for a file that is not a readable .xlsx workbook (damaged, too large, another kind of file).
struct XlsxError : SaidError {
  using SaidError::SaidError;
};

// The first worksheet: its rows (each CsvRow's line is the spreadsheet's row number), with merged cells filled
// with their top-left value, numbers as written, date cells as YYYY-MM-DD (with 上午/下午 when they carry a time).
struct XlsxSheet {
  std::string name;         // the worksheet's tab name
  std::size_t sheets = 0;   // how many worksheets the workbook has
  std::vector<CsvRow> rows;
};

// Limits that keep a hostile workbook (a zip bomb, a huge sparse sheet) from exhausting memory.
struct XlsxLimits {
  std::size_t max_entry_bytes = 48u << 20;   // inflated size of one part (the sheet, shared strings)
  std::size_t max_cells = 500'000;          // non-empty cells, merged ones filled in included
  std::size_t max_fields = 2'000'000;        // cells of all rows up to each row's last one
  std::size_t max_columns = 256;             // a non-empty cell beyond column IV is refused
};

// True when the bytes start as a ZIP archive does (an .xlsx is one).
bool looks_like_zip(const std::string& bytes);
// True for an OLE2 compound file: an Excel 97–2003 .xls, or a password-protected workbook.
bool looks_like_ole2(const std::string& bytes);
// Reads the first worksheet; throws XlsxError with a reason a clerk can act on.
XlsxSheet read_xlsx(const std::string& bytes, const XlsxLimits& limits = {});
// An Excel date serial (days since 1899-12-30; 1904-based when `date1904`) as YYYY-MM-DD, or "" when out of range.
std::string excel_serial_date(double serial, bool date1904 = false);

}  // namespace hq
