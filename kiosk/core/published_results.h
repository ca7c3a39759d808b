#pragma once
// 上月评价结果: the 好评率 and number of ratings of each department for the last full month, as HQ publishes them
// (GB/T 39734's 公开评价指标值), in the hall's order of departments.
#include <optional>
#include <string>
#include <vector>

#include "kiosk/core/store.h"

namespace core {

// One department's line: its name and what HQ published for it.
struct DepartmentResultRow {
  Department department;
  std::int64_t ratings = 0;
  std::optional<double> good_rate;  // 0..1; none without ratings
};

// The month (YYYY-MM) and its lines; nullopt until HQ has published any. Departments the kiosk does not know are
// left out.
struct MonthResults {
  std::string month;
  std::vector<DepartmentResultRow> rows;
};
std::optional<MonthResults> month_results(Store& store);

}  // namespace core
