#pragma once
// The bureau's admin operations over HTTP (/v1/admin/…), behind an admin bearer token (hqd admin-token).
#include <string>

#include "sync/hq/hq_words.h"

namespace httplib {
class Server;
struct Response;
}  // namespace httplib

namespace hq {

class HqStore;
struct ImportResult;
struct Principal;

// An import's answer: 200 with the rows imported and notes, or 422 with every bad row (nothing imported); one that
// changed HQ's data is audited as `action` on `object` with what was sent (its size and digest) and what it made.
void import_answer(HqStore& store, const Principal& who, const std::string& action, const std::string& object,
                   const std::string& sent, Language lang, httplib::Response& res, const ImportResult& r);

// Adds POST /v1/admin/schedule, /v1/admin/items, /v1/admin/officials (CSV bodies) and /v1/admin/report (JSON).
void add_admin_routes(httplib::Server& server, HqStore& store);

}  // namespace hq
