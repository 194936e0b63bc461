// The scry command tree (docs/cli.md): version, fs, rootfs.
#pragma once

namespace scry::cli {

// Parses the command line and runs the command. Returns the process exit code: 0 success,
// 1 the scan could not be done (reason on stderr), 2 wrong usage.
int Run(int argc, char** argv);

}  // namespace scry::cli
