#pragma once
// What the benchmarks print their figures with: elapsed milliseconds and percentiles.
#include <algorithm>
#include <chrono>
#include <vector>

namespace bench {

inline double ms_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

// The p-th percentile (0–100) of `v`; 0 for none.
inline double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<std::size_t>(p / 100 * static_cast<double>(v.size())))];
}

}  // namespace bench
