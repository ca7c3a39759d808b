#pragma once
// The bureau's tables from hqd's records: 附件3 统计表, 好差评 summary, 办不成事 ledger, frequency compliance and
// the call-back work list (the only one with phone numbers in full),
// as CSV (UTF-8 with BOM) or XLSX (libxlsxwriter). Days taken and overdue are working days of HQ's published
// calendar (Monday–Friday when it has none).
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "sync/hq/hq_store.h"

namespace hq {

// What `hqd export` was asked for.
struct ExportOptions {
  std::string table;          // attachment3, ratings, reports, compliance, callbacks
  std::string from, to;       // YYYY-MM-DD, both included (local dates)
  std::string department_id;  // empty: every department
  std::string format;         // csv, xlsx
  std::string out;            // file to write
  int follow_up_days = 15;    // working days within which a 差评 must be followed up (回访)
  std::string assets_dir;     // the kiosks' shipped assets: the default reason list and calendar they use
                              // until HQ publishes its own (empty: none)
};

// The dates of a period written "2026Q2" (a quarter), "2026H1" (a half-year) or "2026" (a year), or nullopt.
std::optional<std::pair<std::string, std::string>> period_dates(const std::string& period);

// One printed table: title, lines under it, headers (some grouped under a spanning header), rows.
struct Sheet {
  // A header spanning columns first..last, with the columns' own headers on a second row.
  struct Group {
    std::size_t first = 0, last = 0;
    std::string label;
  };
  std::string name;  // worksheet name
  std::string title;
  std::vector<std::string> meta;
  std::vector<std::string> headers;
  std::vector<Group> groups;
  std::vector<double> widths;
  std::vector<bool> numeric;  // columns written as numbers in XLSX
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> footer = {"填报人：", "联系方式："};  // lines under the table, as the notice's forms end
};

// Builds the sheets of a table (throws AdminError for a bad request).
std::vector<Sheet> build_export(HqStore& store, const ExportOptions& options);
// Builds and writes the table to options.out.
void export_table(HqStore& store, const ExportOptions& options);

}  // namespace hq
