#include "scry/cli/interrupt.hpp"

#include <unistd.h>

#include <cstdio>
#include <system_error>

namespace scry::cli {
namespace {

// The watcher's wake-up call when the guarded work ends normally.
constexpr int kStopSignal = SIGUSR1;

sigset_t WatchedSignals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, kStopSignal);
  return set;
}

void RemoveFolder(const std::filesystem::path& folder) {
  std::error_code ignored;
  std::filesystem::remove_all(folder, ignored);
}

}  // namespace

InterruptCleanup::InterruptCleanup(std::filesystem::path folder, std::atomic<pid_t>* running_git)
    : folder_(std::move(folder)), running_git_(running_git) {
  sigset_t watched = WatchedSignals();
  pthread_sigmask(SIG_BLOCK, &watched, &previous_mask_);
  started_ = pthread_create(&watcher_, nullptr, &InterruptCleanup::Watch, this) == 0;
}

InterruptCleanup::~InterruptCleanup() {
  if (started_) {
    pthread_kill(watcher_, kStopSignal);
    pthread_join(watcher_, nullptr);
  }
  RemoveFolder(folder_);
  // A SIGINT that arrived just now is delivered here and ends scry with its default action.
  pthread_sigmask(SIG_SETMASK, &previous_mask_, nullptr);
}

void* InterruptCleanup::Watch(void* self_pointer) {
  auto* self = static_cast<InterruptCleanup*>(self_pointer);
  sigset_t watched = WatchedSignals();
  while (true) {
    int signal = 0;
    if (sigwait(&watched, &signal) != 0) continue;
    if (signal == kStopSignal) return nullptr;
    // Stop git first, so that it does not write into the folder while it is removed.
    if (self->running_git_ != nullptr) {
      pid_t group = self->running_git_->load();
      if (group > 0 && ::kill(-group, SIGTERM) == 0) {
        // git removes its half-made clone when terminated; let it finish (bounded) so that the
        // two removals do not race.
        for (int i = 0; i < 500 && ::kill(-group, 0) == 0; ++i) ::usleep(10000);
      }
    }
    for (int attempt = 0; attempt < 3 && std::filesystem::exists(self->folder_); ++attempt) {
      RemoveFolder(self->folder_);
    }
    std::fprintf(stderr, "scry: interrupted; removed %s\n", self->folder_.c_str());
    std::fflush(stderr);
    ::_exit(128 + signal);
  }
}

}  // namespace scry::cli
