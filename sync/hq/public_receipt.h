#pragma once
// The page a receipt's QR code leads to (GET /public/r/{receipt}): a citizen's phone shows the 办不成事's state, the
// promised date and the bureau's reply, as the kiosk's 进度查询 does — reached only with the receipt and its check
// digit, at most 10 look-ups a minute from one address, no name, phone or description on it. No sign-in. After 办结 the
// citizen rates how it was handled there.
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "sync/common/clock.h"
#include "sync/hq/hq_store.h"

namespace httplib {
class Server;
}

namespace hq {

// Look-ups counted per address in a sliding minute; safe from any thread; remembers at most 10,000 addresses.
class LookupLimiter {
 public:
  explicit LookupLimiter(const common::Clock& clock, int per_minute = 10) : clock_(clock), per_minute_(per_minute) {}
  // Whether `address` may look up once more now (counted when it may); 0 or the seconds until it may.
  std::int64_t wait(const std::string& address);

 private:
  const common::Clock& clock_;
  int per_minute_;
  std::mutex mutex_;
  std::map<std::string, std::vector<double>> seen_;  // address → times (elapsed()) of its look-ups this minute
};

// The page's HTML for `typed` (spaces and dashes allowed), in Chinese or (?lang=en) English; `status` gets 200, 400 (not a
// receipt: wrong length or check digit) or 404 (HQ holds none). After 办结 it carries the form rating the handling
// (handling_rating.h), or the rating given (`just_rated`: with thanks).
std::string receipt_page(HqStore& store, const std::string& typed, bool english, int& status, bool just_rated = false);

// Adds GET /public/r/{receipt} and POST /public/r/{receipt}/rate (form fields level, comment ≤ 200 characters), each
// counted by the limiter (past it 429 with Retry-After); a rating is kept once, after 办结, and answered 303 to the page.
void add_public_routes(httplib::Server& server, HqStore& store, LookupLimiter& limiter);

}  // namespace hq
