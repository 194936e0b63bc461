// Removing a temporary folder also when the user interrupts scry (Ctrl-C) or it is terminated:
// a clone of someone's repository must not be left in the cache directory.
#pragma once

#include <pthread.h>
#include <signal.h>
#include <sys/types.h>

#include <atomic>
#include <filesystem>

namespace scry::cli {

// While alive, SIGINT and SIGTERM are blocked in the creating thread and in every thread it
// starts later, and a watcher thread waits for them: on one it stops the running git process
// group (if any), removes `folder`, and ends the process with 128 + the signal number.
// Destruction removes `folder` and restores the signal mask. Create it before any other thread
// is started; at most one at a time.
class InterruptCleanup {
 public:
  InterruptCleanup(std::filesystem::path folder, std::atomic<pid_t>* running_git);
  ~InterruptCleanup();
  InterruptCleanup(const InterruptCleanup&) = delete;
  InterruptCleanup& operator=(const InterruptCleanup&) = delete;

 private:
  static void* Watch(void* self);

  std::filesystem::path folder_;
  std::atomic<pid_t>* running_git_;
  sigset_t previous_mask_{};
  pthread_t watcher_{};
  bool started_ = false;
};

}  // namespace scry::cli
