#include "sync/hq/xlsx_writer.h"

#include <xlsxwriter.h>

#include <algorithm>
#include <cmath>

#include "sync/hq/admin_error.h"

namespace hq {
namespace {

// The height (points) a row of wrapped cells needs, since neither libxlsxwriter nor every spreadsheet program
// fits rows to wrapped text: a Chinese character is about two column-width units, a Latin one about one.
double row_height(const std::vector<std::string>& cells, const std::vector<double>& widths, double min = 18) {
  std::size_t most = 1;
  for (std::size_t c = 0; c < cells.size() && c < widths.size(); ++c) {
    const double room = std::max(1.0, widths[c] - 1.5);
    std::size_t lines = 0;
    double units = 0;
    auto end_line = [&] {
      lines += std::max<std::size_t>(1, static_cast<std::size_t>(std::ceil(units / room)));
      units = 0;
    };
    for (unsigned char ch : cells[c]) {
      if (ch == '\n') end_line();
      else if (ch < 0x80) units += 1;
      else if ((ch & 0xC0) == 0xC0) units += 2;  // the lead byte of a wider character
    }
    end_line();
    most = std::max(most, lines);
  }
  return std::max(min, 15.0 * static_cast<double>(most) + 4);
}

}  // namespace

void write_xlsx(const std::vector<Sheet>& sheets, const std::string& path) {
  lxw_workbook* wb = workbook_new(path.c_str());
  if (!wb) throw AdminError("cannot create " + path);
  lxw_format* title = workbook_add_format(wb);
  format_set_bold(title);
  format_set_font_size(title, 16);
  format_set_align(title, LXW_ALIGN_CENTER);
  format_set_align(title, LXW_ALIGN_VERTICAL_CENTER);
  lxw_format* meta = workbook_add_format(wb);
  format_set_align(meta, LXW_ALIGN_LEFT);
  lxw_format* head = workbook_add_format(wb);
  format_set_bold(head);
  format_set_text_wrap(head);
  format_set_border(head, LXW_BORDER_THIN);
  format_set_align(head, LXW_ALIGN_CENTER);
  format_set_align(head, LXW_ALIGN_VERTICAL_CENTER);
  format_set_bg_color(head, 0xD9E1F2);
  lxw_format* cell = workbook_add_format(wb);
  format_set_text_wrap(cell);
  format_set_border(cell, LXW_BORDER_THIN);
  format_set_align(cell, LXW_ALIGN_VERTICAL_CENTER);
  for (const Sheet& sh : sheets) {
    lxw_worksheet* ws = workbook_add_worksheet(wb, sh.name.c_str());
    const auto last_col = static_cast<lxw_col_t>(sh.headers.empty() ? 0 : sh.headers.size() - 1);
    // Printed as the notice's forms are: A4 landscape, one page wide, the column headers on every page.
    worksheet_set_landscape(ws);
    worksheet_set_paper(ws, 9);
    worksheet_fit_to_pages(ws, 1, 0);
    worksheet_center_horizontally(ws);
    worksheet_set_margins(ws, 0.4, 0.4, 0.5, 0.5);
    lxw_row_t r = 0;
    worksheet_set_row(ws, r, 30, nullptr);
    worksheet_merge_range(ws, r, 0, r, last_col, sh.title.c_str(), title);
    ++r;
    for (const auto& m : sh.meta) {
      worksheet_merge_range(ws, r, 0, r, last_col, m.c_str(), meta);
      ++r;
    }
    const lxw_row_t header_top = r;
    const double header_h = row_height(sh.headers, sh.widths, 22);
    if (sh.groups.empty()) {
      worksheet_set_row(ws, r, header_h, nullptr);
      for (std::size_t c = 0; c < sh.headers.size(); ++c)
        worksheet_write_string(ws, r, static_cast<lxw_col_t>(c), sh.headers[c].c_str(), head);
      ++r;
    } else {
      worksheet_set_row(ws, r, std::max(20.0, header_h / 2 + 2), nullptr);
      worksheet_set_row(ws, r + 1, std::max(20.0, header_h / 2 + 2), nullptr);
      std::vector<bool> grouped(sh.headers.size(), false);
      for (const auto& g : sh.groups) {
        worksheet_merge_range(ws, r, static_cast<lxw_col_t>(g.first), r, static_cast<lxw_col_t>(g.last),
                              g.label.c_str(), head);
        for (std::size_t c = g.first; c <= g.last; ++c) {
          grouped[c] = true;
          worksheet_write_string(ws, r + 1, static_cast<lxw_col_t>(c), sh.headers[c].c_str(), head);
        }
      }
      for (std::size_t c = 0; c < sh.headers.size(); ++c)
        if (!grouped[c])
          worksheet_merge_range(ws, r, static_cast<lxw_col_t>(c), r + 1, static_cast<lxw_col_t>(c),
                                sh.headers[c].c_str(), head);
      r += 2;
    }
    worksheet_freeze_panes(ws, r, 0);
    worksheet_repeat_rows(ws, header_top, r - 1);
    for (std::size_t c = 0; c < sh.widths.size(); ++c)
      worksheet_set_column(ws, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c), sh.widths[c], nullptr);
    for (const auto& row : sh.rows) {
      worksheet_set_row(ws, r, row_height(row, sh.widths), nullptr);
      for (std::size_t c = 0; c < row.size(); ++c) {
        const auto col = static_cast<lxw_col_t>(c);
        const bool num = c < sh.numeric.size() && sh.numeric[c] && !row[c].empty() &&
                         row[c].find_first_not_of("0123456789-") == std::string::npos;
        if (num) worksheet_write_number(ws, r, col, std::stod(row[c]), cell);
        else worksheet_write_string(ws, r, col, row[c].c_str(), cell);
      }
      ++r;
    }
    ++r;  // a blank row, then 填报人 and 联系方式 to sign
    for (const auto& f : sh.footer) {
      worksheet_merge_range(ws, r, 0, r, last_col, f.c_str(), meta);
      ++r;
    }
  }
  if (workbook_close(wb) != LXW_NO_ERROR) throw AdminError("cannot write " + path);
}

}  // namespace hq
