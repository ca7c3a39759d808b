#pragma once
// What citizens leave at the kiosk — 好差评 ratings and 办不成事 reports — with the checks on what they type.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sync/protocol/enums.h"

namespace core {

// The enumerations are the wire's (sync/protocol/enums.h); a screen labels a value with tr(label_key(v)).
using protocol::all_values;
using protocol::from_string;
using protocol::is_bad;
using protocol::label_key;
using protocol::Level;
using protocol::ReportKind;
using protocol::ReportState;
using protocol::TargetKind;
using protocol::to_string;

// One rating as the citizen gave it. A 差评 needs at least one reason.
struct Rating {
  TargetKind target_kind = TargetKind::official;
  std::string target_id;
  std::string target_name;  // as shown, kept with the record
  Level level = Level::satisfied;
  std::vector<std::string> reasons;  // reason ids from the reason list
  std::string reason_version;
  std::string comment;
  std::optional<std::string> phone;  // for a call-back (回访), only with consent
  std::int64_t at = 0;
};

// One 办不成事 report as the citizen filed it.
struct Report {
  std::string department_id;
  std::optional<std::string> item_id;  // nullopt: 其他事项
  std::string item_name;
  ReportKind kind = ReportKind::other;
  std::string description;
  std::string name;
  std::optional<std::string> phone;
  std::string due_date;  // the promised reply date
  std::int64_t at = 0;
};

// What a report has become, as far as this kiosk knows.
struct ReportStatus {
  std::string receipt;
  std::string status;  // submitted (not yet at HQ), accepted, in_progress, done
  std::string reply;
  std::string due_date;
  std::string item_name;
  std::int64_t created_at = 0;
};

// Limits, in characters, of what a citizen can type.
inline constexpr std::size_t kMaxDescription = 500;
inline constexpr std::size_t kMaxComment = 300;
inline constexpr std::size_t kMaxName = 20;

// A mainland mobile (1[3-9] and 9 digits) or a landline with its area code (0, 2–3 digits, 7–8 digits);
// spaces and dashes are allowed in the input. Returns the digits, or nullopt.
std::optional<std::string> normalize_phone(const std::string& input);
// 138****1234 for showing a phone number back to people.
std::string mask_phone(const std::string& digits);

}  // namespace core
