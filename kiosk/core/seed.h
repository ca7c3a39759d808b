#pragma once
// Setting a kiosk up without network: a reference file, and demo data laid around today.
#include <cstdint>
#include <string>

#include "kiosk/core/config.h"
#include "kiosk/core/store.h"

namespace core {

// Reads a reference JSON file (sync/PROTOCOL.md) and applies it. Throws std::runtime_error naming the file.
void apply_reference_file(Store& store, const std::string& path);

// Loads assets/demo/reference.json and adds a schedule for this week and next (today included, even on a
// weekend) and check-ins for the current half-day, so the demo always shows people on duty.
void seed_demo(Store& store, const std::string& assets_dir, std::int64_t now, const Config& config);

}  // namespace core
