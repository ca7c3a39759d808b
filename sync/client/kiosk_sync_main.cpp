// kiosk-sync: the operator's hand on the kiosk's sync — the same code the kiosk's background thread runs.
#include <cstdio>
#include <cstdlib>
#include <string>

#include "sync/client/sync_client.h"

namespace {

constexpr const char* kHelp = R"(kiosk-sync — sync the kiosk's database with HQ by hand

usage: kiosk-sync --config FILE [--db FILE] status|push|pull|reconcile|unpark

  status     how many records are pending, sent and parked, the reference cursor, the last error
  push       send every due record now (batches; retried records wait for their backoff)
  pull       fetch reference data after the kiosk's cursor and apply it
  reconcile  compare per-day counts and digests with HQ, re-send what HQ lacks
  unpark     put parked records back in the queue (after fixing why HQ refused them); then push
Exit status: 0 done, 1 failed (network, HQ, database), 2 usage, 3 HQ refused the credentials.
)";

void print_push(const sync_client::PushReport& p) {
  std::printf("push: %d sent, %d already at HQ, %d parked, %d deferred, %d requests%s%s\n", p.sent, p.duplicates,
              p.parked, p.deferred, p.requests, p.error.empty() ? "" : "; error: ", p.error.c_str());
}

}  // namespace

int main(int argc, char** argv) {
  std::string config_path, db, command;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if ((a == "--config" || a == "--db") && i + 1 < argc) {
      (a == "--config" ? config_path : db) = argv[++i];
    } else if (a == "--help" || a == "-h") {
      std::fputs(kHelp, stdout);
      return 0;
    } else if (command.empty() && (a == "status" || a == "push" || a == "pull" || a == "reconcile" || a == "unpark")) {
      command = a;
    } else {
      std::fprintf(stderr, "kiosk-sync: unexpected argument %s\n%s", a.c_str(), kHelp);
      return 2;
    }
  }
  if (config_path.empty() || command.empty()) {
    std::fputs(kHelp, stderr);
    return 2;
  }
  try {
    const core::HqConfig config = core::load_config(config_path).hq;
    if (db.empty()) db = config.database;
    if (config.url.empty() && command != "status") {
      std::fprintf(stderr, "kiosk-sync: hq.url is empty in %s: sync is off\n", config_path.c_str());
      return 1;
    }
    sync_client::SyncClient client(config, db);
    if (command == "status") {
      const auto c = client.counts();
      std::printf("hq: %s (device %s)\npending: %lld (due now %lld)\nsent: %lld\nparked: %lld\ncursor: %s\n",
                  config.url.empty() ? "(off)" : config.url.c_str(), config.device_id.c_str(),
                  static_cast<long long>(c.pending), static_cast<long long>(c.due), static_cast<long long>(c.sent),
                  static_cast<long long>(c.parked), client.reference_cursor().c_str());
      if (c.last_error) std::printf("last error: %s\n", c.last_error->c_str());
      if (!config.url.empty()) {
        if (const std::string error = client.report_status(); error.empty()) {
          const auto& q = client.hq_sequence();
          std::printf("hq last record number: %lld\n", static_cast<long long>(q.last_seq));
          if (!q.gaps.empty()) std::printf("hq lacks records: %s\n", protocol::describe_gaps(q.gaps).c_str());
        } else {
          std::printf("hq status: %s\n", error.c_str());
        }
      }
      return 0;
    }
    if (command == "unpark") {
      std::printf("unpark: %d records back in the queue\n", client.unpark());
      return 0;
    }
    if (command == "push") {
      const auto p = client.push();
      print_push(p);
      return p.auth_failed ? 3 : p.ok() ? 0 : 1;
    }
    if (command == "pull") {
      const auto r = client.pull();
      if (r.ok()) std::printf("pull: %s, cursor %s\n", r.changed ? "applied" : "nothing new", r.cursor.c_str());
      else std::fprintf(stderr, "pull: %s\n", r.error.c_str());
      return r.auth_failed ? 3 : r.ok() ? 0 : 1;
    }
    const auto r = client.reconcile();
    std::printf("reconcile: %d days checked, %d differ, %d records re-queued%s%s\n", r.days_checked, r.days_differ,
                r.resent, r.error.empty() ? "" : "; error: ", r.error.c_str());
    if (r.resent > 0) print_push(r.push);
    if (!r.gaps.empty())
      std::printf("reconcile: HQ lacks records %s of this kiosk (lost before they reached HQ)\n",
                  protocol::describe_gaps(r.gaps).c_str());
    return r.ok() ? 0 : 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "kiosk-sync: %s\n", e.what());
    return 1;
  }
}
