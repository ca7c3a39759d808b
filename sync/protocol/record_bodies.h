#pragma once
// The body of each record kind a kiosk sends up, once: its fields, its rules (validate), its JSON (encode,
// decode) and which of its fields are personal. See sync/PROTOCOL.md, "Kinds and their bodies".
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "sync/protocol/enums.h"
#include "sync/protocol/reference_json.h"

namespace protocol {

// An official sits down at a window (kind "checkin"). Times are ISO 8601 with the hall's offset.
struct CheckInBody {
  static constexpr RecordKind kind = RecordKind::checkin;
  std::string uuid;
  std::string official_id;
  std::string window_id;
  std::optional<std::string> schedule_id;  // nullopt: nobody planned this sitting
  std::string date;                        // the hall's date, YYYY-MM-DD
  HalfDay half = HalfDay::am;
  std::string checkin_at;
  std::optional<std::string> unscheduled_reason;
};

// One problem found during a sitting (附件3: 问题来源, 问题描述, 整改措施, 整改完成时间, 责任科室).
struct Problem {
  ProblemSource source = ProblemSource::citizen;
  std::string description;
  std::string measure;
  bool solved_on_spot = true;
  std::optional<std::string> due_date;  // YYYY-MM-DD when not solved on the spot
  std::string section;
};

// The official leaves (kind "checkout"): the rest of the sitting's 附件3 row.
struct CheckOutBody {
  static constexpr RecordKind kind = RecordKind::checkout;
  std::string uuid;
  std::string sitting_uuid;  // the check-in's UUID
  std::string checkout_at;
  int visitors = 0;          // 接待企业群众人次
  bool counts = false;       // lasted at least half a working day
  bool auto_closed = false;  // 未签退: closed by the kiosk at the end of the half-day
  std::vector<Problem> problems;
  // The official of the sitting: HQ takes a check-out from a kiosk other than the check-in's only when it names
  // the sitting's official (sync/PROTOCOL.md, "Who may close a sitting"). nullopt from kiosks before version 0.2.
  std::optional<std::string> official_id;
};

// A citizen's 好差评 (kind "rating"). Personal: the call-back phone.
struct RatingBody {
  static constexpr RecordKind kind = RecordKind::rating;
  std::string uuid;
  std::string created_at;
  TargetKind target_kind = TargetKind::official;
  std::string target_id;
  std::string target_name;  // as the citizen saw it
  Level level = Level::satisfied;
  std::vector<std::string> reasons;  // reason ids; at least one for a 差评
  std::string reason_version;
  std::string comment;
  std::optional<std::string> phone;
};

// A citizen's 办不成事 report (kind "report"). Personal: the name and the phone.
struct ReportBody {
  static constexpr RecordKind kind = RecordKind::report;
  std::string uuid;
  std::string receipt;  // 12 digits with a Damm check digit
  std::string created_at;
  std::string department_id;
  std::optional<std::string> item_id;  // nullopt: 其他事项
  std::string item_name;
  ReportKind report_kind = ReportKind::other;  // travels as "kind"
  std::string description;
  std::optional<std::string> name;
  std::optional<std::string> phone;
  std::string due_date;  // the promised reply date
};

// An official typed a PIN at a kiosk's pad (kind "pin_attempt"): whether it was right, never a digit of it. HQ
// counts the wrong ones of every kiosk per official and feeds the lock down (protocol/pin_lockout.h).
struct PinAttemptBody {
  static constexpr RecordKind kind = RecordKind::pin_attempt;
  std::string uuid;
  std::string official_id;
  std::string attempted_at;
  bool ok = false;
};

// One problem a 走流程 found (the ledger's 存在问题及原因, 整改及优化措施, 整改完成时间, 责任科室): nullopt due_date =
// put right on the spot.
struct WalkFinding {
  std::string description;
  std::string measure;
  std::optional<std::string> due_date;  // YYYY-MM-DD, the promised completion date
  std::string section;
};

// An official walked a service process of the 事项清单 (kind "walk"; from a kiosk after their PIN, or from the console).
struct WalkBody {
  static constexpr RecordKind kind = RecordKind::walk;
  std::string uuid;
  std::string official_id;
  std::string item_id;
  std::string item_name;          // as the official saw it
  std::string date;               // the day walked, YYYY-MM-DD, not after recorded_at's
  std::vector<WalkForm> forms;    // 驻窗办 … 检验办, at least one, each once
  std::vector<WalkFinding> findings;
  std::string recorded_at;
};

nlohmann::json encode(const CheckInBody& b);
nlohmann::json encode(const CheckOutBody& b);
nlohmann::json encode(const RatingBody& b);
nlohmann::json encode(const ReportBody& b);
nlohmann::json encode(const PinAttemptBody& b);
nlohmann::json encode(const WalkBody& b);

// Why a body breaks its kind's rules (naming the field), or nullopt when it keeps them.
std::optional<std::string> validate_body(RecordKind kind, const nlohmann::json& body);

// A body of type T from JSON; throws DecodeError with validate_body's reason when it breaks the rules.
template <typename T>
T decode_body(const nlohmann::json& body);
template <typename T>
T decode_body(const std::string& json_text);

// Personal fields leave a record once they are no longer needed (the kiosk: when HQ has the record; HQ: a
// year after the matter is closed). True when the body held any.
inline bool forget_personal(CheckInBody&) { return false; }
inline bool forget_personal(CheckOutBody&) { return false; }
inline bool forget_personal(PinAttemptBody&) { return false; }
inline bool forget_personal(WalkBody&) { return false; }
bool forget_personal(RatingBody& b);
bool forget_personal(ReportBody& b);
// The same on a body as JSON text of the given kind; the text unchanged when it has none (or is no valid body).
std::string without_personal(RecordKind kind, const std::string& json_text);

}  // namespace protocol
