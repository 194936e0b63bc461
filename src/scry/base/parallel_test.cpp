#include "scry/base/parallel.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

namespace scry {
namespace {

TEST(ParallelTest, EveryIndexOnceOnAtMostThreadsWorkers) {
  constexpr size_t kCount = 10'000;
  std::vector<std::atomic<int>> calls(kCount);
  std::mutex mutex;
  std::set<size_t> workers;
  bool caller_is_worker_zero = true;
  const auto caller = std::this_thread::get_id();
  ParallelForWorkers(kCount, 4, [&](size_t worker, size_t i) {
    ++calls[i];
    std::lock_guard lock(mutex);
    workers.insert(worker);
    if (worker == 0 && std::this_thread::get_id() != caller) caller_is_worker_zero = false;
  });
  for (size_t i = 0; i < kCount; ++i) EXPECT_EQ(calls[i].load(), 1) << i;
  EXPECT_FALSE(workers.empty());
  EXPECT_LT(*workers.rbegin(), 4U);
  EXPECT_TRUE(caller_is_worker_zero);
}

TEST(ParallelTest, FewerItemsThanThreadsAndNone) {
  std::atomic<int> calls{0};
  ParallelFor(2, 8, [&](size_t) { ++calls; });
  EXPECT_EQ(calls.load(), 2);
  ParallelFor(0, 8, [&](size_t) { ++calls; });
  EXPECT_EQ(calls.load(), 2);
}

}  // namespace
}  // namespace scry
