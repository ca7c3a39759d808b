// Prints the kiosk's start-up, memory and idle-CPU figures (SPEC §6) as medians of several runs, with the
// demo data and with 200 officials. A benchmark, not a test: it asserts nothing and is not run by ctest.
// usage: kiosk_bench [runs]     (run from anywhere; it uses the kiosk built beside it)
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

extern char** environ;

namespace {

using Clock = std::chrono::steady_clock;
const std::string kKiosk = KIOSK_BINARY;
const std::string kNow = "2026-11-27T10:20:00+08:00";

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : v[v.size() / 2];
}

// Starts the kiosk with its stdout on a pipe.
pid_t spawn(const std::vector<std::string>& args, int& out_fd) {
  int fds[2];
  if (pipe(fds) != 0) std::exit(1);
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, fds[1], 1);
  posix_spawn_file_actions_addclose(&fa, fds[0]);
  std::vector<char*> argv;
  argv.push_back(const_cast<char*>(kKiosk.c_str()));
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  pid_t pid = 0;
  if (posix_spawn(&pid, kKiosk.c_str(), &fa, nullptr, argv.data(), environ) != 0) {
    std::perror("posix_spawn");
    std::exit(1);
  }
  posix_spawn_file_actions_destroy(&fa);
  close(fds[1]);
  out_fd = fds[0];
  return pid;
}

// Reads the child's stdout until a line contains `marker`; returns that line.
std::string read_until(int fd, const std::string& marker) {
  std::string buf, line;
  char c;
  while (read(fd, &c, 1) == 1) {
    if (c != '\n') {
      line += c;
      continue;
    }
    if (line.find(marker) != std::string::npos) return line;
    line.clear();
  }
  return {};
}

int run(const std::vector<std::string>& args, std::string* out = nullptr) {
  int fd = 0;
  const pid_t pid = spawn(args, fd);
  std::string all;
  char buf[4096];
  for (ssize_t n; (n = read(fd, buf, sizeof buf)) > 0;) all.append(buf, static_cast<std::size_t>(n));
  close(fd);
  int status = 0;
  waitpid(pid, &status, 0);
  if (out) *out = all;
  return status;
}

double cpu_seconds(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string s((std::istreambuf_iterator<char>(in)), {});
  std::istringstream f(s.substr(s.rfind(')') + 2));
  std::string skip;
  for (int i = 0; i < 11; ++i) f >> skip;  // fields 3..13
  long utime = 0, stime = 0;
  f >> utime >> stime;
  return static_cast<double>(utime + stime) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

struct Figures {
  double start_ms, rss_mb, idle_cpu, idle_rss_mb;
};

double rss_mb_of(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string key;
  double kb = 0;
  while (in >> key) {
    if (key == "VmRSS:") {
      in >> kb;
      break;
    }
    in.ignore(1 << 12, '\n');
  }
  return kb / 1024.0;
}

Figures measure(const std::string& label, const std::vector<std::string>& data_args, int runs) {
  const auto dir = std::filesystem::temp_directory_path() / ("kiosk-bench-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  const std::string db = (dir / (label + ".db")).string();
  // Seed the database once; start-up is measured on an existing database, as on a kiosk.
  std::vector<std::string> seed = {"--db", db, "--headless", "--first-frame", "--now", kNow};
  seed.insert(seed.end(), data_args.begin(), data_args.end());
  run(seed);

  std::vector<double> starts, rss, cpu, idle_rss;
  for (int i = 0; i < runs; ++i) {
    // Cold start: from spawning the process to its first frame drawn on the offscreen window.
    int fd = 0;
    const auto t0 = Clock::now();
    const pid_t pid = spawn({"--db", db, "--headless", "--first-frame", "--now", kNow}, fd);
    read_until(fd, "first frame");
    starts.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
    close(fd);
    waitpid(pid, nullptr, 0);

    // Resident memory with the duty board shown.
    const std::string script = (dir / "board.scn").string();
    std::ofstream(script) << "tap home.tile.duty\nexpect screen duty_board\nmemory\n";
    std::string out;
    run({"--db", db, "--script", script, "--now", kNow}, &out);
    const auto at = out.find("resident memory: ");
    if (at != std::string::npos) rss.push_back(std::stod(out.substr(at + 17)));
  }
  for (int i = 0; i < std::max(1, runs / 2); ++i) {
    // CPU over 10 s idle on the home screen, with the real event loop.
    int fd = 0;
    const pid_t pid = spawn({"--db", db, "--headless"}, fd);
    read_until(fd, "first frame");
    std::this_thread::sleep_for(std::chrono::seconds(1));
    const double c0 = cpu_seconds(pid);
    std::this_thread::sleep_for(std::chrono::seconds(10));
    const double c1 = cpu_seconds(pid);
    cpu.push_back((c1 - c0) / 10.0 * 100.0);
    idle_rss.push_back(rss_mb_of(pid));
    kill(pid, SIGTERM);
    close(fd);
    waitpid(pid, nullptr, 0);
  }
  std::filesystem::remove_all(dir);
  return {median(starts), median(rss), median(cpu), median(idle_rss)};
}

std::string write_200_officials() {
  // 200 officials across the 13 departments, 100 scheduled in each half of 2026-11-27, a third checked in.
  const std::string path = (std::filesystem::temp_directory_path() / "kiosk-bench-200.json").string();
  const char* surnames[] = {"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "冯", "蒋", "韩", "秦", "欧阳", "司马"};
  const char* given[] = {"堃", "喆", "昇", "淼", "燚", "垚", "犇", "鑫", "玥", "頔", "赟", "珺", "祎", "翀", "瑄",
                         "芃", "珩", "婧", "骞", "晔", "彧", "䶮", "龑", "建国", "晓梅", "志强", "丽华", "海燕"};
  std::ofstream f(path);
  f << "{\"protocol\":1,\"cursor\":\"bench\",\"full\":true,\"departments\":[";
  for (int d = 1; d <= 13; ++d) f << (d > 1 ? "," : "") << "{\"id\":\"d" << d << "\",\"name\":\"部门" << d << "\",\"sort\":" << d << "}";
  f << "],\"windows\":[";
  for (int w = 1; w <= 40; ++w)
    f << (w > 1 ? "," : "") << "{\"id\":\"w" << w << "\",\"number\":\"W" << w << "\",\"department_id\":\"d" << (w % 13 + 1) << "\"}";
  f << "],\"officials\":[";
  for (int o = 0; o < 200; ++o)
    f << (o ? "," : "") << "{\"id\":\"o" << o << "\",\"name\":\"" << surnames[o % 16] << given[o % 28] << given[(o / 28 + 3) % 28]
      << "\",\"title\":\"科长\",\"rank\":\"chief\",\"department_id\":\"d" << (o % 13 + 1) << "\"}";
  f << "],\"schedule\":[";
  for (int o = 0; o < 200; ++o)
    f << (o ? "," : "") << "{\"id\":\"s" << o << "\",\"date\":\"2026-11-27\",\"half\":\"" << (o % 2 ? "pm" : "am")
      << "\",\"official_id\":\"o" << o << "\",\"window_id\":\"w" << (o % 40 + 1) << "\"}";
  f << "],\"sittings\":[";
  for (int o = 0; o < 200; o += 6)
    f << (o ? "," : "") << "{\"uuid\":\"bench-" << o << "\",\"official_id\":\"o" << o << "\",\"window_id\":\"w"
      << (o % 40 + 1) << "\",\"schedule_id\":\"s" << o << "\",\"checkin_at\":\"2026-11-27T08:5" << o % 10 << ":00+08:00\"}";
  f << "]}";
  return path;
}

}  // namespace

int main(int argc, char** argv) {
  const int runs = argc > 1 ? std::max(1, std::atoi(argv[1])) : 5;
  std::printf("kiosk benchmark: %s, medians of %d runs (idle CPU: %d runs of 10 s)\n", kKiosk.c_str(), runs,
              std::max(1, runs / 2));
  std::printf("%-16s %16s %16s %18s %16s\n", "data", "first frame ms", "RSS board MB", "idle CPU % core",
              "RSS idle home MB");
  const std::string big = write_200_officials();
  for (const auto& [label, args] : std::vector<std::pair<std::string, std::vector<std::string>>>{
           {"demo", {"--demo"}}, {"200-officials", {"--reference", big}}}) {
    const Figures f = measure(label, args, runs);
    std::printf("%-16s %16.1f %16.1f %18.2f %16.1f\n", label.c_str(), f.start_ms, f.rss_mb, f.idle_cpu, f.idle_rss_mb);
    std::fflush(stdout);
  }
  std::printf("targets (SPEC §6): first frame <= 150 ms, RSS <= 60 MB, idle CPU <= 0.2 %% (issue: <= 1 %%)\n");
  std::filesystem::remove(big);
  return 0;
}
