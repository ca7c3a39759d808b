#pragma once
// hqd's admin subcommands (imports, set-pin, set-report, follow-up, admin-token, export) on the command line.
#include <string>

namespace hq {

// True for the commands admin_main runs.
bool is_admin_command(const std::string& command);
// Runs `hqd COMMAND …` for an admin command; returns the exit code (0 ok, 1 failed, 2 usage).
int admin_main(int argc, char** argv);

// One line from stdin (trailing spaces and CR dropped); at a terminal `prompt` asks for it and it is not echoed.
std::string read_secret_line(const char* prompt);

// The usage lines of the admin commands, for hqd --help.
extern const char* const kAdminHelp;

}  // namespace hq
