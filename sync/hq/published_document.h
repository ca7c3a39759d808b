#pragma once
// The whole documents HQ publishes (the working-day calendar, the 差评 reason list): the current one, new versions.
#include <optional>
#include <string>

#include "sync/hq/hq_store.h"

namespace hq {

// The current document HQ publishes under `tbl` ("calendar", "reason_list"), if any.
std::optional<std::string> current_document(HqStore& store, const char* tbl);
// A version label for a document published at `now_iso`, with a digest of its content.
std::string new_version(const std::string& now_iso, const std::string& content);

}  // namespace hq
