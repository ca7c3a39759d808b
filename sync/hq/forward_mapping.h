#pragma once
// A target platform's mapping (a versioned file of assets/forwarding/): its record's fields, where each comes from,
// the codes our levels take there and how its answer reads. Codes are chosen only in those files: our levels are
// meanings (protocol::Level), and GB/T 39046 and the provincial interfaces number them in opposite directions.
#include <map>
#include <optional>
#include <regex>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sync/protocol/enums.h"
#include "sync/protocol/record_bodies.h"

namespace hq {

// One field of the platform's record: its name there, its source (see sync/FORWARDING.md) and its format.
struct ForwardField {
  std::string name, source;
  bool as_int = false;      // sent as a JSON number
  bool omit_empty = false;  // left out when empty (else an empty value is held: the platform requires it)
  std::string pattern;      // what the value must match (ECMAScript, over its bytes), "" any
  std::regex re;
};

// How the platform answers a batch: per record, its id and a status word.
struct ForwardAnswerShape {
  std::string results_key, id_key, status_key, message_key;
  std::vector<std::string> accepted, duplicate;  // every other status is a refusal
};

// Where the interface takes what follows a 差评 (its "results"): 整改 fed back (answered) and 回访 (revisited), each
// its own record pointing at the rating.
struct ForwardResults {
  std::string records_key;
  std::map<std::string, std::string> kinds;  // answered, revisited → the platform's code
  std::vector<ForwardField> fields;
  ForwardAnswerShape answer;
};

// One mapping file.
struct ForwardMapping {
  std::string id, version, title;
  int batch_size = 1;       // records per request
  std::string records_key;  // the request is {records_key: [records…]}
  std::string time_format;  // YYYY MM DD hh mm ss replaced, in the hall's time
  std::string reason_separator;
  std::map<protocol::Level, std::pair<std::string, std::string>> levels;  // code, name
  std::map<std::string, std::string> settings;  // defaults of source "setting:NAME" (the config may override)
  std::vector<ForwardField> fields;
  ForwardAnswerShape answer;
  std::optional<ForwardResults> results;  // nullopt: the interface takes ratings only
};

// Reads a mapping file's text; throws std::runtime_error naming what is wrong (a level without a code, a bad pattern).
ForwardMapping parse_forward_mapping(const std::string& json_text);

// What a rating is at HQ, as the mapping reads it. For a handling rating, `rating` is made from the case (its level,
// comment and time) and `project_no` is the receipt; for a result, `rating` is the 差评 with the result's id and time.
struct ForwardFacts {
  protocol::RatingBody rating;
  std::string project_no;                      // the 办件编号, or ""
  std::string rating_uuid, result_kind, note;  // a result's 差评, kind (answered, revisited) and note
  std::string department_id, department_name, department_code;  // code: "" when nobody gave one
  std::string task_code, task_name;                               // of a rated item; "" otherwise
  std::string area_code, area_name;
  int utc_offset_minutes = 480;                                   // the hall's
  std::map<std::string, std::string> reason_codes;                // our reason id → the platform's code
  std::map<std::string, std::string> settings;                    // the config's, over the mapping's
};

// A rating in the platform's record, or why it is held: `held_key` (an assets/i18n key) and `held_detail` (the id
// or field concerned). Nothing is sent wrong: a missing code, an empty required field or a value breaking its
// pattern holds the rating.
struct Mapped {
  nlohmann::json record;
  std::string held_key, held_detail;
};
Mapped map_rating(const ForwardMapping& mapping, const ForwardFacts& facts);
// A result in the platform's result record (held when the interface takes none).
Mapped map_result(const ForwardMapping& mapping, const ForwardFacts& facts);

// The level a platform's code stands for (nullopt: no level has it): the way back, for the round trip's test and
// for reading the platform's figures.
std::optional<protocol::Level> level_of_code(const ForwardMapping& mapping, const std::string& code);

// A moment (unix seconds) in the hall's time in `format` (tokens YYYY MM DD hh mm ss).
std::string format_hall_time(const std::string& format, std::int64_t unix_seconds, int utc_offset_minutes);

}  // namespace hq
