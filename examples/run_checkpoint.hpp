// Checkpoints of `genre_classifier train`: which run a checkpoint belongs to (its arguments and its
// input files' fingerprints) and resuming with those arguments. Saving every so often and stopping
// cleanly on a signal are the library's (io/checkpointer.hpp).
#pragma once

#include <metagrad/data/csv.hpp>
#include <metagrad/io/binary_file.hpp>
#include <metagrad/io/checkpoint_file.hpp>
#include <metagrad/io/checkpointer.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "command_line.hpp"

// Arguments that may differ when a run is resumed: they say where and how fast, not what is
// computed (the same thread count gives bit-identical parameters; another gives equal ones up to
// rounding).
inline const std::set<std::string> resume_overrides = {"threads", "checkpoint", "checkpoint-every"};

// The arguments of the run saved in checkpoint `given.text("resume")`, which is read into `saved`,
// with the overrides given now.
inline arguments resumed_arguments(const arguments& given, metagrad::io::checkpoint& saved) {
  for (const auto& [name, value] : given.values())
    if (name != "resume" && !resume_overrides.count(name))
      throw usage_error("--" + name +
                        ": a resumed run keeps the arguments it was started with; only --threads, "
                        "--checkpoint and --checkpoint-every may be given with --resume");
  saved = metagrad::io::load_checkpoint(given.text("resume"));
  std::map<std::string, std::string> values;
  for (const auto& [key, value] : saved.run)
    if (key.rfind("--", 0) == 0) values[key.substr(2)] = value;
  for (const std::string& name : resume_overrides)
    if (given.has(name)) values[name] = given.text(name);
  return arguments(std::move(values));
}

// A file's size and FNV-1a checksum: enough to notice that an input changed before a resumption.
inline std::string fingerprint(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw metagrad::data::input_error(path + ": cannot open the file for reading");
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", (unsigned long long)metagrad::io::fnv1a(bytes));
  return std::to_string(bytes.size()) + " bytes, FNV-1a " + hex;
}

// The input files' fingerprints. A new run: records in c.run its arguments and input files. A
// resumed run (`resumed_from` names its checkpoint): checks that the input files are those the run
// began with, byte for byte.
inline std::vector<std::string> describe_run(metagrad::io::checkpoint& c, const arguments& a,
                                             const std::vector<std::string>& inputs,
                                             const std::string& resumed_from) {
  std::vector<std::string> fingerprints;
  for (const auto& input : inputs) fingerprints.push_back(fingerprint(input));
  if (resumed_from.empty()) {
    c.run.clear();
    for (const auto& [name, value] : a.values())
      if (!resume_overrides.count(name)) c.run["--" + name] = value;
    for (std::size_t k = 0; k < inputs.size(); ++k) c.run["file " + inputs[k]] = fingerprints[k];
    return fingerprints;
  }
  // (A path that leads elsewhere now — another directory, another $METAGRAD_DATA — counts as
  // a change unless it leads to the same bytes.)
  for (std::size_t k = 0; k < inputs.size(); ++k) {
    const std::string& input = inputs[k];
    const auto it = c.run.find("file " + input);
    if (it == c.run.end() || it->second != fingerprints[k])
      throw metagrad::data::input_error(input + ": not the file checkpoint " + resumed_from +
                                        " was made from (it changed, or the path leads elsewhere "
                                        "now), so resuming would not continue that run");
  }
  return fingerprints;
}
