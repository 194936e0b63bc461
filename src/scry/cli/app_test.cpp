#include "scry/cli/app.hpp"

#include <gtest/gtest.h>

#include <CLI/CLI.hpp>
#include <functional>
#include <set>

namespace scry::cli {
namespace {

// Every option of every command says what it does and what happens without it (a default, or it
// is a flag, or it must be given), and reads SCRY_<FLAG> from the environment, so that --help and
// the documentation of the environment and scry.yaml are complete.
TEST(App, EveryOptionHasADescriptionADefaultAndAnEnvironmentVariable) {
  size_t options = 0;
  std::set<std::string> commands;
  InspectCommands([&](const CLI::App& root) {
    std::function<void(const CLI::App&, const std::string&)> visit = [&](const CLI::App& command,
                                                                         const std::string& path) {
      commands.insert(path);
      for (const CLI::Option* option : command.get_options()) {
        std::string name = path + " " + option->get_name();
        SCOPED_TRACE(name);
        ++options;
        EXPECT_FALSE(option->get_description().empty());
        if (option->get_name() == "--help") continue;
        bool flag = option->get_expected_min() == 0;
        if (!flag && !option->get_required()) {
          EXPECT_FALSE(option->get_default_str().empty()) << "no default shown in --help";
        }
        bool positional = option->get_lnames().empty() && option->get_snames().empty();
        if (!positional) {
          EXPECT_EQ(option->get_envname().rfind("SCRY_", 0), 0u) << "no SCRY_* variable";
        }
      }
      for (const CLI::App* sub : command.get_subcommands([](const CLI::App*) { return true; })) {
        EXPECT_FALSE(sub->get_description().empty()) << path << " " << sub->get_name();
        visit(*sub, path + " " + sub->get_name());
      }
    };
    visit(root, "scry");
  });
  EXPECT_GT(options, 50u);
  for (const char* command : {"scry fs", "scry image", "scry repo", "scry rootfs", "scry db update",
                              "scry completion bash", "scry completion zsh"}) {
    EXPECT_EQ(commands.count(command), 1u) << command;
  }
}

}  // namespace
}  // namespace scry::cli
