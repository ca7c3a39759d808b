#include "sync/hq/console_api.h"

#include <httplib.h>

#include <nlohmann/json.hpp>

namespace hq {
namespace {

void answer_error(httplib::Response& res, int status, const std::string& message) {
  res.status = status;
  res.set_content(nlohmann::json{{"error", message}}.dump(), "application/json");
}

}  // namespace

void api_call(HqStore& store, const httplib::Request& req, httplib::Response& res, Access access,
              const std::function<void(const Principal&)>& f) {
  try {
    const std::optional<Principal> who = request_principal(store, req, access);
    if (!who) {
      res.set_header("WWW-Authenticate", "Bearer");
      return answer_error(res, 401, "not signed in (or a missing or wrong admin token)");
    }
    if (access == Access::change && !who->may_change()) return answer_error(res, 403, "this account may only read");
    f(*who);
  } catch (const Forbidden& e) {
    answer_error(res, 403, e.what());
  } catch (const NotFound& e) {
    answer_error(res, 404, e.what());
  } catch (const AdminError& e) {
    answer_error(res, 400, e.what());
  } catch (const std::exception& e) {
    res.set_header("Retry-After", "5");
    answer_error(res, 503, std::string("storage unavailable: ") + e.what());
  }
}

}  // namespace hq
