#include "sync/hq/department_scope.h"

#include "sync/hq/console_api.h"
#include "sync/hq/reference_lookup.h"

namespace hq {

std::string department_name(HqStore& store, const std::string& department_id) {
  for (const auto& d : stored_departments(store))
    if (d.id == department_id) return d.name;
  return department_id;
}

std::string read_scope(HqStore& store, const Principal& who, const std::string& asked) {
  if (asked.empty()) {
    if (who.role != Role::liaison) return "";
    for (const auto& d : stored_departments(store))
      if (d.name == who.department) return d.id;
    throw Forbidden(phrase("hq.scope.unknown_own", {{"department", who.department}}));
  }
  const std::string id = department_id(store, asked);
  if (!who.sees(department_name(store, id))) throw Forbidden(phrase("hq.scope.other_department"));
  return id;
}

void require_change(HqStore& store, const Principal& who, const std::string& department_id) {
  if (!who.may_change()) throw Forbidden(phrase("hq.scope.read_only"));
  if (who.role == Role::admin) return;
  if (who.department.empty() || department_name(store, department_id) != who.department)
    throw Forbidden(phrase("hq.scope.liaison_only", {{"department", department_name(store, department_id)}}));
}

void require_bureau(const Principal& who) {
  if (who.role != Role::admin) throw Forbidden(phrase("hq.scope.admin_only"));
}

}  // namespace hq
