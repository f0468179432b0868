// Catch2's main, compiled once for every test executable (it takes seconds to compile).
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
