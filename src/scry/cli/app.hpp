// The scry command tree (docs/cli.md): version, fs, rootfs.
#pragma once

#include <functional>

namespace CLI {
class App;
}

namespace scry::cli {

// Parses the command line and runs the command. Returns the process exit code: 0 success,
// 1 the scan could not be done (reason on stderr), 2 wrong usage.
int Run(int argc, char** argv);

// Builds the command tree Run parses and hands it to `inspect` instead of parsing anything: tests
// audit every option's description, default and environment variable through it.
void InspectCommands(const std::function<void(const CLI::App&)>& inspect);

}  // namespace scry::cli
