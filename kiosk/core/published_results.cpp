#include "kiosk/core/published_results.h"

#include <algorithm>
#include <map>

namespace core {

std::optional<MonthResults> month_results(Store& store) {
  const auto published = store.published_results();
  if (!published) return std::nullopt;
  std::map<std::string, Department> departments;
  for (auto& d : store.departments()) departments.emplace(d.id, std::move(d));
  MonthResults out{published->month, {}};
  for (const auto& r : published->departments)
    if (auto it = departments.find(r.department_id); it != departments.end())
      out.rows.push_back({it->second, r.ratings, r.good_rate});
  std::stable_sort(out.rows.begin(), out.rows.end(), [](const DepartmentResultRow& a, const DepartmentResultRow& b) {
    return a.department.sort < b.department.sort;
  });
  return out;
}

}  // namespace core
