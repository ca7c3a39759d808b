#pragma once
// What a received 差评, 办不成事 report or 走流程 opens at HQ: its case rows (department, state, deadline as typed, indexed
// columns for the console's lists), written in the transaction that stores the record.
#include <map>
#include <memory>
#include <string>

#include "sync/common/sqlite_db.h"
#include "sync/protocol/calendar.h"
#include "sync/hq/case_calendar.h"

namespace hq {

// Opens cases for the records of one transaction (the calendar and statements are prepared on the first one).
class CaseOpener {
 public:
  explicit CaseOpener(sync_db::Db& db);
  ~CaseOpener();
  CaseOpener(const CaseOpener&) = delete;
  CaseOpener& operator=(const CaseOpener&) = delete;
  // A newly stored record of `kind` (wire word) with its body text: a 差评 opens a rating case 待核实, a report a
  // report case 待受理, a 走流程 a rectification case per finding; other kinds and good ratings open nothing. A case
  // already open stays as it is.
  void opened(const std::string& kind, const std::string& uuid, const std::string& body);

 private:
  // The department of a reference row as HQ knows it now ("" for one HQ does not know).
  const std::string& department_of(const char* tbl, const std::string& id);
  struct Prepared;
  sync_db::Db& db_;
  std::unique_ptr<Prepared> p_;
};

// Opens the cases of every record already stored (schema version 7 on a database that has records).
void open_cases_of_stored_records(sync_db::Db& db);

}  // namespace hq
