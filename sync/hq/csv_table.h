#pragma once
// An import file read as the bureau's spreadsheets write it: a CSV table under title lines, or JSON.
#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "sync/hq/csv_text.h"

namespace hq {

// A header cell without the spaces spreadsheets put in wrapped titles ("坐窗口人员 及职务").
std::string header_key(const std::string& s);
// The rows of an import file: the first worksheet of an .xlsx workbook (told by its content, not its name; each
// row's line is the spreadsheet's row number) or CSV text; throws CsvError saying what else the file is (empty,
// an .xls, binary, damaged). `sheet`, when given, gets the worksheet read (for messages about the layout).
struct SheetRead {
  std::string name;       // empty: the file is CSV
  std::size_t sheets = 0;  // how many the workbook has
};
std::vector<CsvRow> table_rows(const std::string& bytes, SheetRead* sheet = nullptr);
// A file that may be JSON (the shape of the kiosks' shipped assets) or CSV: its text when it is JSON, nullopt
// for CSV; a file that is not text at all adds its reason to `errors`.
std::optional<std::string> json_text(const std::string& bytes, std::vector<LineSaid>& errors);

// A CSV file or .xlsx workbook as a table: the header is the first line holding every required column, so the title lines a
// spreadsheet has above it (附件2, 填报单位 …) are skipped, and so are lines below it with none of the required
// cells filled (填报人 …). Problems go to `errors`.
class CsvTable {
 public:
  CsvTable(const std::string& bytes, std::vector<LineSaid>& errors, std::initializer_list<const char*> required);
  // The trimmed cell of `row` under column `name` ("" when the file has no such column).
  std::string get(const CsvRow& row, const char* name) const;
  std::vector<CsvRow> rows;
  // The 填报单位 written above the header ("填报单位(盖章):区行政审批局" in one cell or the next), or "".
  const std::string& filler() const { return filler_; }

 private:
  std::string filler_;
  std::vector<const char*> required_;
  std::map<std::string, std::size_t> index_;
};

}  // namespace hq
