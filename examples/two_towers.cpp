// Two input columns, two towers: the movies' plots and casts, each its own TF-IDF rows and its own
// relu layer, joined by concat and read by one output layer with a unit per genre (dyn: the
// labels' count comes from the data). Written as one expression; nn::fit finds the six
// parameters, sizes both towers from the vocabularies, and updates only the columns of the words
// each batch holds. Prints the test report at one threshold, 0.3, for every genre (the genre
// classifier tunes one per genre, out of fold).
//
//   two_towers [--data FILE] [--epochs N]     (movies_masked.csv; rows with id % 5 == 0 are test)
#include <metagrad/data/columns.hpp>
#include <metagrad/data/find_data.hpp>
#include <metagrad/data/label_binarizer.hpp>
#include <metagrad/data/text_vectorizer.hpp>
#include <metagrad/metagrad.hpp>
#include <metagrad/nn/dense.hpp>
#include <metagrad/nn/dropout.hpp>
#include <metagrad/nn/fit.hpp>
#include <metagrad/nn/predict.hpp>

#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

namespace mg = metagrad;
namespace md = metagrad::data;
namespace nn = metagrad::nn;

namespace {

constexpr auto plot = mg::sparse_input<"plot">;
constexpr auto cast = mg::sparse_input<"cast">;
constexpr auto towers = mg::concat(mg::relu(nn::dense<"plot", 256>(plot)),  //
                                   mg::relu(nn::dense<"cast", 64>(cast)));
constexpr auto model =
    nn::multilabel(nn::dense<"genres", mg::dyn>(nn::dropout<"join", 0.5>(towers)));

struct rows {
  md::sparse_rows plot, cast;
  Eigen::MatrixXf genres;
};

}  // namespace

int main(int argc, char** argv) try {
  const std::string file =
      md::find_data(argc > 2 && std::string(argv[1]) == "--data" ? argv[2] : "movies_masked.csv");
  const md::csv_table t = md::read_csv(file);
  std::vector<Eigen::Index> train, test;
  for (Eigen::Index r : md::all_rows(t))
    (std::stol(std::string(t.rows[std::size_t(r)][t.column("id")])) % 5 ? train : test)
        .push_back(r);

  const auto plot_vocabulary = md::text_vectorizer::fit(md::column_texts(t, "plot", train));
  const auto cast_vocabulary = md::text_vectorizer::fit(md::column_texts(t, "cast", train));
  std::vector<std::vector<std::string>> genres;
  for (const std::string& field : md::column_texts(t, "genres", md::all_rows(t)))
    genres.push_back(md::split_labels(field, "|"));
  auto binarizer = md::label_binarizer::fit(genres);
  const Eigen::MatrixXf y = binarizer.transform(genres);
  const auto rows_of = [&](const std::vector<Eigen::Index>& at) {
    return rows{plot_vocabulary.transform(md::column_texts(t, "plot", at)),
                cast_vocabulary.transform(md::column_texts(t, "cast", at)), y(at, Eigen::all)};
  };
  const rows a = rows_of(train), b = rows_of(test);

  nn::fit_options o;
  o.epochs = 20, o.validation_split = 0.1, o.patience = 2, o.monitor = nn::monitor_kind::micro_f1;
  o.optimizer.learning_rate = 1e-3;
  o.on_epoch = [](const nn::epoch_record& r) {
    std::printf("epoch %2d  loss %.4f  validation micro-F1 %.4f  %.1f s\n", r.epoch, r.train_loss,
                r.validation_micro_f1, r.seconds);
  };
  decltype(model)::store parameters;
  nn::fit(model, parameters, nn::dataset(plot = a.plot, cast = a.cast).with_labels(a.genres), o);
  const auto s = nn::evaluate(model, parameters,
                              nn::dataset(plot = b.plot, cast = b.cast).with_labels(b.genres), 0.3);
  std::printf("test rows %ld: micro-F1 %.4f  macro-F1 %.4f  hamming loss %.4f (threshold 0.3)\n",
              long(b.genres.rows()), s.micro.f1, s.macro.f1, s.hamming_loss);
  return 0;
} catch (const std::exception& e) {
  std::cerr << "two_towers: " << e.what() << "\n";
  return 1;
}
