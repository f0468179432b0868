// Heap allocations of the whole process (every thread, every library), counted by interposing
// glibc's malloc family in the benchmark executable.
#pragma once

namespace bench {

long allocations();

}  // namespace bench
