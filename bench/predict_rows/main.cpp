// predict_rows MODEL DATA.csv: what using a classifier costs in a program of one's own
// (classify::classifier), each figure the median of five runs: loading the model file; one row's
// probabilities after loading (making its features and running the members); and rows per
// second over all of DATA's rows after loading — features made on all threads and the compiled
// prediction programs run over batches of rows, as classifier::predict_proba does.
#include <metagrad/classify/classifier.hpp>
#include <metagrad/data/csv.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>
#include <string>
#include <vector>

namespace {

double median_seconds(const std::function<void()>& f) {
  std::vector<double> t;
  for (int k = 0; k < 5; ++k) {
    const auto start = std::chrono::steady_clock::now();
    f();
    t.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  std::sort(t.begin(), t.end());
  return t[2];
}

}  // namespace

int main(int argc, char** argv) {
  namespace classify = metagrad::classify;
  if (argc != 3) {
    std::fprintf(stderr, "usage: predict_rows MODEL DATA.csv\n");
    return 2;
  }
  const metagrad::data::csv_table all = metagrad::data::read_csv(argv[2]);
  std::string first;  // the header and the first row, as CSV
  for (std::size_t c = 0; c < all.header.size(); ++c)
    first.append(c ? "," : "").append(metagrad::data::csv_field(all.header[c]));
  first.append("\n");
  for (std::size_t c = 0; c < all.header.size(); ++c)
    first.append(c ? "," : "").append(metagrad::data::csv_field(all.rows[0][c]));
  const metagrad::data::csv_table one = metagrad::data::parse_csv(first + "\n");
  const double load = median_seconds([&] { (void)classify::classifier::load(argv[1]); });
  const classify::classifier model = classify::classifier::load(argv[1]);
  float sink = 0;
  const double row = median_seconds([&] { sink += model.predict_proba(one)(0, 0); });
  const double rows = median_seconds([&] { sink += model.predict_proba(all)(0, 0); });
  std::printf("load %.3f s; one row %.2f ms; %zu rows %.3f s = %.0f rows/s (%g)\n", load, 1e3 * row,
              all.rows.size(), rows, double(all.rows.size()) / rows, double(sink > 0));
  return 0;
}
