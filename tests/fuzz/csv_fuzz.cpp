// Fuzz target: any bytes as a CSV file. The reader returns a table whose rows all have the
// header's width, or refuses with input_error; nothing else (no crash, no other exception).
#include <metagrad/data/csv.hpp>
#include <metagrad/data/numbers.hpp>

#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  metagrad::data::csv_limits limits;
  limits.max_row_bytes = 4096, limits.max_fields = 64;  // small, so the fuzzer reaches them
  try {
    const auto t = metagrad::data::parse_csv(
        std::string_view(reinterpret_cast<const char*>(data), size), "fuzz.csv", limits);
    for (std::size_t r = 0; r < t.rows.size(); ++r) {
      if (t.rows[r].size() != t.header.size()) std::abort();
      for (std::size_t c = 0; c < t.rows[r].size(); ++c) {
        if (t.rows.where(r, c).line < 1) std::abort();
        try {
          metagrad::data::parse_number(t, r, c);
        } catch (const metagrad::data::input_error&) {
        }
      }
    }
  } catch (const metagrad::data::input_error&) {
  }
  return 0;
}
