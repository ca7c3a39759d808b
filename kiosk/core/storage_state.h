#pragma once
// What the kiosk's storage can do now and what has happened to it, as the store keeps it for the screens, the
// operator and HQ (sync/protocol's DeviceStatus carries it up).
#include <cstdint>
#include <string>
#include <vector>

#include "sync/protocol/device_status.h"

namespace core {

using protocol::StorageEvent;
using protocol::StorageEventKind;
using protocol::StorageState;

// The storage as the app's store sees it.
struct StorageStatus {
  StorageState state = StorageState::ok;
  std::int64_t since = 0;      // unix seconds, when it entered that state
  std::string detail;          // SQLite's words for why it cannot save
  bool from_memory = false;    // the screens read a copy in memory (the file cannot be used)
  std::vector<StorageEvent> events;  // what happened since this database was made, oldest first
  bool can_save() const { return state == StorageState::ok; }
};

}  // namespace core
