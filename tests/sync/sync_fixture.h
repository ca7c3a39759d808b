#pragma once
// Test and benchmark helpers for sync: a real hqd process on 127.0.0.1, kiosk databases made by the
// kiosk's own Store, bulk outbox rows, and looks into both databases.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "kiosk/core/store.h"
#include "sync/client/sync_client.h"
#include "sync/common/sqlite_db.h"
#include "sync/protocol/records.h"
#include "sync/protocol/reference_json.h"

namespace sync_test {

namespace fs = std::filesystem;

// A field of /proc/PID/status in KiB (VmRSS, VmHWM), or -1.
inline long status_kib(pid_t pid, const char* field) {
  std::ifstream f("/proc/" + std::to_string(pid) + "/status");
  const std::string key = std::string(field) + ":";
  for (std::string line; std::getline(f, line);)
    if (line.rfind(key, 0) == 0) return std::stol(line.substr(key.size()));
  return -1;
}

// A memory bound of the release build, as it reads in this build: under AddressSanitizer every process
// also keeps freed memory in quarantine and redzones around each block, so the bound becomes 3x + 256 MiB
// there; a 1 GiB decompression bomb still breaks it. The debug test preset sets the quarantine to 64 MiB:
// at ASan's default 256 MiB, plus each thread's own cache, hqd's worker pool alone peaked at 650 MiB in the
// fuzz test (346 MiB with a 32 MiB quarantine; 48 MiB in the release build).
constexpr long resident_bound_kib(long release_kib) {
#if defined(__SANITIZE_ADDRESS__)
  return 3 * release_kib + 256 * 1024;
#else
  return release_kib;
#endif
}

// A fresh directory under /tmp, removed at the end.
class TempDir {
 public:
  TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "sync_test_XXXXXX").string();
    if (!mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
    path_ = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  std::string file(const std::string& name) const { return (path_ / name).string(); }

 private:
  fs::path path_;
};

// A port nobody listens on right now (the kernel picks it).
inline int free_port() {
  const int s = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = 0;
  bind(s, reinterpret_cast<sockaddr*>(&a), sizeof a);
  socklen_t len = sizeof a;
  getsockname(s, reinterpret_cast<sockaddr*>(&a), &len);
  close(s);
  return ntohs(a.sin_port);
}

// Runs a command, returns its stdout (first line trimmed) and exit status.
inline std::pair<int, std::string> run(const std::string& command) {
  FILE* p = popen(command.c_str(), "r");
  if (!p) return {-1, {}};
  std::string out;
  char buf[4096];
  while (std::size_t n = std::fread(buf, 1, sizeof buf, p)) out.append(buf, n);
  const int st = pclose(p);
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
  return {WIFEXITED(st) ? WEXITSTATUS(st) : -1, out};
}

inline bool port_open(int port) {
  const int s = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = htons(static_cast<std::uint16_t>(port));
  const bool ok = connect(s, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
  close(s);
  return ok;
}

// A connection to 127.0.0.1:port from `source` (any 127.x.y.z address is this machine's); -1 when it fails.
inline int connect_from(const std::string& source, int port) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in from{};
  from.sin_family = AF_INET;
  inet_pton(AF_INET, source.c_str(), &from.sin_addr);
  sockaddr_in to{};
  to.sin_family = AF_INET;
  to.sin_port = htons(static_cast<std::uint16_t>(port));
  to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (bind(fd, reinterpret_cast<sockaddr*>(&from), sizeof from) != 0 ||
      connect(fd, reinterpret_cast<sockaddr*>(&to), sizeof to) != 0) {
    close(fd);
    return -1;
  }
  return fd;
}

// A child process started with execv; killed (SIGKILL) if still running at destruction, and when the test
// process dies without destructing it (an abort), so no server outlives its test.
class Child {
 public:
  Child() = default;
  explicit Child(const std::vector<std::string>& argv, const std::string& log = "/dev/null") { start(argv, log); }
  ~Child() { kill_now(); }
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;
  void start(const std::vector<std::string>& argv, const std::string& log) {
    const pid_t parent = getpid();
    pid_ = fork();
    if (pid_ == 0) {
      prctl(PR_SET_PDEATHSIG, SIGKILL);
      if (getppid() != parent) _exit(127);  // the test died before prctl
      const int fd = open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
      if (fd >= 0) {
        dup2(fd, 1);
        dup2(fd, 2);
      }
      std::vector<char*> args;
      for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
      args.push_back(nullptr);
      execv(args[0], args.data());
      _exit(127);
    }
  }
  void kill_now(int sig = SIGKILL) {
    if (pid_ <= 0) return;
    ::kill(pid_, sig);
    waitpid(pid_, nullptr, 0);
    pid_ = -1;
  }
  // Waits up to `seconds` for the child to end; its exit status, or -1 when it is still running.
  int wait(double seconds) {
    const auto end = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
    while (pid_ > 0) {
      int st = 0;
      rusage use{};
      if (wait4(pid_, &st, WNOHANG, &use) == pid_) {
        pid_ = -1;
        peak_kib_ = use.ru_maxrss;
        return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
      }
      if (std::chrono::steady_clock::now() > end) return -1;
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return -1;
  }
  bool running() const { return pid_ > 0; }
  pid_t pid() const { return pid_; }
  // The most memory the child held (KiB), once wait() has seen it end.
  long peak_kib() const { return peak_kib_; }

 private:
  pid_t pid_ = -1;
  long peak_kib_ = 0;
};

// A real hqd on 127.0.0.1: its database, its port, start/kill/restart.
class Hq {
 public:
  explicit Hq(const TempDir& dir) : db(dir.file("hq.db")), log_(dir.file("hqd.log")), port(free_port()) {
    import(std::string(KIOSK_ASSETS_DIR) + "/demo/reference.json");
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port); }
  void import(const std::string& file) {
    const auto [rc, out] = run(std::string(HQD_BINARY) + " import-reference --db " + db + " " + file + " 2>&1");
    if (rc != 0) throw std::runtime_error("hqd import-reference failed: " + out);
  }
  std::string enrol(const std::string& device) {
    const auto [rc, out] = run(std::string(HQD_BINARY) + " enrol --db " + db + " --device " + device);
    if (rc != 0 || out.size() != 64) throw std::runtime_error("hqd enrol failed: " + out);
    return out;
  }
  // `extra`: more options of hqd serve (e.g. --now TIME).
  void start(const std::vector<std::string>& extra = {}) {
    std::vector<std::string> argv = {HQD_BINARY, "serve", "--db", db, "--port", std::to_string(port), "--bind", "127.0.0.1"};
    argv.insert(argv.end(), extra.begin(), extra.end());
    process_.start(argv, log_);
    for (int i = 0; i < 500; ++i) {  // at most 5 s
      if (port_open(port)) return;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    throw std::runtime_error("hqd did not start listening on port " + std::to_string(port));
  }
  void kill9() { process_.kill_now(SIGKILL); }
  // SIGTERM, as systemd stops it; an hqd that has not ended 20 s later is killed and the test fails.
  void stop() {
    if (!process_.running()) return;
    ::kill(process_.pid(), SIGTERM);
    if (process_.wait(20) != -1) return;
    process_.kill_now(SIGKILL);
    throw std::runtime_error("hqd did not stop within 20 s of SIGTERM");
  }
  pid_t pid() const { return process_.pid(); }
  std::int64_t count(const std::string& where = "1") const {
    sync_db::Db d(db);
    sync_db::Stmt s(d, "SELECT count(*) FROM records WHERE " + where);
    s.step();
    return s.integer(0);
  }
  std::string db;

 private:
  std::string log_;
  Child process_;

 public:
  int port;
};

// A schedule for `date`: every demo official sits its first window in the morning (full = false).
inline std::string schedule_file(const TempDir& dir, const std::string& date) {
  const auto ref = protocol::decode_reference(
      [] {
        std::ifstream in(std::string(KIOSK_ASSETS_DIR) + "/demo/reference.json");
        std::stringstream ss;
        ss << in.rdbuf();
        return ss.str();
      }());
  protocol::ReferenceData d;
  d.full = false;
  for (std::size_t i = 0; i < ref.officials.size() && i < ref.windows.size(); ++i)
    d.schedule.push_back({"s-" + date + "-" + ref.officials[i].id, date, protocol::HalfDay::am, ref.officials[i].id,
                          ref.windows[i].id, ""});
  const std::string path = dir.file("schedule-" + date + ".json");
  std::ofstream(path) << protocol::encode_reference(d);
  return path;
}

inline core::HqConfig client_config(const Hq& hq, const std::string& device, const std::string& token,
                                             const std::string& db) {
  core::HqConfig c;
  c.url = hq.url();
  c.device_id = device;
  c.device_token = token;
  c.database = db;
  c.timeout_seconds = 5;
  c.connect_timeout_seconds = 2;
  c.backoff_base_seconds = 1;
  c.backoff_cap_seconds = 1;
  c.batch_size = 500;
  return c;
}

inline void write_config(const std::string& path, const core::HqConfig& c) {
  std::ofstream(path) << "database = \"" << c.database << "\"\n[hq]\nurl = \"" << c.url << "\"\ndevice_id = \""
                      << c.device_id << "\"\ndevice_token = \"" << c.device_token << "\"\nbatch_size = "
                      << c.batch_size << "\nbackoff_base_seconds = " << c.backoff_base_seconds
                      << "\nbackoff_cap_seconds = " << c.backoff_cap_seconds << "\ntimeout_seconds = "
                      << c.timeout_seconds << "\n";
}

// A kiosk database created by the kiosk's own Store (schema, WAL), empty of reference data.
inline void make_kiosk_db(const std::string& path) { core::Store s(path); }

// The payload of an unscheduled check-in at window wA01 at `at`, by the `i`-th of ten demo officials, as
// Store::check_in writes it (`half` "am" unless given).
inline nlohmann::json checkin_body(const std::string& uuid, std::int64_t at, int i, const std::string& half = {}) {
  return {{"uuid", uuid},
          {"official_id", "o" + std::to_string(10 + i % 10)},
          {"window_id", "wA01"},
          {"schedule_id", nullptr},
          {"date", protocol::utc_date(at)},
          {"half", half.empty() ? "am" : half},
          {"checkin_at", protocol::format_timestamp_utc(at)},
          {"unscheduled_reason", "volume test"}};
}

// Queues `n` check-in records the way Store::check_in writes them, in one transaction (fast set-up for
// volume tests); created_at steps one second from `start`.
inline std::vector<std::string> queue_checkins(const std::string& db_path, int n, std::int64_t start,
                                               const std::string& bad_half = {}) {
  sync_db::Db db(db_path);
  sync_db::Transaction t(db);
  sync_db::Stmt ins(db, "INSERT INTO outbox(uuid,kind,created_at,payload) VALUES(?,?,?,?)");
  std::vector<std::string> uuids;
  for (int i = 0; i < n; ++i) {
    const std::string uuid = core::new_uuid();
    const std::int64_t at = start + i;
    ins.bind(1, uuid).bind(2, "checkin").bind(3, at).bind(4, checkin_body(uuid, at, i, bad_half).dump()).run();
    uuids.push_back(uuid);
  }
  t.commit();
  return uuids;
}

// Counts outbox rows of a kiosk database in a state.
inline std::int64_t outbox_count(const std::string& db_path, const std::string& state) {
  sync_db::Db db(db_path);
  sync_db::Stmt s(db, "SELECT count(*) FROM outbox WHERE state=?");
  s.bind(1, state);
  s.step();
  return s.integer(0);
}

}  // namespace sync_test
