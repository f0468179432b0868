// elementwise(): an element-wise kernel written once, as a generic function of its operands'
// values, that Eigen runs on single coefficients and on packets (SIMD registers) alike. The
// function is built from Eigen's packet primitives (padd, pexp, pselect, ...), which also take
// plain scalars, so the formula a reader checks is the one both paths run. The result is a lazy
// nullary expression: an op using it stays fused with its consumers, and a whole fused pass is
// vectorized when every operand can be read by packets (column-major, packet access).
#pragma once

#include "metagrad/core/shape.hpp"
#include "metagrad/detail/eigen_types.hpp"

#include <Eigen/Core>

#include <tuple>

namespace metagrad::detail {

namespace pm = Eigen::internal;  // the packet primitives: padd, pmul, pexp, pselect, ...

// How a kernel reads an operand at (i, j).
template <class X>
struct each {  // coefficient (i, j): an operand of the output's shape
  X x;
};
template <class X>
struct row_broadcast {  // coefficient (0, j) of a row, the same down each column
  X x;
};
template <class X>
struct column_broadcast {  // coefficient (i, 0) of a column, the same along each row
  X x;
};
template <class S>
struct constant {
  S value;
};

template <class R>
struct reader;

// Whether X can be read a packet at a time down its columns.
template <class X>
inline constexpr bool column_packets = (int(Eigen::internal::evaluator<X>::Flags) &
                                        Eigen::PacketAccessBit) &&
                                       !(int(Eigen::internal::evaluator<X>::Flags) &
                                         Eigen::RowMajorBit);

template <class X>
struct reader<each<X>> {
  using ev = Eigen::internal::evaluator<X>;
  static constexpr bool packets = column_packets<X>;
  static auto coeff(const each<X>& r, Eigen::Index i, Eigen::Index j) {
    return ev(r.x).coeff(i, j);
  }
  template <class P>
  static P packet(const each<X>& r, Eigen::Index i, Eigen::Index j) {
    return ev(r.x).template packet<Eigen::Unaligned, P>(i, j);
  }
};

template <class X>
struct reader<row_broadcast<X>> {
  using ev = Eigen::internal::evaluator<X>;
  static constexpr bool packets = true;
  static auto coeff(const row_broadcast<X>& r, Eigen::Index, Eigen::Index j) {
    return ev(r.x).coeff(0, j);
  }
  template <class P>
  static P packet(const row_broadcast<X>& r, Eigen::Index, Eigen::Index j) {
    return pm::pset1<P>(ev(r.x).coeff(0, j));
  }
};

template <class X>
struct reader<column_broadcast<X>> {
  using ev = Eigen::internal::evaluator<X>;
  static constexpr bool packets = column_packets<X>;
  static auto coeff(const column_broadcast<X>& r, Eigen::Index i, Eigen::Index) {
    return ev(r.x).coeff(i, 0);
  }
  template <class P>
  static P packet(const column_broadcast<X>& r, Eigen::Index i, Eigen::Index) {
    return ev(r.x).template packet<Eigen::Unaligned, P>(i, 0);
  }
};

template <class S>
struct reader<constant<S>> {
  static constexpr bool packets = true;
  static S coeff(const constant<S>& r, Eigen::Index, Eigen::Index) { return r.value; }
  template <class P>
  static P packet(const constant<S>& r, Eigen::Index, Eigen::Index) {
    return pm::pset1<P>(r.value);
  }
};

template <class S, class F, class... R>
struct packet_kernel {
  F f;
  std::tuple<R...> operands;
  S operator()(Eigen::Index i, Eigen::Index j) const {
    return std::apply([&](const R&... r) { return S(f(S(reader<R>::coeff(r, i, j))...)); },
                      operands);
  }
  template <class P>
  P packetOp(Eigen::Index i, Eigen::Index j) const {
    return std::apply([&](const R&... r) { return f(reader<R>::template packet<P>(r, i, j)...); },
                      operands);
  }
};

// rows x cols of f(operands read at (i, j)...).
template <class S, class F, class... R>
auto elementwise(shape s, F f, R... operands) {
  return array_t<S>::NullaryExpr(s.rows, s.cols, packet_kernel<S, F, R...>{f, {operands...}});
}

}  // namespace metagrad::detail

template <class S, class F, class... R>
struct Eigen::internal::functor_traits<metagrad::detail::packet_kernel<S, F, R...>> {
  enum {
    Cost = 8 * NumTraits<S>::MulCost,
    PacketAccess = (metagrad::detail::reader<R>::packets && ...),
    IsRepeatable = true
  };
};
