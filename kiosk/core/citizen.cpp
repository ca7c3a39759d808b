#include "kiosk/core/citizen.h"

namespace core {

std::optional<std::string> normalize_phone(const std::string& input) {
  std::string d;
  for (char c : input) {
    if (c >= '0' && c <= '9')
      d += c;
    else if (c != ' ' && c != '-')
      return std::nullopt;
  }
  if (d.size() == 11 && d[0] == '1' && d[1] >= '3' && d[1] <= '9') return d;
  if (d.size() >= 10 && d.size() <= 12 && d[0] == '0' && d[1] != '0') return d;
  return std::nullopt;
}

std::string mask_phone(const std::string& digits) {
  if (digits.size() < 7) return std::string(digits.size(), '*');
  return digits.substr(0, 3) + std::string(digits.size() - 7, '*') + digits.substr(digits.size() - 4);
}

}  // namespace core
