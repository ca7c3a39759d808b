#include "kiosk/core/receipt.h"

#include <cstdio>

#include "kiosk/core/clock.h"
#include "sync/protocol/damm.h"

namespace core {

char damm_check_digit(const std::string& digits) { return protocol::damm_check_digit(digits); }
bool damm_valid(const std::string& digits_with_check) { return protocol::damm_valid(digits_with_check); }

std::optional<std::string> make_receipt(int kiosk_number, int day, int sequence) {
  if (kiosk_number < 1 || kiosk_number > 999 || day < 0 || day > 9999 || sequence < 1 || sequence > 9999)
    return std::nullopt;
  char body[16];
  std::snprintf(body, sizeof body, "%03d%04d%04d", kiosk_number, day, sequence);
  std::string r = body;
  r += damm_check_digit(r);
  return r;
}

int day_number(const std::string& date) {
  const int wd = weekday_of(date);
  if (wd < 0) return -1;
  int y = 0, m = 0, d = 0;
  std::sscanf(date.c_str(), "%d-%d-%d", &y, &m, &d);
  return static_cast<int>((from_civil(y, m, d, 0, 0, 0, 0) - from_civil(2024, 1, 1, 0, 0, 0, 0)) / 86400);
}

std::string group_digits(const std::string& digits) {
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && i % 4 == 0) out += ' ';
    out += digits[i];
  }
  return out;
}

}  // namespace core
