// compile(roots...) and program: the schedule of kernels for loss and gradients, decided from
// types alone. run() executes it: one kernel per buffered node, in topological order, each an
// Eigen GEMM, a fused element-wise pass, a reduction or a row-wise kernel.
#pragma once

#include "metagrad/core/expr.hpp"
#include "metagrad/core/leaf.hpp"
#include "metagrad/detail/eigen_types.hpp"
#include "metagrad/exec/data_scalar.hpp"
#include "metagrad/exec/gemm.hpp"
#include "metagrad/exec/invalid_program.hpp"
#include "metagrad/exec/kernels.hpp"
#include "metagrad/exec/workspace.hpp"
#include "metagrad/graph/grad.hpp"
#include "metagrad/graph/plan.hpp"
#include "metagrad/graph/topology.hpp"

#include <algorithm>
#include <cstddef>
#include <stdexcept>
#include <string>
#include <tuple>
#include <utility>

namespace metagrad {

namespace detail {
template <class T>
struct op_of;
template <class Op, class... A>
struct op_of<expr<Op, A...>> {
  using type = Op;
};
inline constexpr std::size_t align_scalars = 64;  // 64 bytes for float, 512 for double: ample
constexpr std::size_t round_up(std::size_t n) {
  return (n + align_scalars - 1) / align_scalars * align_scalars;
}
}  // namespace detail

template <class... Roots>
struct program {
  using topo = graph::topology<Roots...>;
  using plan = graph::plan<topo>;
  static constexpr std::size_t size = topo::size;
  template <std::size_t I>
  using node = graph::type_at<topo, I>;

  // A workspace for this program, bound to the given data; its arena is planned here.
  template <class S = float, class... V>
  static metagrad::workspace<program, S> make_workspace(const binding<V>&... b) {
    metagrad::workspace<program, S> ws;
    ws.bind(b...);
    if (all_bound(ws)) prepare(ws);
    return ws;
  }
  template <class... V>
  auto workspace(const binding<V>&... b) const {
    // The scalar type of the first bound matrix (float when only numbers are bound).
    return make_workspace<typename detail::data_scalar<V...>::type>(b...);
  }

  template <class S>
  static void run(metagrad::workspace<program, S>& ws) {
    if (!ws.planned_) prepare(ws);
    [&]<std::size_t... I>(std::index_sequence<I...>) { (run_node<I>(ws), ...); }
    (std::make_index_sequence<size>{});
  }

  // The (parameter, gradient) pairs of a gradient set, by position in the order.
  template <class... W, class... G>
  static constexpr std::array<graph::update_pair, sizeof...(W)> updates_of(
      gradient_set<graph::gradient_entry<W, G>...>) {
    return {graph::update_pair{topo::template index_of<W>, topo::template index_of<G>}...};
  }

  // The SGD step of a gradient set: which pair (if any) each node's kernel updates in place.
  template <class Grads>
  struct sgd_schedule {
    static constexpr auto updates = updates_of(Grads{});
    static constexpr std::array<std::size_t, size> folded = plan::folded_updates(updates);
  };

  // workspace::sgd_step.
  template <class S, class Grads>
  static void sgd_step(metagrad::workspace<program, S>& ws, S learning_rate, Grads) {
    using schedule = sgd_schedule<Grads>;
    if (!ws.planned_) prepare(ws);
    for (const graph::update_pair& u : schedule::updates)
      if (u.param != graph::npos && !ws.writable_[u.param])
        throw std::invalid_argument("sgd_step: parameter '" +
                                    std::string(plan::record(u.param).name) +
                                    "' is bound to a const matrix; bind one the step may update");
    [&]<std::size_t... I>(std::index_sequence<I...>) {
      (step_node<I, schedule>(ws, learning_rate), ...);
    }
    (std::make_index_sequence<size>{});
    // The rest after every kernel has read the parameters' old values.
    [&]<std::size_t... K>(std::index_sequence<K...>) {
      (sgd_from_buffer<K, schedule>(ws, learning_rate), ...);
    }
    (std::make_index_sequence<schedule::updates.size()>{});
  }

 private:
  template <class S>
  using ws_t = metagrad::workspace<program, S>;

  template <class S>
  static bool all_bound(const ws_t<S>& ws) {
    for (std::size_t i = 0; i < size; ++i)
      if (plan::record(i).kind == op_kind::leaf && !ws.bound_[i]) return false;
    return true;
  }

  // Sizes of every node from the bound leaves, then the arena's layout.
  template <class S>
  static void prepare(ws_t<S>& ws) {
    [&]<std::size_t... I>(std::index_sequence<I...>) { (infer_shape<I>(ws), ...); }
    (std::make_index_sequence<size>{});
    std::array<std::size_t, size> slot_size{};
    std::size_t scratch = 0;
    for (std::size_t i = 0; i < size; ++i) {
      if (!plan::buffered[i]) continue;
      const std::size_t s = plan::slots.of[i];
      slot_size[s] = std::max(slot_size[s], static_cast<std::size_t>(ws.shape_[i].size()));
      // x w^T sums a block of output rows at a time; X^T G one gradient row (at most the larger
      // side of its output).
      const std::size_t longer = std::size_t(std::max(ws.shape_[i].rows, ws.shape_[i].cols));
      if (plan::record(i).kind == op_kind::sparse_matmul)
        scratch = std::max<std::size_t>(scratch, std::size_t(exec::sparse_row_block) * longer);
      if (plan::record(i).kind == op_kind::sparse_grad) scratch = std::max(scratch, longer);
      if (plan::record(i).kind == op_kind::matmul) {
        const shape a = gemm_shape(ws, topo::operand(i, 0));
        ws.blocking_[i] = exec::blocking_for<S>(ws.shape_[i].rows, ws.shape_[i].cols, a.cols);
        scratch = std::max<std::size_t>(scratch, ws.blocking_[i].scratch());
      }
    }
    // Slots of sparse gradients first: their size does not depend on the batch, so a new batch
    // size leaves them in place and their zeros need not be written again.
    std::array<std::size_t, size> offset{};
    std::size_t total = 0;
    for (const bool exclusive : {true, false})
      for (std::size_t s = 0; s < plan::slots.count; ++s)
        if (plan::slots.exclusive[s] == exclusive) {
          offset[s] = total;
          total += detail::round_up(slot_size[s]);
        }
    const std::size_t scratch_at = total;
    ws.scratch_per_thread_ = detail::round_up(scratch);
    total += ws.scratch_per_thread_ * static_cast<std::size_t>(ws.threads_);
    if (total > ws.capacity_) {
      ws.arena_.reset(new S[total + detail::align_scalars]);
      void* p = ws.arena_.get();
      std::size_t space = (total + detail::align_scalars) * sizeof(S);
      ws.base_ = static_cast<S*>(std::align(64, total * sizeof(S), p, space));
      ws.capacity_ = total;
    }
    for (std::size_t i = 0; i < size; ++i) {
      if (!plan::buffered[i]) continue;
      ws.out_[i] = ws.base_ + offset[plan::slots.of[i]];
      ws.data_[i] = ws.out_[i];
      ws.stride_[i] = std::max<dim_t>(ws.shape_[i].rows, 1);
      if (plan::record(i).kind == op_kind::sparse_grad) keep_sparse_gradient_zero(ws, i);
    }
    ws.scratch_ = ws.base_ + scratch_at;
    ws.planned_ = true;
  }

  // A sparse gradient's kernel zeroes only the rows it wrote last time; a buffer that moved or
  // changed size is zeroed whole once (an allocation-free run never gets here).
  template <class S>
  static void keep_sparse_gradient_zero(ws_t<S>& ws, std::size_t i) {
    const std::size_t n = static_cast<std::size_t>(ws.shape_[i].size());
    if (ws.zeroed_[i] == std::pair{ws.out_[i], n}) return;
    std::fill(ws.out_[i], ws.out_[i] + n, S(0));
    ws.zeroed_[i] = {ws.out_[i], n};
    ws.touched_[i].rows.clear();
    ws.touched_[i].reserve(std::max(ws.shape_[i].rows, ws.shape_[i].cols));  // the feature count
  }

  // A transpose without a buffer of its own: the GEMM reads its operand transposed.
  static constexpr bool view_at(std::size_t i) {
    return plan::record(i).kind == op_kind::transpose && !plan::buffered[i];
  }

  template <class S>
  static shape gemm_shape(const ws_t<S>& ws, std::size_t operand) {
    const shape s = ws.shape_[operand];
    return view_at(operand) ? shape{s.cols, s.rows} : s;
  }

  template <std::size_t I, class S>
  static void infer_shape(ws_t<S>& ws) {
    using T = node<I>;
    if constexpr (is_leaf<T>::value) {
      if (!ws.bound_[I])
        throw std::invalid_argument("run: " + std::string(kind_text(T::kind)) + " '" +
                                    std::string(T::name) + "' (" + shape_text(T::static_shape) +
                                    ") is not bound");
    } else {
      using Op = typename detail::op_of<T>::type;
      [&]<std::size_t... K>(std::index_sequence<K...>) {
        Op::check(ws.shape_[topo::operand(I, K)]...);
        ws.shape_[I] = Op::infer(ws.shape_[topo::operand(I, K)]...);
      }
      (std::make_index_sequence<plan::record(I).arity>{});
    }
  }

  // The value of node I as an Eigen expression: its buffer, its leaf's data, or (fused) the
  // expression of its op over its operands' values.
  template <std::size_t I, class S>
  static auto eval(const ws_t<S>& ws) {
    using T = node<I>;
    static_assert(!is_sparse_leaf_v<T>,
                  "a sparse input can only be multiplied from the left (x * W)");
    if constexpr (is_scalar_leaf_v<T>) {
      return ws.scalar_[I];
    } else if constexpr (is_leaf<T>::value || plan::buffered[I]) {
      return detail::const_array_map<S>(ws.data_[I], ws.shape_[I].rows, ws.shape_[I].cols,
                                        Eigen::OuterStride<>(ws.stride_[I]));
    } else {
      return compute<I>(ws);
    }
  }

  template <std::size_t I, class S>
  static auto compute(const ws_t<S>& ws) {
    using Op = typename detail::op_of<node<I>>::type;
    if constexpr (Op::kind == op_kind::transpose) {
      return eval<topo::operand(I, 0)>(ws).transpose();
    } else {
      return [&]<std::size_t... K>(std::index_sequence<K...>) {
        return Op::template apply<S>(ws.shape_[I], operand<I, K>(ws)...);
      }
      (std::make_index_sequence<plan::record(I).arity>{});
    }
  }

  template <std::size_t I, std::size_t K, class S>
  static auto operand(const ws_t<S>& ws) {
    constexpr std::size_t c = topo::operand(I, K);
    if constexpr (!plan::record(I).reads_data(K))
      return detail::shape_operand{ws.shape_[c]};
    else
      return eval<c>(ws);
  }

  template <std::size_t I>
  static constexpr bool is_view = view_at(I);

  template <std::size_t I, class S>
  static exec::gemm_operand<S> gemm_input(const ws_t<S>& ws) {
    if constexpr (is_view<I>) {
      constexpr std::size_t c = topo::operand(I, 0);
      return {ws.data_[c], ws.shape_[c].rows, ws.shape_[c].cols, ws.stride_[c], true};
    } else {
      return {ws.data_[I], ws.shape_[I].rows, ws.shape_[I].cols, ws.stride_[I], false};
    }
  }

  template <std::size_t I, class S>
  static void run_node(ws_t<S>& ws) {
    if constexpr (plan::buffered[I]) {
      using Op = typename detail::op_of<node<I>>::type;
      const shape out = ws.shape_[I];
      detail::array_map<S> dst(ws.out_[I], out.rows, out.cols, Eigen::OuterStride<>(ws.stride_[I]));
      const int threads = ws.threads_;
      if constexpr (Op::kind == op_kind::matmul) {
        constexpr std::size_t a = topo::operand(I, 0), b = topo::operand(I, 1);
        exec::gemm<is_view<a>, is_view<b>>(gemm_input<a>(ws), gemm_input<b>(ws), ws.out_[I],
                                           ws.stride_[I], ws.scratch_, ws.blocking_[I], threads);
      } else if constexpr (Op::kind == op_kind::reduce) {
        constexpr std::size_t c = topo::operand(I, 0);
        exec::reduce<Op::along, Op::mean>(dst, eval<c>(ws), ws.shape_[c], threads);
      } else if constexpr (Op::kind == op_kind::sparse_matmul) {
        constexpr std::size_t x = topo::operand(I, 0), w = topo::operand(I, 1);
        if constexpr (is_view<w>)  // x * transpose(W): W holds one column per feature
          exec::sparse_times_transposed(dst, ws.sparse_[x], eval<w>(ws), threads, ws.scratch_,
                                        dim_t(ws.scratch_per_thread_));
        else
          exec::sparse_times_dense(dst, ws.sparse_[x], eval<w>(ws), threads);
      } else if constexpr (Op::kind == op_kind::sparse_grad) {
        constexpr std::size_t x = topo::operand(I, 0), g = topo::operand(I, 1);
        if constexpr (Op::feature_major)
          exec::sparse_transpose_times_feature_major(ws.out_[I], ws.stride_[I], ws.sparse_[x],
                                                     eval<g>(ws), ws.touched_[I], threads,
                                                     ws.scratch_, dim_t(ws.scratch_per_thread_));
        else
          exec::sparse_transpose_times(ws.out_[I], ws.stride_[I], ws.sparse_[x], eval<g>(ws),
                                       ws.touched_[I], threads);
      } else if constexpr (Op::kind == op_kind::rowwise) {
        [&]<std::size_t... K>(std::index_sequence<K...>) {
          const auto operands = std::make_tuple(eval<topo::operand(I, K)>(ws)...);
          exec::for_each_row(out.rows, out.size(), threads, [&](Eigen::Index r) {
            Op::template compute_row<S>(r, dst, std::get<K>(operands)...);
          });
        }
        (std::make_index_sequence<plan::record(I).arity>{});
      } else {
        exec::assign(dst, compute<I>(ws), threads);
      }
    }
  }

  template <std::size_t I, class Schedule, class S>
  static void step_node(ws_t<S>& ws, S learning_rate) {
    if constexpr (Schedule::folded[I] == graph::npos)
      run_node<I>(ws);
    else
      run_folded<I, Schedule::updates[Schedule::folded[I]].param>(ws, learning_rate);
  }

  // Node I, the gradient of parameter P, added times -learning_rate into P's storage.
  template <std::size_t I, std::size_t P, class S>
  static void run_folded(ws_t<S>& ws, S learning_rate) {
    using Op = typename detail::op_of<node<I>>::type;
    S* w = ws.writable_[P];
    const exec::scaling<S> step{-learning_rate, true};
    constexpr std::size_t a = topo::operand(I, 0);
    if constexpr (Op::kind == op_kind::reduce) {
      const shape p = ws.shape_[P];
      exec::reduce<Op::along, Op::mean>(
          detail::array_map<S>(w, p.rows, p.cols, Eigen::OuterStride<>(ws.stride_[P])), eval<a>(ws),
          ws.shape_[a], ws.threads_, step);
    } else {
      constexpr std::size_t b = topo::operand(I, 1);
      if constexpr (Op::kind == op_kind::matmul)
        exec::gemm<is_view<a>, is_view<b>>(gemm_input<a>(ws), gemm_input<b>(ws), w, ws.stride_[P],
                                           ws.scratch_, ws.blocking_[I], ws.threads_, step);
      else if constexpr (Op::feature_major)
        exec::sparse_transpose_times_feature_major_add(w, ws.stride_[P], ws.sparse_[a], eval<b>(ws),
                                                       step.alpha, ws.threads_, ws.scratch_,
                                                       dim_t(ws.scratch_per_thread_));
      else
        exec::sparse_transpose_times_add(w, ws.stride_[P], ws.sparse_[a], eval<b>(ws), step.alpha,
                                         ws.threads_);
    }
  }

  // p -= learning_rate * its gradient's buffer, for a pair not folded into its kernel (only the
  // touched rows or columns of a sparse gradient).
  template <std::size_t K, class Schedule, class S>
  static void sgd_from_buffer(ws_t<S>& ws, S learning_rate) {
    constexpr graph::update_pair U = Schedule::updates[K];
    if constexpr (U.param != graph::npos && U.gradient != graph::npos &&
                  Schedule::folded[U.gradient] == graph::npos) {
      const shape s = ws.shape_[U.param];
      detail::array_map<S> p(ws.writable_[U.param], s.rows, s.cols,
                             Eigen::OuterStride<>(ws.stride_[U.param]));
      const auto g = eval<U.gradient>(ws);
      if constexpr (plan::record(U.gradient).kind == op_kind::sparse_grad) {
        const std::vector<int>& touched = ws.touched_[U.gradient].rows;
        constexpr bool by_column = detail::op_of<node<U.gradient>>::type::feature_major;
        const dim_t n = dim_t(touched.size());  // a parallel region only where the work pays
        const int parts = exec::threads_for(n * (by_column ? s.rows : s.cols), ws.threads_, n);
        exec::parallel_for(parts, n, [&](dim_t k) {
          const dim_t f = touched[std::size_t(k)];
          if constexpr (by_column)
            p.col(f) -= learning_rate * g.col(f);
          else
            p.row(f) -= learning_rate * g.row(f);
        });
      } else {
        exec::assign(p, p - learning_rate * g, ws.threads_);
      }
    }
  }
};

namespace detail {
template <class T>
constexpr std::tuple<T> roots_of(T) {
  return {};
}
template <class... E>
constexpr auto roots_of(gradient_set<E...> g) {
  return g.as_tuple();
}
}  // namespace detail

// The program computing every root: expressions, or the gradient_set that grad() returns.
template <class... E>
constexpr auto compile(E... e) {
  auto roots = std::tuple_cat(detail::roots_of(e)...);
  return std::apply(
      [](auto... r) {
        if constexpr ((is_invalid_v<decltype(r)> || ...))
          return invalid_program{};
        else
          return program<decltype(r)...>{};
      },
      roots);
}

}  // namespace metagrad
