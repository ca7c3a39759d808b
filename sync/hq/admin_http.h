#pragma once
// The bureau's admin operations over HTTP (/v1/admin/…), behind an admin bearer token (hqd admin-token).
namespace httplib {
class Server;
struct Response;
}  // namespace httplib

namespace hq {

class HqStore;
struct ImportResult;

// An import's answer: 200 with the rows imported and notes, or 422 with every bad row (nothing imported).
void import_answer(httplib::Response& res, const ImportResult& r);

// Adds POST /v1/admin/schedule, /v1/admin/items, /v1/admin/officials (CSV bodies) and /v1/admin/report (JSON).
void add_admin_routes(httplib::Server& server, HqStore& store);

}  // namespace hq
