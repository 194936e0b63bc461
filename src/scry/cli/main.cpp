#include <cstdio>
#include <exception>

#include "scry/cli/app.hpp"

int main(int argc, char** argv) {
  try {
    return scry::cli::Run(argc, argv);
  } catch (const std::exception& error) {
    // Last resort: our code does not throw, but a third-party library or the allocator may.
    std::fprintf(stderr, "scry: internal error: %s\n", error.what());
    return 2;
  }
}
