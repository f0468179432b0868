// genre_classifier train's command line read into train_options, every value checked, before
// any file is read.
#include "genre_classifier_train.hpp"

namespace genre_classifier {

namespace {

void parse_network(const arguments& a, classify::network_options& t) {
  nn::fit_options& o = t.fit;  // defaults: classify/network_options.hpp says why
  t.hidden = a.integer("hidden", t.hidden, 1, 1 << 16);
  o.epochs = int(a.integer("epochs", o.epochs, 1, 100000));
  o.batch_size = int(a.integer("batch-size", o.batch_size, 1, 1 << 20));
  o.optimizer.kind = nn::parse_optimizer(a.text("optimizer", "adam"));
  o.optimizer.learning_rate =
      a.number("learning-rate", o.optimizer.kind == nn::optimizer_kind::sgd ? 0.1 : 3e-3, 0, 100);
  o.dropout = {{"hidden", a.number("dropout", o.dropout[0].second, 0, 0.95)}};
  o.optimizer.weight_decay = a.number("weight-decay", 0.0, 0, 1);
  o.input_dropout = a.number("input-dropout", 0.0, 0, 0.95);
  using enum nn::loss_kind;
  t.loss = a.choice<nn::loss_kind>("loss", t.loss, {{"bce", bce}, {"focal", focal}, {"asl", asl}});
  o.focal_gamma = a.number("focal-gamma", o.focal_gamma, 0, 20);
  o.focal_alpha = a.number("focal-alpha", o.focal_alpha, -1, 1);
  // The asymmetric loss's scalars, by name (nn::asymmetric), with the paper's defaults.
  const double gamma_pos = a.number("asl-gamma-pos", 0.0, 0, 20);
  const double gamma_neg = a.number("asl-gamma-neg", 4.0, 0, 20);
  const double margin = a.number("asl-margin", 0.05, 0, 1);
  if (t.loss == nn::loss_kind::asl)
    o.scalars = {{"gamma_pos", gamma_pos}, {"gamma_neg", gamma_neg}, {"margin", margin}};
  o.balanced = a.choice<bool>("class-weights", false, {{"none", false}, {"balanced", true}});
  o.seed = static_cast<unsigned long>(a.integer("seed", long(o.seed), 0, 1L << 62));
}

// The linear member's C (0: none; auto: classify/fit_classifier.hpp's) and weight.
void parse_linear(const arguments& a, classify::classifier_options& o) {
  o.linear_auto = a.text("linear-c", "auto") == "auto";
  if (!o.linear_auto) o.linear_c = a.number("linear-c", o.linear_c, 0, 1e12);
  if (o.linear_c > 0 && o.linear_c < 1e-6)
    throw usage_error(
        "--linear-c: expected 0 (no linear member) or a C from 1e-06 to 1e+12, found '" +
        a.text("linear-c") + "'");
  const bool weight_auto = a.text("linear-weight", "auto") == "auto";
  o.linear_weight = weight_auto ? -1 : a.number("linear-weight", 0.5, 0, 1);
  if (o.linear_c == 0 && o.linear_weight > 0)
    throw usage_error("--linear-weight " + a.text("linear-weight") +
                      ": there is no linear member to weigh (--linear-c is 0)");
}

void parse_columns_and_split(const arguments& a, train_options& o) {
  o.text = a.has("text-columns");
  if (o.text == a.has("feature-columns"))
    throw usage_error(
        "give either --text-columns (with --label-column) or --feature-columns (with "
        "--label-columns)");
  if (o.text) {
    o.text_columns = split_list(a.required("text-columns"));
    o.label_column = a.required("label-column");
    o.label_separator = a.text("label-separator", "|");
  } else {
    o.feature_columns = a.required("feature-columns");
    o.label_columns = a.required("label-columns");
  }
  o.data = find_data(a.required("data"));
  if (a.has("test")) {
    o.split = train_options::test_split::file, o.test = find_data(a.text("test"));
  } else if (a.has("test-id-multiple")) {
    o.split = train_options::test_split::id_multiple;
    o.id_multiple = a.integer("test-id-multiple", 5, 1, 1L << 40);
    o.id_column = a.text("id-column", "id");
  } else {
    o.test_fraction = a.number("test-fraction", 0.2, 0.01, 0.9);
  }
}

}  // namespace

train_options parse_train_options(const arguments& a, int default_threads,
                                  const nn::data_parallel& parallel) {
  train_options o;
  // Every file train writes, checked before training.
  o.model = a.output("model", a.required("model"));
  o.history = a.output("history", o.model + ".history.csv");
  o.report = a.output("report-json");
  o.labels_csv = a.output("labels-csv");
  o.checkpoint = a.output("checkpoint", o.model + ".checkpoint");
  o.checkpoint_every = a.number("checkpoint-every", 60, 0, 1e9);
  classify::classifier_options& c = o.classifier;
  parse_network(a, c.networks);
  c.networks.fit.threads = int(a.integer("threads", default_threads, 1, 1024));
  c.networks.fit.parallel = parallel;
  // auto: a column of prose (most training texts longer than a sentence) also gets features of
  // its first sentence and of its words' stems (text_vectorizer.hpp says why and what they gain).
  using enum md::prose_features;
  o.vectorizer.prose = a.choice<md::prose_features>(
      "prose-features", o.vectorizer.prose, {{"auto", automatic}, {"on", on}, {"off", off}});
  o.vectorizer.max_features = std::size_t(a.integer("max-features", 50000, 1, 100000000));
  o.vectorizer.min_df = int(a.integer("min-df", 2, 1, 1000000));
  parse_linear(a, c);
  c.objective = mm::parse_threshold_objective(a.text("threshold-objective", "auto"));
  c.validation.fraction_given = a.has("validation-fraction");
  c.validation.fraction = a.number("validation-fraction", 0.1, 0.0, 0.5);
  if (a.text("folds", "auto") != "auto") c.validation.folds = int(a.integer("folds", 1, 1, 20));
  if (a.text("patience", "auto") != "auto")
    c.validation.patience = int(a.integer("patience", 2, 1, 100000));
  c.validation.seed = c.networks.fit.seed + 7;
  const std::string bits = a.choice("first-layer-bits", "auto", {"auto", "3", "4", "8", "32"});
  c.first_layer_bits = bits == "auto" ? 0 : std::stoi(bits);
  parse_columns_and_split(a, o);
  return o;
}

}  // namespace genre_classifier
