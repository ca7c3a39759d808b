#pragma once
// The 报表 of the console and of scripts: one of the bureau's tables for a period, as JSON preview rows or as the
// very XLSX/CSV file `hqd export` writes, limited to what the principal sees.
#include <cstddef>
#include <string>

#include "sync/hq/hq_store.h"
#include "sync/hq/principal.h"

namespace hq {

// What GET /v1/console/reports/{table} asks for.
struct ReportQuery {
  std::string table;       // attachment3, ratings, reports, compliance, callbacks (as `hqd export --table`)
  std::string period;      // 2026Q2, 2026H1, 2026 or 2026-04-01..2026-05-15 (export.h period_dates)
  std::string department;  // id or name; empty: a liaison's own, everyone else every department
  std::string format;      // json, xlsx, csv
  std::size_t offset = 0, limit = 200;  // the JSON preview's rows of each sheet
  int follow_up_days = 15;
  std::string assets_dir;  // the kiosks' assets (labels, shipped reason list and calendar)
};

// The answer: its bytes, content type and, for a download, the file name (附件3-区行政审批局-2026Q2.xlsx).
struct ReportFile {
  std::string content_type, body, filename;
};

// Builds the table; throws AdminError for a bad query, Forbidden for another department's, NotFound for an
// unknown department. The JSON preview masks citizens' phones and names; the full 回访工作单 download needs a
// principal who may change (admin, or the department's liaison).
ReportFile report_file(HqStore& store, const Principal& who, const ReportQuery& query);

}  // namespace hq
