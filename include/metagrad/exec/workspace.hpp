// workspace: the run-time state of one program: what each leaf is bound to, the size of every
// node, and one arena that holds every buffer and the GEMM packing space. Created once; running
// the program afterwards allocates nothing (a rebinding to larger data grows the arena once).
#pragma once

#include "metagrad/core/check.hpp"
#include "metagrad/core/leaf.hpp"
#include "metagrad/detail/eigen_types.hpp"
#include "metagrad/exec/gemm.hpp"
#include "metagrad/exec/sparse_kernels.hpp"
#include "metagrad/exec/threads.hpp"
#include "metagrad/graph/topology.hpp"

#include <Eigen/Core>

#include <array>
#include <cstddef>
#include <memory>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace metagrad {

template <class Program, class S>
class workspace {
 public:
  using scalar = S;
  static constexpr std::size_t size = Program::size;

  explicit workspace(int threads = exec::default_threads()) : threads_(threads) {}

  // Binds each named leaf of the program to data (held by address) or to a scalar value.
  template <class... V>
  void bind(const binding<V>&... b) {
    (bind_one(b, true), ...);
    planned_ = false;
  }

  // As bind(), but a name the program does not use is skipped instead of refused: for code that
  // binds one set of data to several programs (a loss with and without focal's alpha and gamma).
  template <class... V>
  void bind_if_used(const binding<V>&... b) {
    (bind_one(b, false), ...);
    planned_ = false;
  }

  // The values of a node the program keeps (a root, or any node with a buffer of its own).
  template <expression T>
  detail::const_matrix_map<S> operator[](T) const {
    constexpr std::size_t i = Program::topo::template index_of<T>;
    static_assert(i != graph::npos, "ws[e]: e is not a node of this program");
    static_assert(Program::plan::buffered[i] || is_leaf<T>::value,
                  "ws[e]: e was fused into another kernel; pass it to compile() to keep it");
    return {data_[i], shape_[i].rows, shape_[i].cols, Eigen::OuterStride<>(stride_[i])};
  }

  void run() { Program::run(*this); }

  // One step of plain SGD: runs the program, then p -= learning_rate * dL/dp for every (parameter,
  // gradient) of `grads` (what grad() returned, compiled into this program), in the matrices the
  // parameters are bound to (bound non-const). Where nothing reads a parameter after its
  // gradient's kernel, and that kernel is a product or a sparse gradient, the update is that
  // kernel (a GEMM accumulating -learning_rate op(a) op(b) into the weights): the gradient is
  // neither written out nor read back. The loss and every other root are computed as by run();
  // the folded gradients' buffers are not.
  template <class Grads>
  void sgd_step(S learning_rate, Grads grads) {
    Program::sgd_step(*this, learning_rate, grads);
  }

  // For the gradient of a sparse product: the features (rows of x^T g, columns of g^T x) the last
  // run wrote, ascending; everything else is zero.
  template <expression T>
  const std::vector<int>& touched_features(T) const {
    constexpr std::size_t i = Program::topo::template index_of<T>;
    static_assert(i != graph::npos && Program::plan::record(i).kind == op_kind::sparse_grad,
                  "ws.touched_features(e): e must be the gradient of a sparse product");
    return touched_[i].rows;
  }

  int threads() const { return threads_; }
  void set_threads(int threads) {
    threads_ = std::max(1, threads);
    planned_ = false;
  }
  // Scalars in the arena, for tests of the memory plan.
  std::size_t arena_size() const { return capacity_; }

 private:
  friend Program;

  template <class V>
  void bind_one(const binding<V>& b, bool required) {
    bool found = false;
    for (std::size_t i = 0; i < size; ++i) {
      const graph::node_record& r = *Program::topo::entries[i].record;
      if (r.kind != op_kind::leaf || r.name != b.name) continue;
      found = true;
      if constexpr (std::is_arithmetic_v<V>) {
        if (r.leaf != leaf_kind::scalar)
          throw std::invalid_argument("bind: " + std::string(kind_text(r.leaf)) + " '" +
                                      std::string(r.name) + "' takes a matrix, not a number");
        scalar_[i] = static_cast<S>(b.value);
        shape_[i] = {1, 1};
      } else if constexpr (is_sparse<V>) {
        bind_sparse(i, r, *b.value);
      } else {
        bind_matrix(i, r, *b.value);
        writable_[i] = writable_data(b.writable);
      }
      bound_[i] = true;
    }
    if (!found && required)
      throw std::invalid_argument("bind: this program has no leaf named '" + std::string(b.name) +
                                  "'");
  }

  // Eigen/Core declares SparseMatrixBase, so dense-only users need not include Eigen/SparseCore.
  template <class M>
  static constexpr bool is_sparse =
      std::is_base_of_v<Eigen::SparseMatrixBase<M>, M> || std::is_same_v<M, exec::sparse_view<S>>;

  void check_shape(const graph::node_record& r, shape got) const {
    const shape want = r.static_shape;
    if ((want.rows != dyn && want.rows != got.rows) || (want.cols != dyn && want.cols != got.cols))
      throw shape_error(std::string(r.name) + ": bound " + shape_text(got) + ", expected " +
                        shape_text(want));
  }

  template <class M>
  void bind_sparse(std::size_t i, const graph::node_record& r, const M& m) {
    if (r.leaf != leaf_kind::sparse_input)
      throw std::invalid_argument("bind: " + std::string(kind_text(r.leaf)) + " '" +
                                  std::string(r.name) + "' takes a dense matrix, not a sparse one");
    exec::sparse_view<S> view;
    if constexpr (std::is_same_v<M, exec::sparse_view<S>>) {
      view = m;
    } else {
      static_assert(std::is_same_v<typename M::Scalar, S> && (M::Flags & Eigen::RowMajorBit) &&
                        std::is_same_v<typename M::StorageIndex, int>,
                    "bind: a sparse input takes Eigen::SparseMatrix<S, Eigen::RowMajor, int>");
      if (!m.isCompressed())
        throw std::invalid_argument("bind: sparse input '" + std::string(r.name) +
                                    "' must be compressed (call makeCompressed())");
      view = {m.rows(), m.cols(), m.outerIndexPtr(), m.innerIndexPtr(), m.valuePtr()};
    }
    check_shape(r, {view.rows, view.cols});
    shape_[i] = {view.rows, view.cols};
    sparse_[i] = view;
  }

  template <class M>
  static S* writable_data(M* m) {
    if constexpr (std::is_convertible_v<decltype(m->data()), S*>)
      return m ? m->data() : nullptr;
    else
      return nullptr;
  }

  template <class M>
  void bind_matrix(std::size_t i, const graph::node_record& r, const M& m) {
    static_assert(std::is_same_v<typename M::Scalar, S>,
                  "bind: the data's scalar type must be the workspace's (float by default)");
    constexpr bool row_major = (M::Flags & Eigen::RowMajorBit) != 0;
    static_assert(!row_major || M::RowsAtCompileTime == 1,
                  "bind: metagrad reads column-major matrices; bind a column-major copy");
    if (r.leaf == leaf_kind::scalar)
      throw std::invalid_argument("bind: scalar '" + std::string(r.name) + "' takes a number");
    if (r.leaf == leaf_kind::sparse_input)
      throw std::invalid_argument("bind: sparse input '" + std::string(r.name) +
                                  "' takes a row-major Eigen::SparseMatrix");
    const shape got{m.rows(), m.cols()};
    check_shape(r, got);
    shape_[i] = got;
    data_[i] = m.data();
    // A row vector's next column is one inner step away (a row of a column-major matrix: its
    // rows apart); a column-major matrix's columns are an outer step apart, its rows adjacent.
    if (!row_major && m.innerStride() != 1 && m.rows() > 1)
      throw std::invalid_argument("bind: '" + std::string(r.name) +
                                  "' has rows that are not adjacent in memory; bind a copy");
    stride_[i] = row_major ? m.innerStride() : m.outerStride();
  }

  int threads_;
  bool planned_ = false;
  std::array<shape, size> shape_{};
  std::array<const S*, size> data_{};
  std::array<S*, size> writable_{};  // parameters bound to non-const matrices: data_, writable
  std::array<S*, size> out_{};
  std::array<dim_t, size> stride_{};
  std::array<S, size> scalar_{};
  std::array<bool, size> bound_{};
  std::array<exec::gemm_blocking_sizes, size> blocking_{};
  std::array<exec::sparse_view<S>, size> sparse_{};
  std::array<exec::touched_rows, size> touched_{};
  std::array<std::pair<S*, std::size_t>, size> zeroed_{};  // sparse gradients: buffer known zero
  std::unique_ptr<S[]> arena_;
  S* base_ = nullptr;  // arena_, aligned to a cache line
  std::size_t capacity_ = 0;
  S* scratch_ = nullptr;  // GEMM packing space, threads_ x scratch_per_thread_
  std::size_t scratch_per_thread_ = 0;
};

}  // namespace metagrad
