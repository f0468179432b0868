// Running genre_classifier (or mpirun) from a test driver: exit status, standard output and error,
// and a signal sent when the standard error shows given lines.
#pragma once

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>
#include <vector>

struct outcome {
  int status;            // exit status, or 128 + the signal that ended it
  std::string out, err;  // standard output and error
};

[[noreturn]] inline void fail(const std::string& what) {
  std::cerr << "FAILED: " << what << "\n";
  std::exit(1);
}

inline std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) fail("cannot read " + p.string());
  return {std::istreambuf_iterator<char>(in), {}};
}

inline void expect(bool ok, const std::string& what, const outcome& o) {
  if (!ok)
    fail(what + "\nexit status " + std::to_string(o.status) + "\nstdout:\n" + o.out +
         "\nstderr:\n" + o.err);
}

// A work directory, emptied of what an earlier run left there.
inline std::filesystem::path fresh_directory(const std::string& path) {
  std::filesystem::remove_all(path);
  std::filesystem::create_directories(path);
  return path;
}

// `program train` on a MULAN-style numeric file (features f*, labels Class*), then `more`.
inline std::vector<std::string> train_command(const std::string& program, const std::string& data,
                                              const std::string& test, const std::string& model,
                                              const std::vector<std::string>& more) {
  std::vector<std::string> args = {
      program, "train",           "--data", data,      "--test", test, "--feature-columns",
      "f*",    "--label-columns", "Class*", "--model", model};
  args.insert(args.end(), more.begin(), more.end());
  return args;
}

// Runs args[0] (found in PATH) with args; when lines of its standard error have contained each of
// `triggers` in turn, sends it `signal`.
inline outcome run(const std::vector<std::string>& args,
                   const std::vector<std::string>& triggers = {}, int signal = 0) {
  char out_path[] = "/tmp/metagrad-run-XXXXXX";
  const int out_fd = ::mkstemp(out_path);
  int pipe_fds[2];
  if (out_fd < 0 || ::pipe(pipe_fds) != 0) fail("cannot make a pipe and a temporary file");
  const pid_t child = ::fork();
  if (child == 0) {
    ::dup2(pipe_fds[1], 2);
    ::dup2(out_fd, 1);
    ::close(pipe_fds[0]);
    std::vector<char*> argv;
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    ::execvp(argv[0], argv.data());
    ::_exit(127);
  }
  ::close(pipe_fds[1]);
  FILE* in = ::fdopen(pipe_fds[0], "r");
  outcome o{};
  std::size_t matched = 0;
  char* line = nullptr;
  std::size_t capacity = 0;
  while (::getline(&line, &capacity, in) > 0) {
    o.err += line;
    if (matched < triggers.size() &&
        std::string(line).find(triggers[matched]) != std::string::npos &&
        ++matched == triggers.size())
      ::kill(child, signal);
  }
  std::free(line);
  std::fclose(in);
  int status = 0;
  ::waitpid(child, &status, 0);
  o.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  ::close(out_fd);
  o.out = slurp(out_path);
  std::remove(out_path);
  if (matched < triggers.size())
    fail("the run ended before \"" + triggers[matched] + "\":\n" + o.err);
  return o;
}
