// hqd: the bureau's central service for the kiosks. See --help and sync/PROTOCOL.md.
#include <sodium.h>
#include "sync/common/read_text.h"

#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>

#include "sync/hq/admin_cli.h"
#include "sync/hq/hall_clock.h"
#include "sync/hq/hq_store.h"
#include "sync/hq/server.h"
#include "sync/hq/fleet_list.h"
#include "sync/hq/user_cli.h"
#include "sync/protocol/reference_json.h"

namespace {

constexpr const char* kHelp = R"(hqd — central service for the service-hall kiosks

usage:
  hqd serve --db FILE --port N [--bind 127.0.0.1]   serve the HTTP API and the web console at /console/
                                                    (put HTTPS in front: README)
            [--trusted-proxy 127.0.0.1,::1]         peers whose X-Forwarded-For names the client (rate limits)
            [--connections-per-address 16]          open connections one client address may hold
            [--morning 09:00-12:00] [--afternoon 13:00-17:00]  the hall's half-days (public schedule, calendar)
            [--forward-config FILE]                 forward every rating to the provincial 好差评 platform (sync/FORWARDING.md)
  hqd enrol --db FILE --device ID [--kiosk-number N] [--hall NAME]
                                                    enrol a kiosk; prints its new token (shown once) and,
                                                    on stderr, its kiosk number (1-999, kiosk.toml kiosk_number)
  hqd revoke --db FILE --device ID                  refuse a kiosk's token from now on (403)
  hqd import-reference --db FILE REFERENCE.json     load master data for the kiosks to pull
  hqd count --db FILE                               print how many records HQ holds
  hqd kiosks --db FILE [--json]                     each kiosk: last report, storage state and what happened
                                                    to it, record numbers received and the gaps (lost records)

  Every command takes --now ISO-TIME (e.g. 2026-11-27T10:20:00+08:00): hqd's clock starts there and runs on
  instead of the system's, for tests and rehearsals.
)";

int usage() {
  std::fputs(kHelp, stderr);
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) return usage();
  const std::string command = argv[1];
  if (command == "--help" || command == "-h") {
    std::fputs(kHelp, stdout);
    std::fputs(hq::kAdminHelp, stdout);
    std::fputs(hq::kUserHelp, stdout);
    return 0;
  }
  if (hq::is_admin_command(command)) return hq::admin_main(argc, argv);
  if (command == "user") return hq::user_main(argc, argv);
  std::string db, device, file, now;
  bool json_out = false;
  int kiosk_number = 0;
  std::optional<std::string> hall;
  hq::ServeOptions serve;
  for (int i = 2; i < argc; ++i) {
    const std::string a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "hqd: %s needs a value\n", a.c_str());
        std::exit(2);
      }
      return argv[++i];
    };
    if (a == "--db") db = value();
    else if (a == "--device") device = value();
    else if (a == "--bind") serve.bind = value();
    else if (a == "--port") serve.port = std::atoi(value().c_str());
    else if (a == "--now") now = value();
    else if (a == "--json") json_out = true;
    else if (a == "--kiosk-number") kiosk_number = std::atoi(value().c_str());
    else if (a == "--hall") hall = value();
    else if (a == "--trusted-proxy") serve.trusted_proxies = value();
    else if (a == "--connections-per-address") serve.connections_per_address = std::atoi(value().c_str());
    else if (a == "--forward-config") serve.forward_config = value();
    else if (a == "--morning" || a == "--afternoon") {
      const std::string v = value();
      const bool am = a == "--morning";
      if (!hq::parse_hours(v, am ? serve.hours.am_start : serve.hours.pm_start, am ? serve.hours.am_end : serve.hours.pm_end)) {
        std::fprintf(stderr, "hqd: %s takes HH:MM-HH:MM, e.g. %s\n", a.c_str(), am ? "09:00-12:00" : "13:00-17:00");
        return 2;
      }
    }
    else if (!a.empty() && a[0] != '-' && file.empty()) file = a;
    else {
      std::fprintf(stderr, "hqd: unknown argument %s\n", a.c_str());
      return usage();
    }
  }
  if (db.empty()) {
    std::fprintf(stderr, "hqd: --db FILE is required\n");
    return 2;
  }
  if (sodium_init() < 0) return 1;
  try {
    const auto clock = hq::make_clock(now);
    hq::HqStore store(db, *clock);
    if (command == "serve") {
      if (serve.port <= 0 || serve.port > 65535) {
        std::fprintf(stderr, "hqd: --port must be 1..65535\n");
        return 2;
      }
      return hq::serve(store, serve);
    }
    if (command == "enrol" || command == "revoke") {
      if (device.empty() || device.size() > 64) {
        std::fprintf(stderr, "hqd: --device ID (1..64 bytes) is required\n");
        return 2;
      }
      if (command == "revoke") {
        store.revoke(device);
        return 0;
      }
      if (kiosk_number < 0 || kiosk_number > 999) {
        std::fprintf(stderr, "hqd: --kiosk-number must be 1..999\n");
        return 2;
      }
      std::printf("%s\n", store.enrol(device, kiosk_number, hall).c_str());
      std::fflush(stdout);
      std::fprintf(stderr, "hqd: %s has kiosk number %d (kiosk.toml: kiosk_number = %d)\n", device.c_str(),
                   store.device(device)->kiosk_number, store.device(device)->kiosk_number);
      return 0;
    }
    if (command == "import-reference") {
      const auto text = common::read_text(file);
      if (!text) {
        std::fprintf(stderr, "hqd: cannot read reference file \"%s\"\n", file.c_str());
        return 1;
      }
      store.import_reference(protocol::decode_reference(*text));
      return 0;
    }
    if (command == "kiosks") {
      std::fputs(hq::fleet_list(store, json_out).c_str(), stdout);
      return 0;
    }
    if (command == "count") {
      std::printf("%lld\n", static_cast<long long>(store.record_count()));
      return 0;
    }
    return usage();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "hqd: %s\n", e.what());
    return 1;
  }
}
