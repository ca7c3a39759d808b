#pragma once
// `hqd user add|list|disable|enable|reset`: the console's accounts on the command line.
namespace hq {

// Runs `hqd user SUBCOMMAND …`; returns the exit code (0 ok, 1 refused or failed, 2 usage).
int user_main(int argc, char** argv);

// Their usage lines, for hqd --help.
extern const char* const kUserHelp;

}  // namespace hq
