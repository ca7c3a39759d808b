#pragma once
// One way to run a console/admin API handler: who is asking, what they may do, and errors as HTTP answers.
#include <functional>
#include <string>
#include <nlohmann/json_fwd.hpp>

#include "sync/hq/admin_error.h"
#include "sync/hq/principal.h"

namespace httplib {
struct Request;
struct Response;
}  // namespace httplib

namespace hq {

// A request for another department's data, or a change by a viewer: 403 over HTTP.
struct Forbidden : AdminError {
  using AdminError::AdminError;
};

// Answers `body` as JSON with `status`. Messages may quote what was sent (a parser's "last read: '…'" can end inside a
// character): bytes that are not UTF-8 become U+FFFD rather than making the answer itself fail.
void answer_json(httplib::Response& res, int status, const nlohmann::json& body);

// The language a request asks for: Chinese when its Accept-Language starts with zh (the console sends its own),
// else English (scripts, curl).
Language request_language(const httplib::Request& req);

// The JSON object a console request's body is ("{}" when empty), parsed within protocol's limits; AdminError (400)
// otherwise.
nlohmann::json request_object(const httplib::Request& req);

// A string member of a console request's body ("" when absent or null; AdminError when required and absent, or
// there and not a string).
std::string text_member(const nlohmann::json& body, const char* name, bool required = false);

// The uploaded file of a console request: a multipart form's "file" part, or the body itself.
std::string upload(const httplib::Request& req);

// A Content-Disposition for a download named `name` ("附件3-区行政审批局-2026Q2.xlsx"): an ASCII fallback and the
// UTF-8 name (RFC 6266).
std::string disposition(const std::string& name);

// Runs `f(principal)` for a signed-in request: 401 when not signed in, 403 for a viewer's change, a session's change
// without its CSRF header, or Forbidden,
// 404 for NotFound, 400 for another AdminError, 503 with Retry-After for anything else (storage).
void api_call(HqStore& store, const httplib::Request& req, httplib::Response& res, Access access,
              const std::function<void(const Principal&)>& f);

}  // namespace hq
