#pragma once
// The Damm check digit of receipt numbers: catches every single-digit error and every adjacent swap.
#include <string>

namespace protocol {

// The check digit for `digits` ('?' when they are not all digits).
char damm_check_digit(const std::string& digits);
// True when `digits_with_check` is digits only and its last digit is the right check digit for the others.
bool damm_valid(const std::string& digits_with_check);

}  // namespace protocol
