#include "sync/hq/csv_table.h"

#include "sync/hq/xlsx_reader.h"

namespace hq {
namespace {

// The department named in a 填报单位 cell of `cells`, or `found` when the line has none.
std::string filler_of(const std::vector<std::string>& cells, const std::string& found) {
  for (std::size_t i = 0; i < cells.size(); ++i) {
    const std::string c = header_key(cells[i]);
    if (c.rfind("填报单位", 0) != 0) continue;
    std::string v = c.substr(std::string("填报单位").size());
    for (const char* drop : {"(盖章)", "（盖章）", ":", "："})
      if (v.rfind(drop, 0) == 0) v = v.substr(std::string(drop).size());
    for (const char* drop : {":", "："})
      if (v.rfind(drop, 0) == 0) v = v.substr(std::string(drop).size());
    // The name in the next cell: past the cells a merged 填报单位 label was filled into.
    std::size_t j = i + 1;
    while (j < cells.size() && cells[j] == cells[i]) ++j;
    if (v.empty() && j < cells.size()) v = header_key(cells[j]);
    return v;
  }
  return found;
}

}  // namespace

std::string header_key(const std::string& s) {
  std::string out;
  for (char c : trim(s))
    if (c != ' ' && c != '\n' && c != '\r' && c != '\t') out += c;
  return out;
}

std::vector<CsvRow> table_rows(const std::string& bytes, SheetRead* sheet) {
  if (bytes.empty()) throw CsvError(phrase("hq.file.empty"));
  if (looks_like_zip(bytes)) {
    try {
      XlsxSheet x = read_xlsx(bytes);
      if (sheet) *sheet = SheetRead{x.name, x.sheets};
      if (x.rows.empty()) throw CsvError(phrase("hq.file.sheet_empty", {{"sheet", x.name}}));
      return std::move(x.rows);
    } catch (const XlsxError& e) {
      if (!e.words_of.empty()) throw CsvError(e.words_of);
      throw CsvError(e.what());
    }
  }
  if (looks_like_ole2(bytes))
    throw CsvError(phrase("hq.file.xls"));
  if (bytes.find('\0') != std::string::npos)
    throw CsvError(phrase("hq.file.binary"));
  std::vector<CsvRow> rows = parse_csv(to_utf8(bytes));
  if (rows.empty()) throw CsvError(phrase("hq.file.no_text"));
  return rows;
}

namespace {

// The problem of a file that could not be read at all, for the file as a whole.
LineSaid file_problem(const SaidError& e) {
  if (!e.words_of.empty()) return LineSaid{0, e.words_of};
  return LineSaid{0, {phrase("hq.said.text", {{"text", e.what()}})}};
}

}  // namespace

std::optional<std::string> json_text(const std::string& bytes, std::vector<LineSaid>& errors) {
  if (looks_like_zip(bytes) || looks_like_ole2(bytes)) return std::nullopt;  // a workbook: CsvTable says what it is
  try {
    std::string text = trim(to_utf8(bytes));
    if (text.rfind('{', 0) == 0) return text;
  } catch (const CsvError& e) {
    errors.push_back(file_problem(e));
  }
  return std::nullopt;
}

CsvTable::CsvTable(const std::string& bytes, std::vector<LineSaid>& errors, std::initializer_list<const char*> required)
    : required_(required) {
  std::vector<CsvRow> all;
  SheetRead sheet;
  try {
    all = table_rows(bytes, &sheet);
  } catch (const CsvError& e) {
    errors.push_back(file_problem(e));
    return;
  }
  std::size_t h = 0;
  for (; h < all.size(); ++h) {
    std::map<std::string, std::size_t> index;
    for (std::size_t i = 0; i < all[h].fields.size(); ++i) index.emplace(header_key(all[h].fields[i]), i);
    bool complete = true;
    for (const char* r : required_) complete = complete && index.count(r);
    if (complete) {
      index_ = std::move(index);
      break;
    }
  }
  for (std::size_t i = 0; i < h && i < all.size(); ++i) filler_ = filler_of(all[i].fields, filler_);
  if (h == all.size()) {
    std::string names;
    for (const char* r : required_) names += (names.empty() ? "" : ", ") + std::string(r);
    const char* key = sheet.name.empty() ? "hq.file.no_header" : sheet.sheets > 1 ? "hq.file.no_header_sheets" : "hq.file.no_header_sheet";
    errors.push_back(LineSaid{0, {phrase(key, {{"columns", names}, {"sheet", sheet.name}, {"n", std::to_string(sheet.sheets)}})}});
    return;
  }
  for (std::size_t i = h + 1; i < all.size(); ++i) {
    bool any = false, header_again = true;  // a header merged down over two rows fills the second with its names
    for (const char* r : required_) {
      any = any || !get(all[i], r).empty();
      header_again = header_again && header_key(get(all[i], r)) == r;
    }
    if (any && !header_again) rows.push_back(std::move(all[i]));
  }
  if (rows.empty()) errors.push_back(LineSaid{all[h].line, {phrase("hq.file.header_no_rows")}});
}

std::string CsvTable::get(const CsvRow& row, const char* name) const {
  auto it = index_.find(name);
  if (it == index_.end() || it->second >= row.fields.size()) return {};
  return trim(row.fields[it->second]);
}

}  // namespace hq
