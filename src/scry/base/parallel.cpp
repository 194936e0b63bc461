#include "scry/base/parallel.hpp"

#include <algorithm>
#include <atomic>
#include <thread>
#include <vector>

namespace scry {

void ParallelForWorkers(size_t count, size_t threads,
                        const std::function<void(size_t worker, size_t i)>& work) {
  threads = std::clamp<size_t>(threads, 1, std::max<size_t>(count, 1));
  std::atomic<size_t> next{0};
  auto drain = [&](size_t worker) {
    for (size_t i = next.fetch_add(1); i < count; i = next.fetch_add(1)) work(worker, i);
  };
  std::vector<std::jthread> workers;
  workers.reserve(threads - 1);
  for (size_t t = 1; t < threads; ++t) workers.emplace_back(drain, t);
  drain(0);
}

void ParallelFor(size_t count, size_t threads, const std::function<void(size_t)>& work) {
  ParallelForWorkers(count, threads, [&work](size_t, size_t i) { work(i); });
}

size_t HardwareThreads() { return std::max(1u, std::thread::hardware_concurrency()); }

}  // namespace scry
