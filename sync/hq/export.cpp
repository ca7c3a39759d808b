#include "sync/hq/export.h"

#include <array>

#include "sync/hq/admin_error.h"
#include "sync/hq/csv_writer.h"
#include "sync/hq/export_tables.h"
#include "sync/hq/xlsx_writer.h"
#include "sync/protocol/calendar.h"

namespace hq {

using sync_db::Db;

std::optional<std::pair<std::string, std::string>> period_dates(const std::string& p) {
  if (const auto dots = p.find(".."); dots != std::string::npos) {  // a date range, both days included
    std::string from = p.substr(0, dots), to = p.substr(dots + 2);
    if (!protocol::valid_date(from) || !protocol::valid_date(to) || from > to) return std::nullopt;
    return std::pair{std::move(from), std::move(to)};
  }
  if (p.size() < 4 || p.find_first_not_of("0123456789", 0) < 4) return std::nullopt;
  const std::string y = p.substr(0, 4), rest = p.substr(4);
  if (rest.empty()) return std::pair{y + "-01-01", y + "-12-31"};
  if (rest == "H1") return std::pair{y + "-01-01", y + "-06-30"};
  if (rest == "H2") return std::pair{y + "-07-01", y + "-12-31"};
  static const std::array<std::pair<const char*, const char*>, 4> kQuarters = {
      {{"-01-01", "-03-31"}, {"-04-01", "-06-30"}, {"-07-01", "-09-30"}, {"-10-01", "-12-31"}}};
  if (rest.size() == 2 && rest[0] == 'Q' && rest[1] >= '1' && rest[1] <= '4') {
    const auto& q = kQuarters[static_cast<std::size_t>(rest[1] - '1')];
    return std::pair{y + q.first, y + q.second};
  }
  return std::nullopt;
}

std::vector<Sheet> build_export(HqStore& store, const ExportOptions& o) {
  if (!protocol::valid_date(o.from) || !protocol::valid_date(o.to) || o.from > o.to)
    throw AdminError("--from and --to must be dates YYYY-MM-DD, --from not after --to");
  return store.locked([&](Db& db) -> std::vector<Sheet> {
    const Lookup l = load_lookup(db, o.assets_dir, store.hall_clock());
    if (!o.department_id.empty() && !l.departments.count(o.department_id))
      throw NotFound("no department with id \"" + o.department_id + "\"");
    if (o.table == "attachment3") return {attachment3(db, l, o)};
    if (o.table == "ratings") return rating_tables(db, l, o);
    if (o.table == "reports") return {report_ledger(db, l, o)};
    if (o.table == "compliance") return compliance(db, l, o);
    if (o.table == "callbacks") return {callback_list(db, l, o)};
    if (o.table == "walks") return {walk_ledger(db, l, o)};
    if (o.table == "items") return {item_list(db, l, o)};
    throw AdminError("--table must be attachment3, ratings, reports, compliance, callbacks, walks or items");
  });
}

void export_table(HqStore& store, const ExportOptions& o) {
  if (o.format != "csv" && o.format != "xlsx") throw AdminError("--format must be csv or xlsx");
  const auto sheets = build_export(store, o);
  if (o.format == "csv") write_csv(sheets, o.out);
  else write_xlsx(sheets, o.out);
}


}  // namespace hq
