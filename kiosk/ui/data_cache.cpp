// The data the screens show, read from the store only when it or the date changes: today's duty rows, a
// person's week, the two weeks ahead, and the 差评 reasons and working-day calendar in force.
#include "kiosk/ui/ui.h"

namespace ui {

void Ui::load_documents() {
  // HQ's versions when it has sent them, else the defaults shipped in assets/.
  reasons_ = store_.reason_list(assets_dir_);
  calendar_ = store_.work_calendar(assets_dir_);
}

core::HalfDay Ui::current_half() const { return core::half_at(now().minute_of_day(), config_.hours.pm_start); }

const std::vector<core::DutyRow>& Ui::week_of(const std::string& official_id) {
  // Read once per person, day and store change, not on every frame the card is drawn.
  const std::string key = official_id + "|" + now().date() + "|" + std::to_string(store_.revision());
  if (key == week_key_) return week_;
  week_key_ = key;
  week_.clear();
  const std::string monday = core::week_start(now().date());
  for (auto& r : core::load_duty(store_, monday, core::add_days(monday, 6)))
    if (r.official.id == official_id) week_.push_back(std::move(r));
  return week_;
}

const std::vector<core::ScheduleDay>& Ui::two_weeks() {
  const std::string key = now().date() + "|" + std::to_string(store_.revision());
  if (key != two_weeks_key_) {
    two_weeks_ = core::two_weeks(store_, now().date());
    two_weeks_key_ = key;
  }
  return two_weeks_;
}

void Ui::refresh_data() {
  const std::string date = now().date();
  if (store_.revision() == data_revision_ && date == data_date_) return;
  today_ = core::load_duty(store_, date, date);
  if (store_.revision() != data_revision_) load_documents();
  data_revision_ = store_.revision();
  data_date_ = date;
}

}  // namespace ui
