// genre_classifier plot: a training history drawn as learning curves (with gnuplot).
#include <metagrad/io/learning_curves.hpp>
#include <metagrad/io/training_history.hpp>

#include <cstdio>

#include "genre_classifier.hpp"

namespace genre_classifier {

int plot(int argc, char** argv) {
  const arguments a = command_arguments(argc, argv);
  const io::training_history h = io::read_training_history(find_data(a.required("history")));
  const std::string dir = a.output_directory("out");
  for (const std::string& picture : io::plot_learning_curves(h, dir))
    std::printf("wrote %s\n", picture.c_str());
  return 0;
}

}  // namespace genre_classifier
