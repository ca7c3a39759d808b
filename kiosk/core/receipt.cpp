#include "kiosk/core/receipt.h"

#include <cstdio>

#include "kiosk/core/clock.h"

namespace core {
namespace {

// The Damm quasigroup of order 10 (weakly totally anti-symmetric, zero diagonal).
constexpr int kDamm[10][10] = {
    {0, 3, 1, 7, 5, 9, 8, 6, 4, 2}, {7, 0, 9, 2, 1, 5, 4, 8, 6, 3}, {4, 2, 0, 6, 8, 7, 1, 3, 5, 9},
    {1, 7, 5, 0, 9, 8, 3, 4, 2, 6}, {6, 1, 2, 3, 0, 4, 5, 9, 7, 8}, {3, 6, 7, 4, 2, 0, 9, 5, 8, 1},
    {5, 8, 6, 9, 7, 2, 0, 1, 3, 4}, {8, 9, 4, 5, 3, 6, 2, 0, 1, 7}, {9, 4, 3, 8, 6, 1, 7, 2, 0, 5},
    {2, 5, 8, 1, 4, 3, 6, 7, 9, 0}};

int damm_interim(const std::string& digits) {
  int i = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') return -1;
    i = kDamm[i][c - '0'];
  }
  return i;
}

}  // namespace

char damm_check_digit(const std::string& digits) {
  const int i = damm_interim(digits);
  return i < 0 ? '?' : static_cast<char>('0' + i);
}

bool damm_valid(const std::string& digits_with_check) {
  return digits_with_check.size() >= 2 && damm_interim(digits_with_check) == 0;
}

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
