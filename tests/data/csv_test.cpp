// The CSV reader: RFC 4180 quoting, line ends, a byte-order mark, and errors that name the file,
// line and column (exact text: it is part of the interface).
#include <metagrad/data/csv.hpp>
#include <metagrad/data/numbers.hpp>

#include <Eigen/Core>
#include <catch2/catch.hpp>

namespace md = metagrad::data;

TEST_CASE("quoted fields keep commas, doubled quotes and newlines", "[csv]") {
  const auto t =
      md::parse_csv("id,plot\n1,\"A man, a plan\"\n2,\"He said \"\"no\"\"\nthen left\"\n");
  REQUIRE(t.rows.size() == 2);
  CHECK(t.rows[0][1] == "A man, a plan");
  CHECK(t.rows[1][1] == "He said \"no\"\nthen left");
  CHECK(t.column("plot") == 1);
}

TEST_CASE("CRLF line ends, a byte-order mark and a missing final newline are read", "[csv]") {
  const auto t = md::parse_csv(
      "\xEF\xBB\xBF"
      "a,b\r\n1,2\r\n3,\"x\r\ny\"");
  REQUIRE(t.header == std::vector<std::string>{"a", "b"});
  REQUIRE(t.rows.size() == 2);
  CHECK(t.rows[0][1] == "2");
  CHECK(t.rows[1][1] == "x\r\ny");
}

TEST_CASE("empty fields are empty strings", "[csv]") {
  const auto t = md::parse_csv("a,b,c\n,,\n\"\",x,\n");
  REQUIRE(t.rows.size() == 2);
  CHECK(t.rows[0] == std::vector<std::string>{"", "", ""});
  CHECK(t.rows[1] == std::vector<std::string>{"", "x", ""});
}

TEST_CASE("a record with the wrong number of fields names its line", "[csv]") {
  CHECK_THROWS_WITH(md::parse_csv("a,b,c\n1,2,3\n4,5\n", "movies.csv"),
                    "movies.csv:3:1: expected 3 fields as in the header, found 2");
}

TEST_CASE("a quote inside an unquoted field names its column", "[csv]") {
  CHECK_THROWS_WITH(md::parse_csv("a,b\n1,ab\"c\n", "m.csv"),
                    "m.csv:2:5: expected a quote only at the start of a field (quote the whole "
                    "field and double the quotes inside it)");
}

TEST_CASE("text after a closing quote is refused", "[csv]") {
  CHECK_THROWS_WITH(md::parse_csv("a,b\n1,\"x\"y\n", "m.csv"),
                    "m.csv:2:6: expected ',' or a line end after a closing quote, found 'y'");
}

TEST_CASE("a lone carriage return (old Mac line ends) is refused where it stands", "[csv]") {
  CHECK_THROWS_WITH(md::parse_csv("a,b\r1,2\n", "m.csv"),
                    "m.csv:1:4: expected a line end as \\n or \\r\\n, found a lone \\r");
}

TEST_CASE("a quoted field that never closes names where it opened", "[csv]") {
  CHECK_THROWS_WITH(md::parse_csv("a,b\n1,\"never\nclosed\n", "m.csv"),
                    "m.csv:2:3: expected a closing quote for the field opened here");
}

TEST_CASE("an empty file and a missing column are explained", "[csv]") {
  CHECK_THROWS_WITH(md::parse_csv("", "e.csv"), "e.csv: the file is empty; expected a header row");
  const auto t = md::parse_csv("id,plot\n1,x\n", "m.csv");
  CHECK_THROWS_WITH(t.column("genres"), "m.csv: no column named 'genres' (columns: id, plot)");
  CHECK_THROWS_WITH(md::read_csv("/nonexistent/x.csv"),
                    "/nonexistent/x.csv: cannot open the file for reading");
}

TEST_CASE("numbers parse, and NaN, infinity or text are refused with their place", "[csv]") {
  const auto t = md::parse_csv("f1,f2\n1.5, -2e3 \nnan,abc\ninf,\n", "n.csv");
  CHECK(md::parse_number(t, 0, 0) == 1.5);
  CHECK(md::parse_number(t, 0, 1) == -2000);
  CHECK_THROWS_WITH(md::parse_number(t, 1, 0),
                    "n.csv:3:1: expected a finite number in column 'f1', found 'nan'");
  CHECK_THROWS_WITH(md::parse_number(t, 1, 1),
                    "n.csv:3:5: expected a number in column 'f2', found 'abc'");
  CHECK_THROWS_WITH(md::parse_number(t, 2, 0),
                    "n.csv:4:1: expected a finite number in column 'f1', found 'inf'");
  CHECK_THROWS_WITH(md::parse_number(t, 2, 1),
                    "n.csv:4:5: expected a number in column 'f2', found ''");
}

TEST_CASE("the shared movie and yeast files parse completely", "[csv]") {
  const auto movies = md::read_csv(std::string(METAGRAD_SHARED_DIR) + "/data/movies.csv");
  CHECK(movies.rows.size() == 33924);
  CHECK(movies.header == std::vector<std::string>{"id", "title", "year", "plot", "cast", "genres"});
  const auto yeast = md::read_csv(std::string(METAGRAD_SHARED_DIR) + "/data/mulan/yeast-train.csv");
  CHECK(yeast.rows.size() == 1500);
}

TEST_CASE("a row or field beyond the limits is refused where it starts", "[csv][limits]") {
  md::csv_limits small;
  small.max_row_bytes = 16, small.max_fields = 4;
  CHECK(md::parse_csv("a,b\n1,\"0123456789\"\n", "s.csv", small).rows.size() == 1);
  CHECK_THROWS_WITH(md::parse_csv("a,b\n1,2\n3,\"0123456789abcdef\"\n", "s.csv", small),
                    "s.csv:3:1: a row longer than 16 bytes starts here (the limit for a row and "
                    "any field in it)");
  CHECK_THROWS_WITH(md::parse_csv("a,b\n1,0123456789abcdefgh\n", "s.csv", small),
                    "s.csv:2:1: a row longer than 16 bytes starts here (the limit for a row and "
                    "any field in it)");
  CHECK_THROWS_WITH(md::parse_csv("a,b,c,d,e\n", "s.csv", small),
                    "s.csv:1:1: a row with more than 4 fields starts here (the limit for a row)");
}

TEST_CASE("the default limit is 16 MiB per row", "[csv][limits]") {
  const std::string field((std::size_t(16) << 20) + 1, 'x');
  CHECK_THROWS_WITH(md::parse_csv("a\n" + field + "\n", "big.csv"),
                    "big.csv:2:1: a row longer than 16 MiB starts here (the limit for a row and "
                    "any field in it)");
  const std::string fits((std::size_t(16) << 20) - 1, 'x');
  CHECK(md::parse_csv("a\n" + fits + "\n", "big.csv").rows[0][0].size() == fits.size());
}

// Positions are derived for rows without quotes and kept for rows with them: both as in the file.
TEST_CASE("every field knows its line and column, quoted rows and plain ones", "[csv]") {
  const auto t = md::parse_csv("a,bb,c\n1,22,333\n\"x\ny\",\"q\"\"\",z\n,,\n", "p.csv");
  REQUIRE(t.rows.size() == 3);
  const auto at = [&](std::size_t r, std::size_t c) {
    const md::position p = t.rows.where(r, c);
    return std::to_string(p.line) + ":" + std::to_string(p.column);
  };
  CHECK(at(0, 0) == "2:1");
  CHECK(at(0, 1) == "2:3");
  CHECK(at(0, 2) == "2:6");
  CHECK(at(1, 0) == "3:1");
  CHECK(at(1, 1) == "4:4");
  CHECK(at(1, 2) == "4:10");
  CHECK(at(2, 0) == "5:1");
  CHECK(at(2, 2) == "5:3");
  CHECK(t.rows[1][1] == "q\"");
  CHECK(t.at(1, 2) == "p.csv:4:10");
}

TEST_CASE("a matrix as CSV: quoted names, a float's digits, and read back", "[csv]") {
  const Eigen::MatrixXf x = (Eigen::MatrixXf(2, 2) << 0.125f, 1.f / 3, 1e-7f, 1.f).finished();
  const std::string text = md::matrix_csv({"Sci-Fi, Fantasy", "Drama"}, x);
  CHECK(text.substr(0, text.find('\n')) == "\"Sci-Fi, Fantasy\",Drama");
  CHECK(text.substr(text.find('\n') + 1) == "0.125,0.333333343\n1.00000001e-07,1\n");
  const md::csv_table back = md::parse_csv(text);
  CHECK(back.header == std::vector<std::string>{"Sci-Fi, Fantasy", "Drama"});
  CHECK(float(md::parse_number(back, 0, 1)) == x(0, 1));  // 9 digits: the same float
  CHECK(float(md::parse_number(back, 1, 0)) == x(1, 0));
}
