// leaf: a named input, parameter or run-time scalar. Data enters by name when the program runs,
// so the type stays empty; `x = X` makes a binding of the leaf's name to X.
#pragma once

#include "metagrad/core/expr.hpp"
#include "metagrad/core/fixed_string.hpp"
#include "metagrad/core/shape.hpp"

#include <string_view>
#include <type_traits>

namespace metagrad {

enum class leaf_kind { input, param, scalar, sparse_input };

constexpr std::string_view kind_text(leaf_kind k) {
  switch (k) {
    case leaf_kind::input:
      return "input";
    case leaf_kind::param:
      return "param";
    case leaf_kind::scalar:
      return "scalar";
    default:
      return "sparse_input";
  }
}

// A name paired with a matrix (held by address: bind the data, not a copy) or a scalar value;
// `writable` when the matrix was given as non-const, so that a step may update it in place.
template <class Value>
struct binding {
  std::string_view name;
  std::conditional_t<std::is_arithmetic_v<Value>, Value, const Value*> value;
  Value* writable = nullptr;
};

template <leaf_kind Kind, fixed_string Name, dim_t Rows, dim_t Cols>
struct leaf {
  static constexpr leaf_kind kind = Kind;
  static constexpr std::string_view name = Name.view();
  static constexpr shape static_shape{Rows, Cols};

  template <class Value>
  requires(!std::is_same_v<Value, leaf>) constexpr auto operator=(const Value& value) const {
    if constexpr (std::is_arithmetic_v<Value>) {
      static_assert(Kind == leaf_kind::scalar, "a number can only be bound to a scalar leaf");
      return binding<Value>{name, value};
    } else {
      return binding<Value>{name, &value};
    }
  }
  // A non-const matrix: workspace::sgd_step may write the parameter's new values into it.
  template <class Value>
  requires(!std::is_same_v<Value, leaf> && !std::is_arithmetic_v<Value> &&
           !std::is_const_v<Value>) constexpr auto
  operator=(Value& value) const {
    return binding<Value>{name, &value, &value};
  }
};

template <class T>
struct is_leaf : std::false_type {};
template <leaf_kind K, fixed_string N, dim_t R, dim_t C>
struct is_leaf<leaf<K, N, R, C>> : std::true_type {};

template <class T>
inline constexpr bool is_sparse_leaf_v = false;
template <fixed_string N, dim_t R, dim_t C>
inline constexpr bool is_sparse_leaf_v<leaf<leaf_kind::sparse_input, N, R, C>> = true;

template <class T>
inline constexpr bool is_scalar_leaf_v = false;
template <fixed_string N, dim_t R, dim_t C>
inline constexpr bool is_scalar_leaf_v<leaf<leaf_kind::scalar, N, R, C>> = true;

// A node of a graph: a leaf or an operation (or the poison that stands for a failed one).
template <class T>
concept expression = is_leaf<T>::value || is_expr<T>::value || is_invalid_v<T>;

template <class T>
concept scalar_expression = is_scalar_leaf_v<T> || is_invalid_v<T>;

// Data, batch x features, for example; dyn where the data decides.
template <fixed_string Name, dim_t Rows = dyn, dim_t Cols = dyn>
inline constexpr leaf<leaf_kind::input, Name, Rows, Cols> input{};

// Data held as a row-major sparse matrix (TF-IDF rows): usable as the left operand of `*`, whose
// gradient for the right operand then touches only the rows of features present in the batch.
template <fixed_string Name, dim_t Rows = dyn, dim_t Cols = dyn>
inline constexpr leaf<leaf_kind::sparse_input, Name, Rows, Cols> sparse_input{};

// A trainable matrix: grad() differentiates with respect to these.
template <fixed_string Name, dim_t Rows = dyn, dim_t Cols = dyn>
inline constexpr leaf<leaf_kind::param, Name, Rows, Cols> param{};

// A hyper-parameter bound at run time (focal gamma, a learning rate): a 1 x 1 value.
template <fixed_string Name>
inline constexpr leaf<leaf_kind::scalar, Name, 1, 1> scalar{};

}  // namespace metagrad
