#include "sync/hq/export_lookup.h"

#include "sync/common/read_text.h"
#include "sync/hq/admin_error.h"
#include "sync/hq/official_added.h"
#include "sync/hq/reference_lookup.h"
#include "sync/protocol/reference_json.h"

namespace hq {
namespace {

using sync_db::Db;
using sync_db::Stmt;

template <typename Rows>
std::string department_of(const Rows& rows, const std::string& id) {
  const auto it = rows.find(id);
  return it == rows.end() ? "" : it->second.department_id;
}

}  // namespace

std::string Lookup::department_name(const std::string& id) const {
  const auto it = departments.find(id);
  return it == departments.end() ? id : it->second.name;
}

int Lookup::department_sort(const std::string& id) const {
  const auto it = departments.find(id);
  return it == departments.end() ? 9999 : it->second.sort;
}

Lookup load_master(Db& db, const HallClock& hall) {
  Lookup l(hall);
  for (auto& d : stored_departments(db)) l.departments.emplace(d.id, std::move(d));
  for (auto& w : stored_windows(db)) l.windows.emplace(w.id, std::move(w));
  for (auto& o : stored_officials(db)) l.officials.emplace(o.id, std::move(o));
  for (auto& i : stored_service_items(db)) l.items.emplace(i.id, std::move(i));
  return l;
}

Lookup load_lookup(Db& db, const std::string& assets_dir, const HallClock& hall) {
  Lookup l = load_master(db, hall);
  // Levels, report kinds, problem sources and ranks in the words the citizen and the official tapped.
  try {
    l.labels.load(assets_dir + "/i18n/zh-CN.json");
  } catch (const std::exception& e) {
    throw AdminError(std::string(e.what()) + " (the kiosks' assets, --assets DIR)");
  }
  l.reasons = reason_wordings(db, shipped_reason_wordings(assets_dir));
  // The calendar the kiosks use until HQ publishes its own (a shipped file that cannot be read is not used).
  if (!assets_dir.empty()) {
    try {
      if (const auto text = common::read_text(assets_dir + "/calendar/workdays.json")) {
        l.calendar.load_json(*text);
        l.calendar_source = Lookup::CalendarSource::shipped;
      }
    } catch (const protocol::DecodeError&) {
    }
  }
  l.added = added_days(db);
  Stmt s(db, "SELECT body FROM reference WHERE tbl = 'calendar' AND body IS NOT NULL");
  while (s.step()) {
    try {
      l.calendar.load_json(s.text(0));
      l.calendar_source = Lookup::CalendarSource::hq;
    } catch (const std::exception& e) {
      throw AdminError(std::string("HQ's working-day calendar cannot be read: ") + e.what());
    }
  }
  return l;
}

std::map<std::string, std::string> shipped_reason_wordings(const std::string& assets_dir) {
  std::map<std::string, std::string> out;
  if (assets_dir.empty()) return out;
  try {  // a shipped file that cannot be read is simply not used
    if (const auto text = common::read_text(assets_dir + "/reasons/rating_reasons.json"))
      for (const auto& g : protocol::decode_reason_list(*text).groups)
        for (const auto& r : g.reasons) out[r.id] = r.zh;
  } catch (const protocol::DecodeError&) {
  }
  return out;
}

std::map<std::string, std::string> reason_wordings(Db& db, std::map<std::string, std::string> shipped) {
  // Every wording ever published, so reasons of a retired list keep their names; each publish of a list writes
  // its wordings here in the same transaction, so the current list's wording wins.
  Stmt s(db, "SELECT id, zh FROM reason_labels");
  while (s.step()) shipped[s.text(0)] = s.text(1);
  return shipped;
}

std::string target_department(const Lookup& l, const protocol::RatingBody& r) {
  return target_department(l, r.target_kind, r.target_id);
}

std::string target_department(const Lookup& l, protocol::TargetKind kind, const std::string& target_id) {
  switch (kind) {
    case protocol::TargetKind::official: return department_of(l.officials, target_id);
    case protocol::TargetKind::window: return department_of(l.windows, target_id);
    default: return department_of(l.items, target_id);
  }
}

std::string reason_text(const Lookup& l, const protocol::RatingBody& r) {
  std::string out;
  for (const auto& rid : r.reasons) out += (out.empty() ? "" : "；") + (l.reasons.count(rid) ? l.reasons.at(rid) : rid);
  return out;
}

std::string follow_up_deadline(const Lookup& l, const protocol::RatingBody& r, const ExportOptions& o) {
  const std::string day = r.created_at.substr(0, 10);
  return protocol::valid_date(day) ? l.calendar.add_working_days(day, o.follow_up_days) : "";
}

}  // namespace hq
