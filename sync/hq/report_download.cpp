#include "sync/hq/audit.h"
#include "sync/hq/report_download.h"

#include <fcntl.h>
#include <unistd.h>

#include <cstdlib>
#include <nlohmann/json.hpp>

#include "sync/hq/admin_error.h"
#include "sync/hq/console_api.h"
#include "sync/hq/csv_writer.h"
#include "sync/hq/department_scope.h"
#include "sync/hq/export.h"
#include "sync/hq/export_cells.h"
#include "sync/hq/file_names.h"
#include "sync/hq/xlsx_writer.h"
#include "sync/protocol/json_limits.h"

namespace hq {
namespace {

using nlohmann::json;

// The tables by the names `hqd export --table` knows, with the file names they are downloaded under.
const char* file_stem(const std::string& table) {
  if (table == "attachment3") return "附件3";
  if (table == "ratings") return "好差评";
  if (table == "reports") return "办不成事";
  if (table == "compliance") return "坐窗口频次";
  if (table == "callbacks") return "回访工作单";
  if (table == "walks") return "走流程问题整改台账";
  if (table == "items") return "走流程事项清单";
  return nullptr;
}

// A citizen's name as 张*: the preview shows that a name was left, not whose.
std::string masked_name(const std::string& name) {
  if (name.empty()) return name;
  std::size_t first = 1;
  while (first < name.size() && (static_cast<unsigned char>(name[first]) & 0xC0) == 0x80) ++first;
  return name.substr(0, first) + "*";
}

// The workbook libxlsxwriter writes, read back (it writes only to files): a private temporary file, removed.
std::string xlsx_bytes(const std::vector<Sheet>& sheets) {
  const char* tmp = std::getenv("TMPDIR");
  std::string path = std::string(tmp && *tmp ? tmp : "/tmp") + "/hqd-report-XXXXXX.xlsx";
  const int fd = mkstemps(path.data(), 5);
  if (fd < 0) throw std::runtime_error("cannot make a temporary file for the workbook");
  close(fd);
  std::string bytes;
  try {
    write_xlsx(sheets, path);
    const int in = open(path.c_str(), O_RDONLY);
    if (in < 0) throw std::runtime_error("cannot read the workbook back");
    char buf[65536];
    for (ssize_t n; (n = read(in, buf, sizeof buf)) > 0;) bytes.append(buf, static_cast<std::size_t>(n));
    close(in);
  } catch (...) {
    unlink(path.c_str());
    throw;
  }
  unlink(path.c_str());
  return bytes;
}

}  // namespace

ReportFile report_file(HqStore& store, const Principal& who, const ReportQuery& q) {
  const char* stem = file_stem(q.table);
  if (!stem) throw NotFound("no report \"" + q.table + "\"; the reports are attachment3, ratings, reports, compliance, callbacks, walks, items");
  if (q.format != "json" && q.format != "xlsx" && q.format != "csv") throw AdminError("format is json, xlsx or csv");
  const auto dates = period_dates(q.period);
  if (!dates)
    throw AdminError("period is a quarter (2026Q2), a half-year (2026H1), a year (2026) or dates (2026-04-01..2026-05-15)");
  if (q.limit == 0 || q.limit > 2000) throw AdminError("limit is 1..2000");
  const std::string dept = read_scope(store, who, q.department);
  if (q.table == "callbacks" && q.format != "json") {
    if (dept.empty()) require_bureau(who);
    else require_change(store, who, dept);
    // The 回访工作单 download reveals citizens' phones in full: audited like a phone reveal.
    audit(store, who, "callbacks.download", "callbacks:" + (dept.empty() ? std::string("all") : dept), "",
          json{{"period", q.period}, {"format", q.format}}.dump());
  } else if (q.format != "json") {
    // Every other download too: who took which table of which department and period out of HQ.
    audit(store, who, "table.download", q.table + ":" + (dept.empty() ? std::string("all") : dept), "",
          json{{"period", q.period}, {"format", q.format}}.dump());
  }
  ExportOptions o{q.table, dates->first, dates->second, dept, q.format == "json" ? "csv" : q.format, "",
                  q.follow_up_days, q.assets_dir};
  std::vector<Sheet> sheets = build_export(store, o);
  const std::string scope = dept.empty() ? "全部" : department_name(store, dept);
  const std::string filename = std::string(stem) + "-" + file_name_part(scope) + "-" + file_name_part(q.period);
  if (q.format == "csv") return {"text/csv; charset=utf-8", csv_bytes(sheets), filename + ".csv"};
  if (q.format == "xlsx")
    return {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", xlsx_bytes(sheets), filename + ".xlsx"};
  json out = {{"table", q.table},  {"title", stem},         {"from", dates->first}, {"to", dates->second},
              {"period", q.period}, {"department", dept.empty() ? json() : json(scope)}, {"sheets", json::array()}};
  for (auto& sh : sheets) {
    std::vector<std::size_t> phones, names;
    for (std::size_t c = 0; c < sh.headers.size(); ++c) {
      if (sh.headers[c] == "联系电话" || sh.headers[c] == "回访电话") phones.push_back(c);
      if (sh.headers[c] == "姓名" && q.table == "callbacks") names.push_back(c);
    }
    json groups = json::array();
    for (const auto& g : sh.groups) groups.push_back({{"first", g.first}, {"last", g.last}, {"label", g.label}});
    json rows = json::array();
    for (std::size_t i = q.offset; i < sh.rows.size() && i < q.offset + q.limit; ++i) {
      auto& r = sh.rows[i];
      for (auto c : phones)
        if (c < r.size() && r[c].find('*') == std::string::npos) r[c] = masked(r[c]);
      for (auto c : names)
        if (c < r.size()) r[c] = masked_name(r[c]);
      for (auto& cell : r)
        if (!protocol::valid_utf8(cell)) cell = "?";
      rows.push_back(r);
    }
    out["sheets"].push_back({{"name", sh.name},
                             {"title", sh.title},
                             {"meta", sh.meta},
                             {"headers", sh.headers},
                             {"groups", groups},
                             {"numeric", sh.numeric},
                             {"total_rows", sh.rows.size()},
                             {"offset", q.offset},
                             {"rows", rows}});
  }
  return {"application/json", out.dump(), ""};
}

}  // namespace hq
