// A naive define-by-run autograd, written independently of the compiled library and fairly: the
// typical small runtime autograd (micrograd, a tape of heap nodes). Every op allocates a node and a
// fresh Eigen matrix, records a std::function that pushes its gradient to its parents, and the
// graph is rebuilt each step. backward() sweeps the nodes in reverse topological order
// (iterative, no recursion). It is the benchmarks' baseline and the tests' second opinion.
#pragma once

#include <Eigen/Core>

#include <functional>
#include <memory>
#include <unordered_set>
#include <vector>

namespace metagrad::runtime {

template <class S>
struct node {
  using matrix = Eigen::Matrix<S, Eigen::Dynamic, Eigen::Dynamic>;
  matrix value, grad;
  std::vector<std::shared_ptr<node>> parents;
  std::function<void(node&)> backward;  // adds this node's grad into its parents' grads
  bool requires_grad = false;
};

template <class S>
using value = std::shared_ptr<node<S>>;

// A leaf holding a copy of m; `trainable` leaves collect gradients.
template <class S>
value<S> leaf(const Eigen::Matrix<S, Eigen::Dynamic, Eigen::Dynamic>& m, bool trainable = false) {
  auto n = std::make_shared<node<S>>();
  n->value = m;
  n->requires_grad = trainable;
  return n;
}

// A new node computed from parents, with the rule that sends its gradient back to them.
template <class S, class Backward>
value<S> make_node(typename node<S>::matrix result, std::vector<value<S>> parents,
                   Backward backward) {
  auto n = std::make_shared<node<S>>();
  n->value = std::move(result);
  n->parents = std::move(parents);
  for (const auto& p : n->parents) n->requires_grad = n->requires_grad || p->requires_grad;
  n->backward = backward;
  return n;
}

// Adds g into p's gradient (allocating it on first use), if p wants one.
template <class S, class G>
void accumulate(node<S>& p, const G& g) {
  if (!p.requires_grad) return;
  if (p.grad.size() == 0)
    p.grad = g;
  else
    p.grad += g;
}

// d root / d every node, from a 1 x 1 root.
template <class S>
void backward(const value<S>& root) {
  std::vector<node<S>*> order;
  std::unordered_set<node<S>*> seen;
  std::vector<std::pair<node<S>*, std::size_t>> stack{{root.get(), 0}};
  seen.insert(root.get());
  while (!stack.empty()) {
    auto& [n, next] = stack.back();
    if (next < n->parents.size()) {
      node<S>* p = n->parents[next++].get();
      if (p->requires_grad && seen.insert(p).second) stack.push_back({p, 0});
      continue;
    }
    order.push_back(n);
    stack.pop_back();
  }
  root->grad = node<S>::matrix::Ones(1, 1);
  for (auto it = order.rbegin(); it != order.rend(); ++it)
    if ((*it)->backward && (*it)->grad.size() != 0) (*it)->backward(**it);
}

}  // namespace metagrad::runtime
