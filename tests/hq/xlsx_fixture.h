#pragma once
// Workbooks for the import tests, written by libxlsxwriter as Excel lays them out, and ZIP archives made by hand
// (libzip) for damaged or hostile ones.
#include <xlsxwriter.h>
#include <zip.h>

#include <cstdio>
#include <fstream>
#include <functional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace xlsx_test {

inline std::string file_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// A workbook at `path` whose first sheet `fill` writes; returns its bytes.
inline std::string workbook(const std::string& path, const std::function<void(lxw_workbook*, lxw_worksheet*)>& fill,
                            const char* sheet = "Sheet1") {
  lxw_workbook* wb = workbook_new(path.c_str());
  lxw_worksheet* ws = workbook_add_worksheet(wb, sheet);
  fill(wb, ws);
  if (workbook_close(wb) != LXW_NO_ERROR) throw std::runtime_error("libxlsxwriter failed on " + path);
  return file_bytes(path);
}

// One row of text cells from column A on (row is 0-based, as libxlsxwriter counts).
inline void text_row(lxw_worksheet* ws, lxw_row_t row, const std::vector<std::string>& cells) {
  for (std::size_t c = 0; c < cells.size(); ++c)
    if (!cells[c].empty()) worksheet_write_string(ws, row, static_cast<lxw_col_t>(c), cells[c].c_str(), nullptr);
}

// A ZIP archive at `path` holding these (name, content) parts, deflated; returns its bytes.
inline std::string zip_of(const std::string& path, const std::vector<std::pair<std::string, std::string>>& parts) {
  std::remove(path.c_str());
  int err = 0;
  zip_t* z = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &err);
  if (!z) throw std::runtime_error("zip_open failed");
  for (const auto& [name, content] : parts) {
    zip_source_t* s = zip_source_buffer(z, content.data(), content.size(), 0);
    if (!s || zip_file_add(z, name.c_str(), s, ZIP_FL_OVERWRITE) < 0) throw std::runtime_error("zip_file_add failed");
  }
  if (zip_close(z) != 0) throw std::runtime_error("zip_close failed");
  return file_bytes(path);
}

// Every part of a ZIP archive (to change one and zip them again).
inline std::vector<std::pair<std::string, std::string>> unzip(const std::string& bytes) {
  zip_error_t e;
  zip_error_init(&e);
  zip_source_t* src = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &e);
  zip_t* z = zip_open_from_source(src, ZIP_RDONLY, &e);
  if (!z) throw std::runtime_error("not a zip");
  std::vector<std::pair<std::string, std::string>> out;
  for (zip_int64_t i = 0; i < zip_get_num_entries(z, 0); ++i) {
    const char* name = zip_get_name(z, static_cast<zip_uint64_t>(i), 0);
    zip_file_t* f = zip_fopen_index(z, static_cast<zip_uint64_t>(i), 0);
    std::string content;
    char buf[65536];
    for (zip_int64_t n; (n = zip_fread(f, buf, sizeof buf)) > 0;) content.append(buf, static_cast<std::size_t>(n));
    zip_fclose(f);
    out.emplace_back(name, std::move(content));
  }
  zip_discard(z);
  return out;
}

// 附件2 of 区行政审批局 as a department sends it from Excel or WPS: the form's title lines (merged across the
// table), 填报单位 in a merged label and the name in the next cell, the header, a phone typed as a number, a
// date-time cell, a 日期 merged down over two people's rows, and the 填报人 line under the table. `bad_name`
// puts a person the department does not have on the last row.
inline std::string attachment2(const std::string& path, bool bad_name = false) {
  return workbook(path, [&](lxw_workbook* wb, lxw_worksheet* ws) {
    lxw_format* date = workbook_add_format(wb);
    format_set_num_format(date, "yyyy/m/d h:mm");
    text_row(ws, 0, {"附件2"});
    worksheet_merge_range(ws, 1, 0, 1, 5, "“局长科长坐窗口”活动人员时间安排表", nullptr);
    worksheet_merge_range(ws, 2, 0, 2, 1, "填报单位(盖章):", nullptr);
    worksheet_write_string(ws, 2, 2, "区行政审批局", nullptr);
    worksheet_write_string(ws, 2, 4, "填报日期:", nullptr);
    text_row(ws, 3, {"序号", "日期", "姓名", "职务", "联系电话", "备注"});
    text_row(ws, 4, {"1", "12月1日上午", "冯堃", "局长"});
    worksheet_write_number(ws, 4, 0, 1, nullptr);
    worksheet_write_number(ws, 4, 4, 18312345678.0, nullptr);
    worksheet_write_number(ws, 5, 0, 2, nullptr);
    lxw_datetime afternoon = {2026, 12, 2, 14, 30, 0};
    worksheet_write_datetime(ws, 5, 1, &afternoon, date);
    text_row(ws, 5, {"", "", "蒋喆", "副局长", "0632-8355011", "企业开办专场"});
    worksheet_merge_range(ws, 6, 1, 7, 1, "12月3日上午", nullptr);
    text_row(ws, 6, {"3", "", "韩昇", "审批一科科长"});
    text_row(ws, 7, {"4", "", bad_name ? "王小二" : "秦淼", "审批二科科长"});
    text_row(ws, 9, {"填报人:", "", "", "联系方式:"});
  });
}

}  // namespace xlsx_test
