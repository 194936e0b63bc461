// Runs independent work items on a fixed number of threads.
#pragma once

#include <cstddef>
#include <functional>

namespace scry {

// Calls work(i) once for every i in [0, count) on up to `threads` threads (at least one) and
// returns when all calls have returned. `work` must be safe to call concurrently for different i.
void ParallelFor(size_t count, size_t threads, const std::function<void(size_t)>& work);

// The same, also telling each call which thread runs it: work(worker, i), worker in
// [0, threads), 0 being the calling thread. For per-thread resources (a database connection each).
void ParallelForWorkers(size_t count, size_t threads,
                        const std::function<void(size_t worker, size_t i)>& work);

// The number of hardware threads, at least 1.
size_t HardwareThreads();

}  // namespace scry
