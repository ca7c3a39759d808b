#pragma once
// What 差评 and 办不成事 casework share: the list query, who sees which department, the words of states in both
// languages, notes checked, and the history every change leaves.
#include <cstdint>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "sync/common/sqlite_db.h"
#include "sync/hq/admin_error.h"
#include "sync/hq/console_api.h"
#include "sync/protocol/enums.h"

namespace hq {

// A list request as the console and the CLI make it (every field optional).
struct CaseQuery {
  std::string department;  // id or name
  std::string state;       // wire word or its label (待核实, 已受理, …)
  bool overdue = false;    // only open cases past their deadline (sorted by deadline, most overdue first)
  std::string from, to;    // YYYY-MM-DD: the day of the 差评 or report, both included
  std::string appeal;      // ratings only: pending, approved, rejected (or their labels)
  int limit = 50;          // 1..200
  int offset = 0;          // 0..100000, or:
  std::string cursor;      // the previous page's next_cursor (faster for deep pages)
  bool open = false;       // only open cases, the earliest deadline first (the overdue ones with them)
  bool by_deadline() const { return overdue || open; }
};
inline constexpr int kMaxPageSize = 200;
inline constexpr int kMaxOffset = 100000;
inline constexpr std::size_t kMaxNoteBytes = 2000;

// The label of a value in the console's language tables (assets/i18n zh-CN, en).
const std::string& label_zh(const std::string& key);
template <protocol::WireEnum E>
const std::string& label_zh(E e) {
  return label_zh(protocol::label_key(e));
}
// The value a word names: its wire spelling, or its label in Chinese or English (not found: AdminError listing them).
template <protocol::WireEnum E>
E parse_word(const std::string& word, const char* what);
std::optional<std::string> word_for_label(const std::string& word, const std::string& prefix,
                                          const std::vector<std::string>& wire_words);

// Department names by id, and the id a liaison is limited to.
struct Departments {
  explicit Departments(sync_db::Db& db);
  std::map<std::string, std::string> names;  // id → name
  std::string name(const std::string& id) const;  // "（未知部门）" for one HQ does not know
  // The department id of an id, name or short name (NotFound naming them).
  std::string id_of(const std::string& id_or_name) const;
  std::map<std::string, std::string> by_name;  // name and short name → id
};
// The department a principal may only see ("" for admin and viewer, who see all; a sentinel no row has for a
// liaison whose department HQ does not know).
std::string only_department(const Principal& who, const Departments& d);
// Throws Forbidden unless `who` sees department `id`.
void require_sees(const Principal& who, const Departments& d, const std::string& id, const std::string& what);

// A note, reason or reply: valid UTF-8, 1..kMaxNoteBytes bytes after trimming (AdminError naming `what`).
std::string checked_text(const std::string& text, const char* what, bool may_be_empty = false);

// A WHERE clause built up with its bound values.
struct SqlWhere {
  std::string sql;
  std::vector<std::variant<std::string, std::int64_t>> args;
  void add(const std::string& cond, std::vector<std::variant<std::string, std::int64_t>> values = {});
  void bind(sync_db::Stmt& s, int first = 1) const;
};
// The keyset cursor "KEY|ID" of a list page (AdminError when malformed).
std::pair<std::string, std::int64_t> parse_cursor(const std::string& cursor);
// A date filter (YYYY-MM-DD) checked.
void check_date(const std::string& date, const char* what);
// Limit and offset checked.
void check_page(const CaseQuery& q);

// The WHERE and ORDER BY of a list page over `table` (alias c): the department (the one asked for, which the
// principal must see, or a liaison's own), `state` (a wire word, "" for any), overdue against `deadline_column`,
// the dates, the cursor; newest first, or with overdue the earliest deadline first.
struct ListSql {
  SqlWhere where;
  std::string order;
};
ListSql list_sql(const Principal& who, const Departments& d, const CaseQuery& q, const std::string& today,
                 const std::string& state, const char* deadline_column);
// Runs a list page: the ids chosen from `table` alone (so an offset skips index entries), then `columns` of the
// case row c and what `joins` add to it, in the same order; `item` gives each row's JSON and cursor key.
nlohmann::json list_page(sync_db::Db& db, const ListSql& sql, const CaseQuery& q, const std::string& table,
                         const std::string& columns, const std::string& joins, const std::string& today,
                         const std::function<std::pair<nlohmann::json, std::string>(const sync_db::Stmt&)>& item);

// Where a kind of case keeps its counts (trigger-kept, schema 7) and its open deadlines.
struct CountTables {
  const char* counts;          // rating_case_counts: department_id, state, open[, appeal_pending], n
  bool appeals;                // the counts table has appeal_pending
  const char* cases;           // rating_cases
  const char* deadline_index;  // its partial index on the open deadline
  const char* deadline;        // the open deadline column
};
// Per department the principal sees: total, open, overdue (open − not yet due), per state of `states`, and with
// appeals the pending ones; and "all", the sums.
nlohmann::json case_counts(sync_db::Db& db, const Principal& who, const std::string& today,
                           const std::vector<std::string>& states, const CountTables& t);

// Appends one history entry of a case.
void add_history(sync_db::Db& db, const std::string& at, const std::string& kind, const std::string& subject,
                 const Principal& who, const std::string& action, const std::optional<std::string>& from,
                 const std::optional<std::string>& to, const std::string& note);
// The history of a case, oldest first, states with their labels.
nlohmann::json history(sync_db::Db& db, const std::string& kind, const std::string& subject,
                       const std::string& label_prefix);

// A JSON string, or null.
nlohmann::json or_null(const std::optional<std::string>& v);
// A name shown masked: its first character, then one * for each of the rest.
std::string masked_name(const std::string& name);
// A phone as 138****5678.
std::string masked_phone(const std::string& phone);

template <protocol::WireEnum E>
E parse_word(const std::string& word, const char* what) {
  if (const auto e = protocol::from_string<E>(word)) return *e;
  std::vector<std::string> words;
  for (const E v : protocol::all_values<E>()) words.emplace_back(protocol::to_string(v));
  std::string prefix;
  if constexpr (requires { protocol::Spelling<E>::label; }) prefix = protocol::Spelling<E>::label;
  if (const auto w = word_for_label(word, prefix, words)) return *protocol::from_string<E>(*w);
  std::string choices;
  for (const E v : protocol::all_values<E>()) {
    choices += choices.empty() ? "" : ", ";
    choices += prefix.empty() ? protocol::to_string(v) : label_zh(v) + " (" + protocol::to_string(v) + ")";
  }
  throw AdminError(std::string(what) + " must be one of " + choices);
}

}  // namespace hq
