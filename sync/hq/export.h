#pragma once
// `hqd export`: which of the bureau's tables (export_tables.h) to build for which period, written as CSV or XLSX.
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "sync/hq/hq_store.h"
#include "sync/hq/sheet.h"

namespace hq {

// What `hqd export` was asked for.
struct ExportOptions {
  std::string table;          // attachment3, ratings, reports, compliance, callbacks, walks, items
  std::string from, to;       // YYYY-MM-DD, both included (local dates)
  std::string department_id;  // empty: every department
  std::string format;         // csv, xlsx
  std::string out;            // file to write
  int follow_up_days = 15;    // working days within which a 差评 must be followed up (回访)
  std::string assets_dir;     // the kiosks' shipped assets: the default reason list and calendar they use
                              // until HQ publishes its own (empty: none)
};

// The period picker's periods, for `hqd export --period` and GET /v1/console/reports alike: the first and last
// day of "2026Q2" (a quarter), "2026H1" (a half-year), "2026" (a year) or "2026-04-01..2026-05-15" (dates), or
// nullopt.
std::optional<std::pair<std::string, std::string>> period_dates(const std::string& period);

// Builds the sheets of a table (throws AdminError for a bad request).
std::vector<Sheet> build_export(HqStore& store, const ExportOptions& options);
// Builds and writes the table to options.out.
void export_table(HqStore& store, const ExportOptions& options);

}  // namespace hq
