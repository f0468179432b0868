// MPI for data-parallel training (nn/data_parallel.hpp): a session that initializes and finalizes
// MPI, the in-place sum the trainer calls after every step (MPI_Allreduce, MPI_IN_PLACE, over
// MPI_COMM_WORLD), and the checks that keep ranks honest — that every rank read the same data and
// holds the same parameters. Needs <mpi.h> (Debian: libopenmpi-dev); nothing else in metagrad
// includes it.
#pragma once

#include "metagrad/nn/data_parallel.hpp"

#include <mpi.h>

#include <algorithm>
#include <climits>
#include <cstdint>
#include <stdexcept>
#include <string>

namespace metagrad::dist {

class mpi_session {
 public:
  mpi_session(int& argc, char**& argv) {
    int ready = 0;
    MPI_Initialized(&ready);
    if (!ready) {
      MPI_Init(&argc, &argv);
      owner_ = true;
    }
    MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
    MPI_Comm_size(MPI_COMM_WORLD, &ranks_);
  }
  ~mpi_session() {
    if (owner_) MPI_Finalize();
  }
  // Leaves without MPI_Finalize (after an error on this rank alone, finalizing could wait forever
  // for ranks inside a collective); mpirun ends the others when this process exits.
  void abandon() { owner_ = false; }
  mpi_session(const mpi_session&) = delete;
  mpi_session& operator=(const mpi_session&) = delete;

  int rank() const { return rank_; }
  int ranks() const { return ranks_; }

  // The trainer's view: this rank, the number of ranks, and the in-place sum.
  nn::data_parallel data_parallel() const { return {rank_, ranks_, &sum}; }

  // Sums n floats over every rank, in place (in pieces of at most INT_MAX, MPI's count type).
  static void sum(float* data, std::size_t n) {
    for (std::size_t done = 0; done < n;) {
      const int count = int(std::min<std::size_t>(n - done, INT_MAX));
      MPI_Allreduce(MPI_IN_PLACE, data + done, count, MPI_FLOAT, MPI_SUM, MPI_COMM_WORLD);
      done += std::size_t(count);
    }
  }

  // How many ranks run on this host (they share its cores).
  int ranks_on_this_host() const {
    MPI_Comm local;
    MPI_Comm_split_type(MPI_COMM_WORLD, MPI_COMM_TYPE_SHARED, rank_, MPI_INFO_NULL, &local);
    int n = 1;
    MPI_Comm_size(local, &n);
    MPI_Comm_free(&local);
    return n;
  }

  // Whether every rank passed the same value (a checksum of what it read or holds).
  bool same_everywhere(std::uint64_t value) const {
    std::uint64_t low = value, high = value;
    MPI_Allreduce(MPI_IN_PLACE, &low, 1, MPI_UINT64_T, MPI_MIN, MPI_COMM_WORLD);
    MPI_Allreduce(MPI_IN_PLACE, &high, 1, MPI_UINT64_T, MPI_MAX, MPI_COMM_WORLD);
    return low == high;
  }

 private:
  int rank_ = 0, ranks_ = 1;
  bool owner_ = false;
};

}  // namespace metagrad::dist
