// Passive waiting for OpenMP's threads. By default libgomp's threads spin (about 300,000 times)
// at every barrier before they sleep. On an idle machine that saves a wake-up; on a busy one a
// spinning thread burns the time slice its descheduled partner needs to reach the barrier, and
// training, a few parallel regions in each of thousands of steps, slows far beyond its share of
// the machine. Passive waiting costs less idle (a wake-up at each region) than spinning costs
// busy (bench/README.md, "A busy machine" and "what stands between 50 s and 30 s", has the
// figures). libgomp reads its policy once, as it loads, before main runs; so a program that calls
// wait_passively(argv) first thing in main runs itself again with OMP_WAIT_POLICY=passive, unless
// a policy was already set (a user's choice is kept, and the second run does not loop).
#pragma once

#include <cstdlib>

#ifdef __linux__
#include <unistd.h>
#endif

namespace metagrad::exec {

inline void wait_passively(char** argv) {
#ifdef __linux__
  if (std::getenv("OMP_WAIT_POLICY") != nullptr) return;
  if (::setenv("OMP_WAIT_POLICY", "passive", 1) != 0) return;
  ::execv("/proc/self/exe", argv);  // returns only when it fails: then this run goes on as it is
#else
  (void)argv;
#endif
}

}  // namespace metagrad::exec
