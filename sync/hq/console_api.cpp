#include "sync/hq/console_api.h"

#include <httplib.h>

#include <nlohmann/json.hpp>

#include "sync/hq/auth_limiter.h"
#include "sync/protocol/json_limits.h"
#include "sync/protocol/reference_json.h"

namespace hq {
namespace {

void answer_error(httplib::Response& res, int status, const std::string& message) {
  answer_json(res, status, {{"error", message}});
}

}  // namespace

void answer_json(httplib::Response& res, int status, const nlohmann::json& body) {
  res.status = status;
  res.set_content(body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), "application/json");
}

Language request_language(const httplib::Request& req) {
  return req.get_header_value("Accept-Language").rfind("zh", 0) == 0 ? Language::zh : Language::en;
}

std::string upload(const httplib::Request& req) {
  if (req.is_multipart_form_data()) {
    if (!req.has_file("file")) throw AdminError("the form has no part named \"file\"");
    return req.get_file_value("file").content;
  }
  return req.body;
}

std::string disposition(const std::string& name) {
  std::string encoded;
  static const char* hex = "0123456789ABCDEF";
  for (unsigned char c : name) {
    if ((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '.' || c == '-' || c == '_') encoded += static_cast<char>(c);
    else {
      encoded += '%';
      encoded += hex[c >> 4];
      encoded += hex[c & 15];
    }
  }
  const auto dot = name.find_last_of('.');
  return "attachment; filename=\"report" + (dot == std::string::npos ? "" : name.substr(dot)) +
         "\"; filename*=UTF-8''" + encoded;
}

std::string text_member(const nlohmann::json& body, const char* name, bool required) {
  const auto it = body.find(name);
  if (it == body.end() || it->is_null()) {
    if (required) throw AdminError(std::string("the body needs the string \"") + name + "\"");
    return "";
  }
  if (!it->is_string()) throw AdminError(std::string("\"") + name + "\" must be a string");
  return it->get<std::string>();
}

nlohmann::json request_object(const httplib::Request& req) {
  nlohmann::json body;
  try {
    body = protocol::parse_limited(req.body.empty() ? "{}" : req.body, "the body");
  } catch (const protocol::DecodeError& e) {
    throw AdminError(e.what());
  }
  if (!body.is_object()) throw AdminError("the body must be a JSON object");
  return body;
}

void api_call(HqStore& store, const httplib::Request& req, httplib::Response& res, Access access,
              const std::function<void(const Principal&)>& f) {
  try {
    const std::optional<Principal> who = request_principal(store, req, access);
    if (!who) {
      // A credential that was offered and is wrong counts against the address and the account (auth_limiter.h).
      AuthLimiter* limiter = active_auth_limiter();
      if (limiter && !req.get_header_value("Authorization").empty())
        if (const std::int64_t wait = limiter->failed(limiter->client_address(req), "admin-token")) {
          res.set_header("Retry-After", std::to_string(wait));
          return answer_error(res, 429, "too many failed authentications; retry after " + std::to_string(wait) + " s");
        }
      res.set_header("WWW-Authenticate", "Bearer");
      return answer_error(res, 401, "not signed in (or a missing or wrong admin token)");
    }
    if (access == Access::change && !who->may_change()) return answer_error(res, 403, "this account may only read");
    f(*who);
  } catch (const Forbidden& e) {
    answer_error(res, 403, e.said(request_language(req)));
  } catch (const NotFound& e) {
    answer_error(res, 404, e.said(request_language(req)));
  } catch (const AdminError& e) {
    answer_error(res, 400, e.said(request_language(req)));
  } catch (const std::exception& e) {
    res.set_header("Retry-After", "5");
    answer_error(res, 503, std::string("storage unavailable: ") + e.what());
  }
}

}  // namespace hq
