// The movies as the model API's examples read them: rows whose id is a multiple of 5 are the test
// rows, the others train; each text column becomes TF-IDF rows from a vocabulary fitted on the
// training rows alone; the genres ("|"-separated) become one 0/1 column each. And the options both
// examples train with.
#pragma once

#include <metagrad/data/columns.hpp>
#include <metagrad/data/find_data.hpp>
#include <metagrad/data/label_binarizer.hpp>
#include <metagrad/data/text_vectorizer.hpp>
#include <metagrad/nn/fit_options.hpp>

#include <cstdio>
#include <string>
#include <vector>

namespace movies {

namespace md = metagrad::data;

struct rows {
  std::vector<md::sparse_rows> texts;  // one block per text column, in the order asked for
  Eigen::MatrixXf genres;
};
struct split {
  rows train, test;
};

inline split read(const std::string& file, const std::vector<std::string>& text_columns) {
  const md::csv_table t = md::read_csv(md::find_data(file));
  std::vector<Eigen::Index> train, test;
  for (Eigen::Index r : md::all_rows(t))
    (std::stol(std::string(t.rows[std::size_t(r)][t.column("id")])) % 5 ? train : test)
        .push_back(r);
  std::vector<std::vector<std::string>> genres;
  for (const std::string& field : md::column_texts(t, "genres", md::all_rows(t)))
    genres.push_back(md::split_labels(field, "|"));
  const Eigen::MatrixXf y = md::label_binarizer::fit(genres).transform(genres);
  split s{{{}, y(train, Eigen::all)}, {{}, y(test, Eigen::all)}};
  for (const std::string& column : text_columns) {
    const auto vocabulary = md::text_vectorizer::fit(md::column_texts(t, column, train));
    s.train.texts.push_back(vocabulary.transform(md::column_texts(t, column, train)));
    s.test.texts.push_back(vocabulary.transform(md::column_texts(t, column, test)));
  }
  return s;
}

// How the movie examples train: at most 20 epochs of Adam at 1e-3, early stopping on the micro-F1
// of a 10% validation split (patience 2), a line per epoch.
inline metagrad::nn::fit_options training() {
  metagrad::nn::fit_options o;
  o.epochs = 20, o.validation_split = 0.1, o.patience = 2;
  o.monitor = metagrad::nn::monitor_kind::micro_f1;
  o.optimizer.learning_rate = 1e-3;
  o.on_epoch = [](const metagrad::nn::epoch_record& r) {
    std::printf("epoch %2d  loss %.4f  validation micro-F1 %.4f  %.1f s\n", r.epoch, r.train_loss,
                r.validation_micro_f1, r.seconds);
  };
  return o;
}

}  // namespace movies
