#pragma once
// Ratings and reports as a kiosk sends them up (record envelopes), for the casework tests and benchmark that
// fill an hqd store through HqStore::ingest without a kiosk.
#include <cstdio>
#include <string>

#include "sync/protocol/damm.h"
#include "sync/protocol/record_bodies.h"
#include "sync/protocol/records.h"

namespace case_records {

// A UUID made from a number and a tag digit (distinct for distinct pairs).
inline std::string uuid_of(std::uint64_t n, int tag) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%08x-%04x-4%03x-8%03x-%012llx", static_cast<unsigned>(n >> 20), tag & 0xffff,
                static_cast<unsigned>(n & 0xfff), static_cast<unsigned>((n >> 12) & 0xff),
                static_cast<unsigned long long>(n));
  return buf;
}

// A 12-digit receipt with its Damm check digit, from a number.
inline std::string receipt_of(std::uint64_t n) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%011llu", static_cast<unsigned long long>(n % 100000000000ULL));
  return std::string(buf) + protocol::damm_check_digit(buf);
}

// A rating of an official on `date` (YYYY-MM-DD, 10:00 Beijing time).
inline protocol::RecordEnvelope rating(std::uint64_t n, const std::string& official_id, const std::string& name,
                                       protocol::Level level, const std::string& date,
                                       const std::string& phone = "13812345678") {
  protocol::RatingBody b;
  b.uuid = uuid_of(n, 1);
  b.created_at = date + "T10:00:00+08:00";
  b.target_kind = protocol::TargetKind::official;
  b.target_id = official_id;
  b.target_name = name;
  b.level = level;
  if (protocol::is_bad(level)) {
    b.reasons = {"long_wait"};
    b.comment = "等了很久";
    if (!phone.empty()) b.phone = phone;
  }
  return {b.uuid, "rating", b.created_at, protocol::encode(b), ""};
}

// A 办不成事 report to a department on `date`, the reply promised by `due`.
inline protocol::RecordEnvelope report(std::uint64_t n, const std::string& department_id, const std::string& date,
                                       const std::string& due) {
  protocol::ReportBody b;
  b.uuid = uuid_of(n, 2);
  b.receipt = receipt_of(n);
  b.created_at = date + "T11:00:00+08:00";
  b.department_id = department_id;
  b.item_name = "企业开办";
  b.report_kind = protocol::ReportKind::many_trips;
  b.description = "跑了三次还没办成";
  b.name = "王小明";
  b.phone = "13912345678";
  b.due_date = due;
  return {b.uuid, "report", b.created_at, protocol::encode(b), ""};
}

}  // namespace case_records
