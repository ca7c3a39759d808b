#pragma once
// HTTP(S) requests to HQ over libcurl: one reused connection, certificates verified, device credentials.
#include <string>

#include "kiosk/core/config.h"
#include "sync/common/clock.h"

typedef void CURL;

namespace sync_client {

// What came back: status 0 means no HTTP answer at all (network error, timeout, broken response).
struct HttpResponse {
  long status = 0;
  std::string body;
  std::string error;     // curl's description when status is 0
  int retry_after = -1;  // seconds, from a Retry-After header (delta or HTTP date); -1 when absent
};

// A keep-alive HTTP client for one HQ; not thread-safe (one per sync thread).
class Http {
 public:
  // `clock` (which must outlive it) measures HTTP-date Retry-After headers.
  Http(const core::HqConfig& config, const common::Clock& clock);
  ~Http();
  Http(const Http&) = delete;
  Http& operator=(const Http&) = delete;
  HttpResponse get(const std::string& path);
  HttpResponse post(const std::string& path, const std::string& json_body);

 private:
  HttpResponse perform(const std::string& path, const std::string* body);
  core::HqConfig config_;
  const common::Clock& clock_;
  CURL* curl_ = nullptr;
};

}  // namespace sync_client
