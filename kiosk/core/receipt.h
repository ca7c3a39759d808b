#pragma once
// Receipt numbers for 办不成事 reports: unique across kiosks without asking HQ, digits only (typeable on a
// keypad), ending in a Damm check digit that catches every single-digit error and every adjacent swap.
// Layout (12 digits): kiosk number (3) · day number since 2024-01-01 (4) · that kiosk's count that day (4) · check.
#include <optional>
#include <string>

namespace core {

char damm_check_digit(const std::string& digits);
// True when the last digit is the right check digit for the others.
bool damm_valid(const std::string& digits_with_check);
// Builds a receipt; nullopt when a part is out of range (kiosk 1–999, day 0–9999, sequence 1–9999).
std::optional<std::string> make_receipt(int kiosk_number, int day_number, int sequence);
// Days since 2024-01-01 of a YYYY-MM-DD date (-1 when malformed).
int day_number(const std::string& date);
// "0010 6320 0073" style grouping for display.
std::string group_digits(const std::string& digits);

}  // namespace core
