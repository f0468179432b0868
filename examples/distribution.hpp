// This process's part in a `genre_classifier train` run: the only one, or with --distributed one
// MPI rank of several (built with MPI; without it --distributed is refused with a sentence).
//
// Choices: every rank reads the same CSV file (no copies, no shards on disk) and fits the same
// vocabularies, label set and standardization on the same training rows — deterministic, so no
// communication, and checked: the ranks compare checksums of the files they read. Every rank draws
// the same row order and dropout as one process would and computes its share of each batch (a
// block of its rows, by index), so --batch-size stays the global batch and N ranks train what one
// process trains, up to the order of float additions. Validation and test rows are predicted a
// share per rank and the probabilities summed, so every rank tunes the same thresholds and stops at
// the same epoch. Rank 0 alone prints and writes files.
#pragma once

#include <metagrad/data/csv.hpp>
#include <metagrad/exec/threads.hpp>
#include <metagrad/io/binary_file.hpp>
#include <metagrad/nn/data_parallel.hpp>
#include <metagrad/nn/parameters.hpp>

#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <exception>
#include <optional>
#include <string>
#include <vector>

#include "command_line.hpp"

#if METAGRAD_HAVE_MPI
#include <metagrad/dist/mpi.hpp>
#endif

class distribution {
 public:
  distribution(bool distributed, int argc, char** argv) {
    if (!distributed) return;
#if METAGRAD_HAVE_MPI
    mpi_.emplace(argc, argv);
    if (rank() != 0) {  // quiet: rank 0 speaks for all; an error of this rank's is still said
      std::fflush(stdout), std::fflush(stderr);
      saved_stderr_ = ::dup(2);
      const int null = ::open("/dev/null", O_WRONLY);
      if (saved_stderr_ < 0 || null < 0 || ::dup2(null, 1) < 0 || ::dup2(null, 2) < 0)
        throw std::runtime_error("cannot quiet rank " + std::to_string(rank()));
      ::close(null);
    }
#else
    (void)argc, (void)argv;
    throw usage_error(
        "--distributed: this genre_classifier was built without MPI; install libopenmpi-dev and "
        "openmpi-bin, configure and build again");
#endif
  }

  // A rank that leaves by an exception does not finalize MPI (the others may be inside a
  // collective; mpirun ends them when this process exits), and gets its stderr back to say why.
  ~distribution() {
#if METAGRAD_HAVE_MPI
    if (saved_stderr_ >= 0) ::dup2(saved_stderr_, 2);
    if (std::uncaught_exceptions() > 0 && mpi_) mpi_->abandon();
#endif
  }
  distribution(const distribution&) = delete;
  distribution& operator=(const distribution&) = delete;

  bool active() const { return ranks() > 1; }
  bool speaks() const { return rank() == 0; }
#if METAGRAD_HAVE_MPI
  int rank() const { return mpi_ ? mpi_->rank() : 0; }
  int ranks() const { return mpi_ ? mpi_->ranks() : 1; }
  metagrad::nn::data_parallel data_parallel() const {
    return mpi_ ? mpi_->data_parallel() : metagrad::nn::data_parallel{};
  }
  // The cores of this host shared among the ranks on it.
  int default_threads() const {
    const int all = metagrad::exec::default_threads();
    return mpi_ ? std::max(1, all / mpi_->ranks_on_this_host()) : all;
  }
  bool same_everywhere(std::uint64_t value) const { return !mpi_ || mpi_->same_everywhere(value); }
#else
  int rank() const { return 0; }
  int ranks() const { return 1; }
  metagrad::nn::data_parallel data_parallel() const { return {}; }
  int default_threads() const { return metagrad::exec::default_threads(); }
  bool same_everywhere(std::uint64_t) const { return true; }
#endif

  // Every rank must have read the same bytes (`fingerprints` of the same `files`).
  void check_same_data(const std::vector<std::string>& fingerprints,
                       const std::vector<std::string>& files) {
    if (!active()) return;
    std::string all;
    for (const auto& f : fingerprints) all += f + "\n";
    if (same_everywhere(metagrad::io::fnv1a(all))) return;
    std::string names;
    for (const auto& f : files) names += (names.empty() ? "" : ", ") + f;
    throw metagrad::data::input_error("--distributed: the ranks read different data (" + names +
                                      " differ between hosts)");
  }

  // After training a network every rank must hold the very same parameters.
  void check_same_parameters(const metagrad::nn::parameters& p, std::size_t network) {
    check_same_values("network " + std::to_string(network), p.W1, p.b1, p.W2, p.b2);
  }

  // Fails unless every rank holds the same `matrices` (float), which `what` names.
  template <class... Matrices>
  void check_same_values(const std::string& what, const Matrices&... matrices) {
    if (!active()) return;
    std::uint64_t sum = metagrad::io::fnv1a(nullptr, 0);
    ((sum =
          metagrad::io::fnv1a(matrices.data(), std::size_t(matrices.size()) * sizeof(float), sum)),
     ...);
    if (!same_everywhere(sum))
      throw std::runtime_error(what + ": the ranks' parameters differ after training");
    std::fprintf(stderr, "%s: parameters identical on all %d ranks (FNV-1a %016llx)\n",
                 what.c_str(), ranks(), (unsigned long long)sum);
  }

 private:
#if METAGRAD_HAVE_MPI
  std::optional<metagrad::dist::mpi_session> mpi_;
  int saved_stderr_ = -1;
#endif
};
