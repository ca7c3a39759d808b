#pragma once
// What hqd tells, and whom, when a 差评 or a 办不成事 reaches it and when a case's deadline comes near or passes: one
// alert row per event (event_key: once each, however often it is looked at) and one outgoing call (outgoing_calls.h)
// per webhook that is to hear of it, all in the caller's transaction. A new 差评 or report tells its department (the
// liaison's console and webhooks; the message names the official sitting the rated window, the rated official or, for
// a service item or a report, a window of the department right now, from today's open sittings) and the bureau (the
// admin's console and the bureau's webhooks). A case still open on the last working day before its deadline tells its
// department (naming the department's 主要负责人); one past its deadline tells the bureau. No alert carries a phone
// number, a citizen's name or anything a citizen typed (comments, descriptions, other matters' names). The fleet check
// tells the bureau of a kiosk silent for 30 minutes (never reported: from its enrolment), holding parked records, or
// with a record waiting over an hour to go (fleet_health.h): once per episode, keyed by when the trouble began, so a
// kiosk that recovers and falls silent again alerts again.
#include <memory>
#include <string>

#include "sync/common/sqlite_db.h"
#include "sync/hq/hall_clock.h"
#include "sync/hq/hq_store.h"

namespace hq {

// Raises alerts within one transaction of the caller's (reference data, webhooks and words are read on first use).
class AlertRaiser {
 public:
  AlertRaiser(sync_db::Db& db, const HallClock& hall);
  ~AlertRaiser();
  AlertRaiser(const AlertRaiser&) = delete;
  AlertRaiser& operator=(const AlertRaiser&) = delete;
  // A record just stored (after its case was opened): a 差评 or a report raises its alert; other kinds nothing.
  void raised(const std::string& kind, const std::string& uuid, const std::string& body);
  // The escalations due at the hall's today, each raised once; returns how many were raised now.
  int escalate();
  // The fleet's troubles at the hall's now, each episode raised once; returns how many were raised now.
  int watch_fleet();
  // A test message for webhook `webhook_id` through the outbox; returns the call's row id.
  std::int64_t test_message(std::int64_t webhook_id);

  struct Prepared;  // reference names, reason labels, webhooks and statements of this transaction

 private:
  Prepared& prepared();
  sync_db::Db& db_;
  HallClock hall_;
  std::unique_ptr<Prepared> p_;
};

// The escalations due now, in a transaction of their own (the sender thread's periodic check); how many were raised.
int raise_escalations(HqStore& store);
// The fleet's alerts due now, likewise (the same periodic check); how many were raised.
int raise_fleet_alerts(HqStore& store);

}  // namespace hq
