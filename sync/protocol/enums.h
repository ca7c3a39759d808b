#pragma once
// Every enumeration that crosses the wire, each spelt once here (sync/PROTOCOL.md). The words people read
// for a value are not here: they are in assets/i18n/*.json under label_key(value), e.g. "level.basic".
#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace protocol {

// Rank decides the sitting frequency rule: head yearly, deputy half-yearly, chief quarterly.
enum class Rank { head, deputy, chief };
enum class HalfDay { am, pm };
// Item type of the 事项清单.
enum class ItemType { one_thing, integrated, cross_region, high_frequency, other };
// What became of a 办不成事 report; `submitted` is the kiosk's own state before HQ has said anything.
enum class ReportState { submitted, accepted, in_progress, done };
// The five levels of the national 好差评 scheme, as meanings: the numeric code (the national standard and the
// provincial interfaces count in opposite directions) is chosen where HQ talks to such a system.
enum class Level { very_satisfied, satisfied, basic, dissatisfied, very_dissatisfied };
// What a rating is about.
enum class TargetKind { official, window, item };
// Where a problem found at a window came from: the four columns of 附件3's 问题来源.
enum class ProblemSource { citizen, staff, self_check, other };
// What kind of problem a 办不成事 report is about.
enum class ReportKind { materials, many_trips, slow, buck_passing, system_fault, policy_unclear, other };
// The kinds of record a kiosk sends up (a 走流程 also comes from the console).
enum class RecordKind { checkin, checkout, rating, report, pin_attempt, walk };
// How an official walked a service process (干部走流程): 驻窗办, 亲身办, 陪同办, 检验办 — the ledger's four columns.
enum class WalkForm { at_window, in_person, accompany, inspect };
// A console account's role at HQ (sync/CONSOLE_API.md): the bureau's admin, a department's 联络员, a leader who reads.
enum class ConsoleRole { admin, liaison, viewer };
// Where HQ's handling of a 差评 stands: 待核实 → 整改中 → 已反馈 → 已回访 (the console's JSON API and CLI).
enum class CaseState { to_verify, rectifying, answered, revisited };
// Why a department appeals a 差评: 恶意 (malicious) or 误评 (given by mistake).
enum class AppealGround { malicious, mistaken };
// What the bureau decided on an appeal; an approved one no longer counts in 好评率.
enum class AppealState { pending, approved, rejected };
// What the kiosk's storage can do now: save (ok), or not, and why.
enum class StorageState { ok, disk_full, newer_schema, unusable };
// What happened to the kiosk's storage: a damaged file set aside, records found lost at start (a WAL deleted or
// damaged), a database of a newer version refused, a full disk, the sequence continued after HQ's number, records
// still to send read back from a file set aside (detail: how many).
enum class StorageEventKind { set_aside, rolled_back, newer_schema, disk_full, continued, salvaged };
// Why hqd alerts (alert_raising.h): a 差评 or a 办不成事 arrived, a case's deadline is the next working day, or passed;
// a kiosk has not reported for a while, holds records HQ refused (parked), or has records waiting too long to go.
enum class AlertKind { bad_rating, report, due_soon, overdue, kiosk_silent, kiosk_parked, kiosk_backlog };
// How a kiosk's screen stands (its config's `orientation`): 1080×1920 or 1920×1080.
enum class Orientation { portrait, landscape };
// Whether an official planned for a half-day is at the window (duty_status.h): not yet, there now, gone.
enum class DutyStatus { not_arrived, on_duty, left };
// The JSON a department's webhook receives: a 企业微信 group robot, a 钉钉 group robot, or hqd's plain JSON.
enum class WebhookKind { wecom, dingtalk, generic };
// Where one outgoing HTTP call of hqd stands (outgoing_calls.h): waiting to be (re)sent, delivered (a 2xx), given up
// on (failed for good), or held (its webhook is switched off).
enum class CallState { pending, sent, failed, held };

// A 差评: the two levels that need a reason and are followed up.
constexpr bool is_bad(Level l) { return l == Level::dissatisfied || l == Level::very_dissatisfied; }

// The wire words of E in the order of its values, and the assets/i18n key prefix of its labels.
template <typename E>
struct Spelling;
template <>
struct Spelling<Rank> {
  static constexpr std::array<const char*, 3> words = {"head", "deputy", "chief"};
  static constexpr const char* label = "rank.";
};
template <>
struct Spelling<HalfDay> {
  static constexpr std::array<const char*, 2> words = {"am", "pm"};
  static constexpr const char* label = "half.";
};
template <>
struct Spelling<ItemType> {
  static constexpr std::array<const char*, 5> words = {"one_thing", "integrated", "cross_region", "high_frequency",
                                                       "other"};
  static constexpr const char* label = "console.items.type.";  // the console's words, which the kiosk's 办事指南 shows too
};
template <>
struct Spelling<ReportState> {
  static constexpr std::array<const char*, 4> words = {"submitted", "accepted", "in_progress", "done"};
  static constexpr const char* label = "query.status.";
};
template <>
struct Spelling<Level> {
  static constexpr std::array<const char*, 5> words = {"very_satisfied", "satisfied", "basic", "dissatisfied",
                                                       "very_dissatisfied"};
  static constexpr const char* label = "level.";
};
template <>
struct Spelling<TargetKind> {
  static constexpr std::array<const char*, 3> words = {"official", "window", "item"};
  static constexpr const char* label = "target.";
};
template <>
struct Spelling<ProblemSource> {
  static constexpr std::array<const char*, 4> words = {"citizen", "staff", "self_check", "other"};
  static constexpr const char* label = "problem.source.";
};
template <>
struct Spelling<ReportKind> {
  static constexpr std::array<const char*, 7> words = {"materials",    "many_trips",     "slow", "buck_passing",
                                                       "system_fault", "policy_unclear", "other"};
  static constexpr const char* label = "kind.";
};
template <>
struct Spelling<RecordKind> {
  static constexpr std::array<const char*, 6> words = {"checkin", "checkout", "rating", "report", "pin_attempt",
                                                       "walk"};
};
template <>
struct Spelling<WalkForm> {
  static constexpr std::array<const char*, 4> words = {"at_window", "in_person", "accompany", "inspect"};
  static constexpr const char* label = "walk.form.";
};

template <>
struct Spelling<CaseState> {
  static constexpr std::array<const char*, 4> words = {"to_verify", "rectifying", "answered", "revisited"};
  static constexpr const char* label = "case.state.";
};
template <>
struct Spelling<AppealGround> {
  static constexpr std::array<const char*, 2> words = {"malicious", "mistaken"};
  static constexpr const char* label = "case.appeal.";
};
template <>
struct Spelling<AppealState> {
  static constexpr std::array<const char*, 3> words = {"pending", "approved", "rejected"};
  static constexpr const char* label = "case.appeal_state.";
};

template <>
struct Spelling<StorageState> {
  static constexpr std::array<const char*, 4> words = {"ok", "disk_full", "newer_schema", "unusable"};
  static constexpr const char* label = "storage.state.";
};
template <>
struct Spelling<StorageEventKind> {
  static constexpr std::array<const char*, 6> words = {"set_aside", "rolled_back", "newer_schema", "disk_full",
                                                       "continued", "salvaged"};
  static constexpr const char* label = "storage.event.";
};
template <>
struct Spelling<ConsoleRole> {
  static constexpr std::array<const char*, 3> words = {"admin", "liaison", "viewer"};
  static constexpr const char* label = "console.role.";
};
template <>
struct Spelling<AlertKind> {
  static constexpr std::array<const char*, 7> words = {"bad_rating",   "report",       "due_soon",     "overdue",
                                                       "kiosk_silent", "kiosk_parked", "kiosk_backlog"};
  static constexpr const char* label = "alert.kind.";
};
template <>
struct Spelling<Orientation> {
  static constexpr std::array<const char*, 2> words = {"portrait", "landscape"};
  static constexpr const char* label = "orientation.";
};
template <>
struct Spelling<DutyStatus> {
  static constexpr std::array<const char*, 3> words = {"not_arrived", "on_duty", "left"};
  static constexpr const char* label = "status.";
};
template <>
struct Spelling<WebhookKind> {
  static constexpr std::array<const char*, 3> words = {"wecom", "dingtalk", "generic"};
  static constexpr const char* label = "alert.webhook.";
};
template <>
struct Spelling<CallState> {
  static constexpr std::array<const char*, 4> words = {"pending", "sent", "failed", "held"};
  static constexpr const char* label = "alert.call.";
};

template <typename E>
concept WireEnum = requires { Spelling<E>::words; };

template <WireEnum E>
constexpr const char* to_string(E e) {
  return Spelling<E>::words[static_cast<std::size_t>(e)];
}

// The value a wire word spells, or nullopt.
template <WireEnum E>
constexpr std::optional<E> from_string(std::string_view s) {
  for (std::size_t i = 0; i < Spelling<E>::words.size(); ++i)
    if (s == Spelling<E>::words[i]) return static_cast<E>(i);
  return std::nullopt;
}

// Every value of E, in order (for screens that offer them all, exports with a column each, and tests).
template <WireEnum E>
constexpr auto all_values() {
  std::array<E, Spelling<E>::words.size()> out{};
  for (std::size_t i = 0; i < out.size(); ++i) out[i] = static_cast<E>(i);
  return out;
}

// The assets/i18n key of a value's label: "level." + "basic" (for the enumerations people read).
template <WireEnum E>
  requires requires { Spelling<E>::label; }
std::string label_key(E e) {
  return std::string(Spelling<E>::label) + to_string(e);
}

}  // namespace protocol
