#include "sync/hq/xlsx_reader.h"

#include <expat.h>
#include <zip.h>

#include <cmath>
#include <cstdio>
#include <cstring>
#include <functional>
#include <map>
#include <memory>
#include <set>

#include "sync/common/civil_time.h"
#include "sync/protocol/json_limits.h"

namespace hq {
namespace {

// --- The ZIP container (libzip over the bytes in memory). ---
class Archive {
 public:
  Archive(const std::string& bytes, const XlsxLimits& limits) : limits_(limits) {
    zip_error_t err;
    zip_error_init(&err);
    zip_source_t* src = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &err);
    if (!src) throw XlsxError(phrase("hq.xlsx.out_of_memory"));
    zip_ = zip_open_from_source(src, ZIP_RDONLY, &err);
    if (!zip_) {
      zip_source_free(src);
      const std::string why = zip_error_strerror(&err);
      zip_error_fini(&err);
      throw XlsxError(phrase("hq.xlsx.damaged", {{"why", why}}));
    }
    zip_error_fini(&err);
  }
  ~Archive() {
    if (zip_) zip_discard(zip_);
  }
  Archive(const Archive&) = delete;
  Archive& operator=(const Archive&) = delete;

  bool has(const std::string& name) const { return zip_name_locate(zip_, name.c_str(), 0) >= 0; }

  // The inflated part, at most max_entry_bytes (whatever its header claims): a zip bomb stops there.
  std::string read(const std::string& name) const {
    const zip_int64_t index = zip_name_locate(zip_, name.c_str(), 0);
    if (index < 0) throw XlsxError(phrase("hq.xlsx.no_part", {{"part", name}}));
    zip_file_t* f = zip_fopen_index(zip_, static_cast<zip_uint64_t>(index), 0);
    if (!f) throw XlsxError(phrase("hq.xlsx.part_unopened", {{"part", name}, {"why", zip_strerror(zip_)}}));
    std::string out;
    char buf[65536];
    for (;;) {
      const zip_int64_t n = zip_fread(f, buf, sizeof buf);
      if (n < 0) {
        const std::string why = zip_file_strerror(f);
        zip_fclose(f);
        throw XlsxError(phrase("hq.xlsx.part_damaged", {{"part", name}, {"why", why}}));
      }
      if (n == 0) break;
      if (out.size() + static_cast<std::size_t>(n) > limits_.max_entry_bytes) {
        zip_fclose(f);
        throw XlsxError(phrase("hq.xlsx.part_too_big", {{"part", name}, {"mib", std::to_string(limits_.max_entry_bytes >> 20)}}));
      }
      out.append(buf, static_cast<std::size_t>(n));
    }
    zip_fclose(f);
    return out;
  }

 private:
  zip_t* zip_ = nullptr;
  const XlsxLimits& limits_;
};

// --- XML parts (expat with namespaces; element names compared without their namespace). ---
struct XmlHandlers {
  std::function<void(const std::string& name, const char** attrs)> start;
  std::function<void(const std::string& name)> end;
  std::function<void(const char* s, int len)> text;
};

std::string local_name(const char* n) {
  const char* bar = std::strrchr(n, '|');
  return bar ? bar + 1 : n;
}

const char* attr(const char** attrs, const char* want) {
  for (int i = 0; attrs[i]; i += 2)
    if (local_name(attrs[i]) == want) return attrs[i + 1];
  return nullptr;
}

void parse_xml(const std::string& xml, const std::string& part, XmlHandlers& h) {
  std::unique_ptr<std::remove_pointer_t<XML_Parser>, void (*)(XML_Parser)> p(XML_ParserCreateNS("UTF-8", '|'),
                                                                             XML_ParserFree);
  if (!p) throw XlsxError(phrase("hq.xlsx.out_of_memory"));
  struct Ctx {
    XmlHandlers* h;
    XML_Parser parser;
    bool doctype = false;
  } ctx{&h, p.get()};
  XML_SetUserData(p.get(), &ctx);
  XML_SetElementHandler(
      p.get(),
      [](void* u, const XML_Char* n, const XML_Char** a) {
        auto* c = static_cast<Ctx*>(u);
        if (c->h->start) c->h->start(local_name(n), a);
      },
      [](void* u, const XML_Char* n) {
        auto* c = static_cast<Ctx*>(u);
        if (c->h->end) c->h->end(local_name(n));
      });
  XML_SetCharacterDataHandler(p.get(), [](void* u, const XML_Char* s, int len) {
    auto* c = static_cast<Ctx*>(u);
    if (c->h->text) c->h->text(s, len);
  });
  // Spreadsheet parts never declare a DTD; one that does (entity expansion tricks) is refused outright.
  XML_SetStartDoctypeDeclHandler(p.get(), [](void* u, const XML_Char*, const XML_Char*, const XML_Char*, int) {
    auto* c = static_cast<Ctx*>(u);
    c->doctype = true;
    XML_StopParser(c->parser, XML_FALSE);
  });
  const auto st = XML_Parse(p.get(), xml.data(), static_cast<int>(xml.size()), XML_TRUE);
  if (ctx.doctype) throw XlsxError(phrase("hq.xlsx.dtd", {{"part", part}}));
  if (st != XML_STATUS_OK)
    throw XlsxError(phrase("hq.xlsx.bad_xml", {{"part", part}, {"why", XML_ErrorString(XML_GetErrorCode(p.get()))},
                                               {"line", std::to_string(XML_GetCurrentLineNumber(p.get()))}}));
}

// "BC12" → (column 54 zero-based... as 1-based 55, row 12); false when it is not a cell reference.
bool cell_ref(const char* r, std::size_t& col, std::size_t& row) {
  col = 0;
  row = 0;
  std::size_t i = 0;
  for (; r[i] >= 'A' && r[i] <= 'Z'; ++i) {
    col = col * 26 + static_cast<std::size_t>(r[i] - 'A' + 1);
    if (col > 16384) return false;
  }
  if (i == 0) return false;
  std::size_t digits = 0;
  for (; r[i] >= '0' && r[i] <= '9'; ++i, ++digits) {
    row = row * 10 + static_cast<std::size_t>(r[i] - '0');
    if (row > 1048576) return false;
  }
  return r[i] == '\0' && digits > 0 && row > 0;
}

std::string column_name(std::size_t col) {
  std::string s;
  for (; col > 0; col = (col - 1) / 26) s.insert(s.begin(), static_cast<char>('A' + (col - 1) % 26));
  return s;
}

// Built-in number formats that show dates (Excel's 14–22 and the CJK ones WPS and Excel in China use).
bool builtin_date_format(int id) {
  return (id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 45 && id <= 47) || (id >= 50 && id <= 58);
}

// A custom format code shows a date when it has y, m or d outside quotes, brackets and escapes.
bool date_format_code(const std::string& code) {
  bool quoted = false, bracket = false;
  for (std::size_t i = 0; i < code.size(); ++i) {
    const char c = code[i];
    if (quoted) {
      quoted = c != '"';
    } else if (bracket) {
      bracket = c != ']';
    } else if (c == '"') {
      quoted = true;
    } else if (c == '[') {
      bracket = true;
    } else if (c == '\\' || c == '_' || c == '*') {
      ++i;
    } else if (c == 'y' || c == 'Y' || c == 'd' || c == 'D' || c == 'e') {
      return true;
    } else if ((c == 'm' || c == 'M') && code.find_first_of("hHs") == std::string::npos) {
      return true;  // m alone is a month; with h or s around it may be minutes
    }
  }
  return false;
}

// A number cell's text as a clerk typed it: integers without ".0", others in the shortest exact form.
std::string number_text(const std::string& v) {
  char* end = nullptr;
  const double d = std::strtod(v.c_str(), &end);
  if (end == v.c_str() || *end != '\0' || !std::isfinite(d)) return v;
  if (std::fabs(d) < 1e15 && d == std::floor(d)) return std::to_string(static_cast<long long>(d));
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.15g", d);
  return buf;
}

// The workbook's date basis, first sheet and the styles that show dates.
struct Workbook {
  std::string sheet_name, sheet_part;
  std::size_t sheets = 0;
  bool date1904 = false;
  std::vector<bool> date_styles;  // by cellXfs index
  std::vector<std::string> shared;
};

std::string resolve_target(const std::string& target) {
  if (target.rfind('/', 0) == 0) return target.substr(1);  // absolute within the package
  std::string t = target;
  std::string base = "xl/";
  while (t.rfind("../", 0) == 0) {
    t = t.substr(3);
    base = "";
  }
  return base + t;
}

Workbook read_workbook(const Archive& zip) {
  Workbook wb;
  std::string first_rid;
  XmlHandlers h;
  h.start = [&](const std::string& n, const char** a) {
    if (n == "workbookPr") {
      const char* d = attr(a, "date1904");
      wb.date1904 = d && (std::strcmp(d, "1") == 0 || std::strcmp(d, "true") == 0);
    } else if (n == "sheet") {
      if (wb.sheets++ == 0) {
        const char* name = attr(a, "name");
        const char* rid = attr(a, "id");
        wb.sheet_name = name ? name : "";
        first_rid = rid ? rid : "";
      }
    }
  };
  parse_xml(zip.read("xl/workbook.xml"), "xl/workbook.xml", h);
  if (wb.sheets == 0) throw XlsxError(phrase("hq.xlsx.no_sheet"));
  if (zip.has("xl/_rels/workbook.xml.rels")) {
    XmlHandlers r;
    r.start = [&](const std::string& n, const char** a) {
      const char* id = attr(a, "Id");
      const char* target = attr(a, "Target");
      if (n == "Relationship" && id && target && first_rid == id) wb.sheet_part = resolve_target(target);
    };
    parse_xml(zip.read("xl/_rels/workbook.xml.rels"), "xl/_rels/workbook.xml.rels", r);
  }
  if (wb.sheet_part.empty()) wb.sheet_part = "xl/worksheets/sheet1.xml";
  if (!zip.has(wb.sheet_part))
    throw XlsxError(phrase("hq.xlsx.sheet_missing", {{"sheet", wb.sheet_name}, {"part", wb.sheet_part}}));
  if (zip.has("xl/styles.xml")) {
    std::map<int, bool> custom;  // numFmtId → shows a date
    bool in_xfs = false;
    XmlHandlers s;
    s.start = [&](const std::string& n, const char** a) {
      if (n == "numFmt") {
        const char* id = attr(a, "numFmtId");
        const char* code = attr(a, "formatCode");
        if (id && code) custom[std::atoi(id)] = date_format_code(code);
      } else if (n == "cellXfs") {
        in_xfs = true;
      } else if (n == "xf" && in_xfs) {
        const char* id = attr(a, "numFmtId");
        const int f = id ? std::atoi(id) : 0;
        const auto c = custom.find(f);
        wb.date_styles.push_back(c != custom.end() ? c->second : builtin_date_format(f));
      }
    };
    s.end = [&](const std::string& n) {
      if (n == "cellXfs") in_xfs = false;
    };
    parse_xml(zip.read("xl/styles.xml"), "xl/styles.xml", s);
  }
  if (zip.has("xl/sharedStrings.xml")) {
    bool in_si = false, in_t = false;
    int phonetic = 0;  // <rPh> holds pinyin/furigana hints, not the cell's text
    std::string cur;
    XmlHandlers s;
    s.start = [&](const std::string& n, const char**) {
      if (n == "si") {
        in_si = true;
        cur.clear();
      } else if (n == "rPh") {
        ++phonetic;
      } else if (n == "t" && in_si && phonetic == 0) {
        in_t = true;
      }
    };
    s.end = [&](const std::string& n) {
      if (n == "si") {
        in_si = false;
        wb.shared.push_back(std::move(cur));
        cur.clear();
      } else if (n == "rPh") {
        --phonetic;
      } else if (n == "t") {
        in_t = false;
      }
    };
    s.text = [&](const char* t, int len) {
      if (in_t) cur.append(t, static_cast<std::size_t>(len));
    };
    parse_xml(zip.read("xl/sharedStrings.xml"), "xl/sharedStrings.xml", s);
  }
  return wb;
}

}  // namespace

bool looks_like_zip(const std::string& bytes) { return bytes.rfind("PK\x03\x04", 0) == 0; }

bool looks_like_ole2(const std::string& bytes) { return bytes.rfind("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 0) == 0; }

std::string excel_serial_date(double serial, bool date1904) {
  if (!std::isfinite(serial) || serial < 1 || serial > 2958465) return "";  // 9999-12-31
  const int days = static_cast<int>(std::floor(serial));
  // Excel's day 60 is the 29 February 1900 that never was; serials from 61 on count from 1899-12-30.
  if (date1904) return common::format_date(common::days_from_civil(1904, 1, 1) + days);
  if (days < 60) return common::format_date(common::days_from_civil(1899, 12, 31) + days);
  if (days == 60) return "";
  return common::format_date(common::days_from_civil(1899, 12, 30) + days);
}

XlsxSheet read_xlsx(const std::string& bytes, const XlsxLimits& limits) {
  const Archive zip(bytes, limits);
  if (!zip.has("xl/workbook.xml")) {
    if (zip.has("content.xml") && zip.has("mimetype"))
      throw XlsxError(phrase("hq.xlsx.ods"));
    if (zip.has("word/document.xml")) throw XlsxError(phrase("hq.xlsx.docx"));
    throw XlsxError(phrase("hq.xlsx.zip"));
  }
  const Workbook wb = read_workbook(zip);
  XlsxSheet out;
  out.name = wb.sheet_name;
  out.sheets = wb.sheets;
  std::map<std::size_t, std::map<std::size_t, std::string>> cells;  // row → column → text
  std::vector<std::pair<std::pair<std::size_t, std::size_t>, std::pair<std::size_t, std::size_t>>> merges;
  std::size_t count = 0, row = 0, next_col = 1, col = 0;
  std::string type, value, inline_text;
  int style = -1;
  bool in_v = false, in_is_t = false, in_c = false;
  int phonetic = 0;
  XmlHandlers h;
  h.start = [&](const std::string& n, const char** a) {
    if (n == "row") {
      const char* r = attr(a, "r");
      row = r ? static_cast<std::size_t>(std::strtoul(r, nullptr, 10)) : row + 1;
      if (row == 0 || row > 1048576) throw XlsxError(phrase("hq.xlsx.row_beyond"));
      next_col = 1;
    } else if (n == "c") {
      in_c = true;
      const char* r = attr(a, "r");
      std::size_t rr = row;
      if (r) {
        if (!cell_ref(r, col, rr)) throw XlsxError(phrase("hq.xlsx.bad_ref", {{"ref", r}}));
        if (rr != row && row != 0) rr = row;  // the row element decides
        if (row == 0) row = rr;
      } else {
        col = next_col;
      }
      next_col = col + 1;
      const char* t = attr(a, "t");
      type = t ? t : "n";
      const char* s = attr(a, "s");
      style = s ? std::atoi(s) : -1;
      value.clear();
      inline_text.clear();
    } else if (n == "v" && in_c) {
      in_v = true;
    } else if (n == "rPh") {
      ++phonetic;
    } else if (n == "t" && in_c && phonetic == 0) {
      in_is_t = true;
    } else if (n == "mergeCell") {
      const char* ref = attr(a, "ref");
      if (!ref) return;
      const std::string s = ref;
      const auto colon = s.find(':');
      std::size_t c1, r1, c2, r2;
      if (colon == std::string::npos || !cell_ref(s.substr(0, colon).c_str(), c1, r1) ||
          !cell_ref(s.substr(colon + 1).c_str(), c2, r2) || c2 < c1 || r2 < r1)
        throw XlsxError(phrase("hq.xlsx.bad_merge", {{"range", s}}));
      merges.push_back({{r1, c1}, {r2, c2}});
    }
  };
  h.end = [&](const std::string& n) {
    if (n == "v") {
      in_v = false;
    } else if (n == "t") {
      in_is_t = false;
    } else if (n == "rPh") {
      --phonetic;
    } else if (n == "c") {
      in_c = false;
      std::string text;
      if (type == "s") {
        char* end = nullptr;
        const unsigned long i = std::strtoul(value.c_str(), &end, 10);
        if (value.empty() || *end != '\0' || i >= wb.shared.size())
          throw XlsxError(phrase("hq.xlsx.no_shared", {{"cell", column_name(col) + std::to_string(row)}}));
        text = wb.shared[i];
      } else if (type == "inlineStr") {
        text = inline_text;
      } else if (type == "str" || type == "e") {
        text = value;
      } else if (type == "b") {
        text = value == "1" ? "TRUE" : "FALSE";
      } else {  // a number, a date when its style shows one
        text = number_text(value);
        const bool is_date = style >= 0 && static_cast<std::size_t>(style) < wb.date_styles.size() &&
                             wb.date_styles[static_cast<std::size_t>(style)];
        if (is_date && !value.empty()) {
          const double serial = std::strtod(value.c_str(), nullptr);
          const std::string day = excel_serial_date(serial, wb.date1904);
          if (!day.empty()) {
            const double frac = serial - std::floor(serial);
            text = day;
            if (frac > 1e-9) text += frac >= 0.5 ? " 下午" : " 上午";
          }
        }
      }
      if (!protocol::valid_utf8(text)) throw XlsxError(phrase("hq.xlsx.cell_not_utf8", {{"cell", column_name(col) + std::to_string(row)}}));
      if (trim(text).empty()) return;
      if (col > limits.max_columns)
        throw XlsxError(phrase("hq.xlsx.beyond_column", {{"cell", column_name(col) + std::to_string(row)},
                                                     {"column", column_name(limits.max_columns)}}));
      if (++count > limits.max_cells) throw XlsxError(phrase("hq.xlsx.too_many_cells", {{"n", std::to_string(limits.max_cells)}}));
      cells[row][col] = std::move(text);
    }
  };
  h.text = [&](const char* t, int len) {
    if (in_v) value.append(t, static_cast<std::size_t>(len));
    else if (in_is_t) inline_text.append(t, static_cast<std::size_t>(len));
  };
  parse_xml(zip.read(wb.sheet_part), wb.sheet_part, h);
  // Merged cells as Excel and WPS write them: the value in the top-left cell only. Each cell of the range gets it,
  // so a 日期 merged down over several people's rows, or a title across the table, reads as typed in every cell.
  for (const auto& [top, bottom] : merges) {
    const auto src_row = cells.find(top.first);
    if (src_row == cells.end()) continue;
    const auto src = src_row->second.find(top.second);
    if (src == src_row->second.end()) continue;
    const std::string v = src->second;
    const std::size_t last_col = std::min(bottom.second, limits.max_columns);
    if ((bottom.first - top.first + 1) * (last_col - top.second + 1) > limits.max_cells)
      throw XlsxError(phrase("hq.xlsx.too_merged"));
    for (std::size_t r = top.first; r <= bottom.first; ++r)
      for (std::size_t c = top.second; c <= last_col; ++c) {
        auto& slot = cells[r][c];
        if (slot.empty()) {
          if (++count > limits.max_cells)
            throw XlsxError(phrase("hq.xlsx.too_many_cells", {{"n", std::to_string(limits.max_cells)}}));
          slot = v;
        }
      }
  }
  std::size_t fields = 0;
  for (auto& [r, cols] : cells) {
    fields += cols.rbegin()->first;
    if (fields > limits.max_fields) throw XlsxError(phrase("hq.xlsx.too_large"));
    CsvRow out_row;
    out_row.line = r;
    out_row.fields.resize(cols.rbegin()->first);
    for (auto& [c, text] : cols) out_row.fields[c - 1] = std::move(text);
    out.rows.push_back(std::move(out_row));
  }
  return out;
}

}  // namespace hq
