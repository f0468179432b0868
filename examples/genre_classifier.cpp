// genre_classifier: train, evaluate and use a multi-label classifier on a CSV file: text columns
// (movie plot and cast -> genres) or numeric feature columns (MULAN yeast -> 14 classes).
// One file per subcommand; usage_text below says how each is called.
// Data paths that do not exist as given are looked up in $METAGRAD_DATA, then ../shared/data.
// Exit status: 0 success, 2 bad input or usage, 1 anything else.
#include "genre_classifier.hpp"

#include <metagrad/exec/wait_policy.hpp>

#include <exception>
#include <iostream>
#include <string>

namespace genre_classifier {

const char* const usage_text = R"(usage:
  genre_classifier train --data TRAIN.csv [--test TEST.csv | --test-fraction F | --test-id-multiple N]
      (--text-columns A,B --label-column C [--label-separator '|'] |
       --feature-columns 'PREFIX*' --label-columns X,Y,...)
      [--loss bce|focal|asl] [--focal-gamma G] [--focal-alpha A] [--class-weights none|balanced]
      [--asl-gamma-pos G+] [--asl-gamma-neg G-] [--asl-margin M (asl: Ridnik et al. 2021's
       -y (1-p)^G+ log p - (1-y) p_m^G- log(1-p_m), p_m = max(p - M, 0); 0, 4, 0.05)]
      [--hidden N] [--epochs N] [--patience auto|N] [--batch-size N] [--learning-rate X]
      [--optimizer adam|adamw|sgd|rmsprop|adagrad] [--dropout P] [--input-dropout P] [--weight-decay W]
      [--threshold-objective auto|label-f1|micro-f1|hamming|none] [--validation-fraction F]
      [--folds auto|K] [--max-features N] [--min-df N] [--prose-features auto|on|off]
      [--linear-c auto|C (the linear member's inverse regularization; 0: none)]
      [--linear-weight auto|W (its share of the probabilities; auto: chosen out of fold)]
      [--seed N] [--threads N] [--id-column id]
      [--first-layer-bits auto|3|4|8|32 (auto: the fewest keeping the out-of-fold F1s)]
      --model OUT [--report-json OUT.json] [--labels-csv OUT.csv (every label's scores)]
      [--history OUT.csv (default: OUT.history.csv)]
      [--distributed (under mpirun: data-parallel over MPI ranks)]
      [--checkpoint CK (default: OUT.checkpoint)] [--checkpoint-every SECONDS (default: 60)]
      saves CK every S seconds and on SIGINT / SIGTERM (then stops); removed once saved
  genre_classifier train --resume CK [--threads N] [--checkpoint CK2] [--checkpoint-every S]
      continues the run saved in CK with its arguments, to the model it would have made
  genre_classifier evaluate --model M --data TEST.csv [--report-json OUT.json] [--threads N]
      [--labels-csv OUT.csv (every label's scores)]
      [--threshold T (one for every label instead of the model's tuned ones)]
      [--threshold-sweep (the scores at global thresholds 0.05, 0.10, ..., 0.95)]
  genre_classifier predict --model M (--text "..." | --data FILE.csv) [--top K | --threshold T]
      [--probabilities-csv OUT.csv] [--threads N]
  genre_classifier export --model M --out DIR [--name NAME]
      writes DIR/NAME.hpp and DIR/NAME.cpp (standalone C++17 + Eigen: predict_proba with the
      trained weights, thresholds and label names embedded) and DIR/NAME.dot
  genre_classifier plot --history H.csv --out DIR
      draws DIR/learning_curves.png (loss and micro-F1 per epoch, train and validation) and
      DIR/label_f1.png (F1 per label) with gnuplot
)";

arguments command_arguments(int argc, char** argv, const std::set<std::string>& flags) {
  return arguments(argc, argv, options_in_usage(usage_text, argv[1]), flags);
}

}  // namespace genre_classifier

using namespace genre_classifier;

int main(int argc, char** argv) {
  metagrad::exec::wait_passively(argv);  // training beside other work keeps its fair share
  try {
    const std::string command = argc > 1 ? argv[1] : "";
    for (int i = 1; i < argc; ++i)
      if (std::string(argv[i]) == "--help" || std::string(argv[i]) == "-h") {
        std::cout << usage_text;
        return 0;
      }
    if (command == "train") return train(argc, argv);
    if (command == "evaluate") return evaluate(argc, argv);
    if (command == "predict") return predict(argc, argv);
    if (command == "export") return export_model(argc, argv);
    if (command == "plot") return plot(argc, argv);
    throw usage_error(command.empty()
                          ? "expected a command: train, evaluate, predict, export or plot"
                          : "unknown command '" + command + "'");
  } catch (const std::exception& e) {
    std::cerr << "genre_classifier: " << e.what() << "\n";
    if (dynamic_cast<const usage_error*>(&e)) std::cerr << usage_text;
    // Bad input or usage (a file's contents, a model file, an argument) is 2; the rest 1.
    const bool bad_input =
        dynamic_cast<const usage_error*>(&e) || dynamic_cast<const md::input_error*>(&e) ||
        dynamic_cast<const io::file_error*>(&e) || dynamic_cast<const std::invalid_argument*>(&e);
    return bad_input ? 2 : 1;
  }
}
