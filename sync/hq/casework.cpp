#include "sync/hq/casework.h"

#include "sync/hq/rating_cases.h"
#include "sync/hq/report_cases.h"

namespace hq {

Principal cli_principal() { return Principal{"命令行 (hqd)", Role::admin, ""}; }

void set_report(HqStore& store, const std::string& receipt, const std::string& status,
                const std::optional<std::string>& reply, const Principal& who) {
  ReportChange ch;
  ch.state = status;
  ch.reply = reply;
  ch.reply_needed_when_done = false;
  change_report(store, who, receipt, ch);
}

void follow_up(HqStore& store, const std::string& rating_uuid, const std::string& note, const Principal& who) {
  if (note.empty() || note.size() > 2000) throw AdminError("--note must be 1 to 2000 bytes");
  change_rating_state(store, who, rating_uuid, "revisited", note);
}

}  // namespace hq
