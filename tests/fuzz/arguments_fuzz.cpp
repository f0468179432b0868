// Fuzz target: any bytes as a command line (arguments separated by NUL bytes) for a subcommand
// that knows a few names. Every mistake is a usage_error; numbers come back inside their range.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "command_line.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::vector<std::string> words = {"genre_classifier", "train"};
  std::string word;
  for (std::size_t i = 0; i < size; ++i)
    if (data[i] == 0)
      words.push_back(word), word.clear();
    else
      word += char(data[i]);
  words.push_back(word);
  std::vector<char*> argv;
  for (auto& w : words) argv.push_back(w.data());
  try {
    const arguments a(int(argv.size()), argv.data(),
                      {"data", "epochs", "learning-rate", "seed", "model", "text-columns"},
                      {"distributed"});
    if (a.has("distributed") && !a.text("distributed").empty()) std::abort();  // a flag: no value
    const double rate = a.number("learning-rate", 3e-3, 0, 100);
    const long epochs = a.integer("epochs", 30, 1, 100000);
    const long seed = a.integer("seed", 42, 0, 1L << 62);
    if (!(rate >= 0 && rate <= 100) || epochs < 1 || epochs > 100000 || seed < 0) std::abort();
    (void)a.text("text-columns", "plot");
    (void)a.required("model");
  } catch (const usage_error&) {
  }
  return 0;
}
