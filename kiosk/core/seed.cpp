#include "kiosk/core/seed.h"
#include "sync/common/read_text.h"

#include <set>

#include "kiosk/core/clock.h"
#include "kiosk/core/duty.h"
#include "sync/protocol/reference_json.h"

namespace core {

void apply_reference_file(Store& store, const std::string& path) {
  const auto text = common::read_text(path);
  if (!text) throw std::runtime_error("cannot read reference file " + path);
  try {
    store.apply_reference(protocol::decode_reference(*text));
  } catch (const protocol::DecodeError& e) {
    throw std::runtime_error("reference file " + path + ": " + e.what());
  }
}

void seed_demo(Store& store, const std::string& assets_dir, std::int64_t now, const Config& config) {
  apply_reference_file(store, assets_dir + "/demo/reference.json");
  const auto officials = store.officials();
  const auto windows = store.windows();
  if (officials.empty() || windows.empty()) return;

  const CivilTime civil = to_civil(now, config.utc_offset_minutes);
  const std::string today = civil.date();
  const std::string monday = week_start(today);
  protocol::ReferenceData plan;
  plan.cursor = "demo-2";
  for (int di = 0; di < 14; ++di) {
    const std::string date = add_days(monday, di);
    if (weekday_of(date) >= 5 && date != today) continue;
    for (int hi = 0; hi < 2; ++hi) {
      const int count = date == today ? 6 : 4;
      std::set<std::string> taken;
      for (int j = 0; j < count; ++j) {
        const auto& o = officials[static_cast<std::size_t>(di * 7 + hi * 11 + j * 3) % officials.size()];
        std::string window;
        for (const auto& w : windows)  // the official's own department's window, else any free one
          if (!taken.count(w.id) && (window.empty() || w.department_id == o.department_id)) {
            if (w.department_id == o.department_id) {
              window = w.id;
              break;
            }
            if (window.empty()) window = w.id;
          }
        taken.insert(window);
        plan.schedule.push_back({"demo-" + date + "-" + std::to_string(hi) + "-" + std::to_string(j), date,
                                 hi == 0 ? HalfDay::am : HalfDay::pm, o.id, window, ""});
      }
    }
  }
  // Last month's results as HQ would publish them: a few hundred ratings a department, most of them good.
  protocol::PublishedResults results;
  results.month = add_days(today.substr(0, 7) + "-01", -1).substr(0, 7);
  int k = 0;
  for (const auto& d : store.departments()) {
    const int ratings = k % 6 == 5 ? 0 : 40 + (k * 37) % 260;
    results.departments.push_back(
        {d.id, ratings, ratings ? std::optional<double>(1.0 - static_cast<double>((k * 7) % 9 + 1) / 200.0) : std::nullopt});
    ++k;
  }
  plan.published_results = results;
  store.apply_reference(plan);

  // Check-ins for the half-day now running: three on duty, one who has left, the rest not yet arrived.
  const HalfDay half = half_at(civil.minute_of_day(), config.hours.pm_start);
  if (!store.sittings(today, today).empty()) return;  // seeded before: keep what is there
  int n = 0;
  for (const auto& e : store.schedule(today, today)) {
    if (e.half != half) continue;
    if (n < 3) {
      store.check_in({e.official_id, e.window_id, e.id, today, half, now - (95 - 17 * n) * 60, std::nullopt});
    } else if (n == 3) {
      const std::string uuid = store.check_in({e.official_id, e.window_id, e.id, today, half, now - 150 * 60, std::nullopt});
      store.check_out(uuid, now - 12 * 60);
    }
    ++n;
  }
}

}  // namespace core
