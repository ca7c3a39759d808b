#include "sync/protocol/damm.h"

namespace protocol {
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

}  // namespace protocol
