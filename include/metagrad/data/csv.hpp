// read_csv: an RFC 4180 reader. Quoted fields may hold commas, doubled quotes and newlines; lines
// end in LF or CRLF; a UTF-8 byte-order mark is skipped. Every record must have the header's
// number of fields. Errors read `FILE:LINE:COL: what was expected`, and each field remembers where
// it started so that later checks (a number that is not one) can say the same.
//
// Limits (csv_limits): a row, and so any field in it, is at most 16 MiB, and a row has at most
// 1,048,576 fields; beyond them the file is refused with its line and column, before the reader
// allocates for it — a file that is not CSV (one binary "line") cannot make it run out of memory.
#pragma once

#include "metagrad/data/csv_rows.hpp"

#include <cstddef>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace metagrad::data {

// A problem with the contents of an input file; the message names file, line and column.
struct input_error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct csv_limits {
  std::size_t max_row_bytes = std::size_t(16) << 20;
  std::size_t max_fields = std::size_t(1) << 20;
};

struct csv_table {
  std::string file;
  std::vector<std::string> header;
  csv_rows rows;  // rows[r][c]: field c of row r; rows.where(r, c): where it started

  // The index of the column named `name`, or an error listing the columns there are.
  std::size_t column(std::string_view name) const {
    for (std::size_t c = 0; c < header.size(); ++c)
      if (header[c] == name) return c;
    std::string known;
    for (const auto& h : header) known += (known.empty() ? "" : ", ") + h;
    throw input_error(file + ": no column named '" + std::string(name) + "' (columns: " + known +
                      ")");
  }
  // "FILE:LINE:COL" of a field, for messages about its value.
  std::string at(std::size_t row, std::size_t col) const {
    const position p = rows.where(row, col);
    return file + ":" + std::to_string(p.line) + ":" + std::to_string(p.column);
  }
};

// A field as RFC 4180 writes it: quoted (inner quotes doubled) when it holds a comma, a quote or
// a line break, as is otherwise.
inline std::string csv_field(std::string_view text) {
  if (text.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(text);
  std::string out = "\"";
  for (char c : text) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

// A matrix as CSV: a header of column names, a line per row (9 significant digits: a float's).
template <class Matrix>
std::string matrix_csv(const std::vector<std::string>& names, const Matrix& x) {
  std::ostringstream out;
  for (std::size_t j = 0; j < names.size(); ++j) out << (j ? "," : "") << csv_field(names[j]);
  out << "\n";
  out.precision(9);
  for (decltype(x.rows()) i = 0; i < x.rows(); ++i)
    for (decltype(x.cols()) j = 0; j < x.cols(); ++j)
      out << x(i, j) << (j + 1 < x.cols() ? "," : "\n");
  return out.str();
}

namespace detail {

class csv_parser {
 public:
  csv_parser(std::string_view text, std::string file, csv_limits limits)
      : text_(text), file_(std::move(file)), limits_(limits) {
    if (text_.substr(0, 3) == "\xEF\xBB\xBF") advance(3);
  }

  csv_table parse() {
    csv_table t;
    t.file = file_;
    if (i_ >= text_.size()) throw input_error(file_ + ": the file is empty; expected a header row");
    std::vector<position> header_at;
    t.header = record(header_at);
    while (i_ < text_.size()) {
      std::vector<position> at;
      const position start = here_;
      std::vector<std::string> fields = record(at);
      if (fields.size() == 1 && fields[0].empty() && i_ >= text_.size()) break;  // final newline
      if (fields.size() != t.header.size())
        throw input_error(where(start) + ": expected " + std::to_string(t.header.size()) +
                          " fields as in the header, found " + std::to_string(fields.size()));
      t.rows.push_back(fields, at, quoted_);
    }
    return t;
  }

 private:
  std::string where(position p) const {
    return file_ + ":" + std::to_string(p.line) + ":" + std::to_string(p.column);
  }
  void advance(std::size_t n = 1) {
    for (std::size_t k = 0; k < n && i_ < text_.size(); ++k, ++i_) {
      if (text_[i_] == '\n')
        ++here_.line, here_.column = 1;
      else
        ++here_.column;
    }
  }
  bool at_line_end() const {
    return i_ >= text_.size() || text_[i_] == '\n' ||
           (text_[i_] == '\r' && i_ + 1 < text_.size() && text_[i_ + 1] == '\n');
  }
  void skip_line_end() { advance(text_[i_] == '\r' ? 2 : 1); }

  // One record: fields up to an unquoted line end (or the end of the text).
  std::vector<std::string> record(std::vector<position>& at) {
    std::vector<std::string> fields;
    row_begin_ = i_, row_at_ = here_, quoted_ = false;
    while (true) {
      if (fields.size() == limits_.max_fields)
        throw input_error(where(row_at_) + ": a row with more than " +
                          std::to_string(limits_.max_fields) +
                          " fields starts here (the limit for a row)");
      at.push_back(here_);
      const bool quote = i_ < text_.size() && text_[i_] == '"';
      quoted_ = quoted_ || quote;
      fields.push_back(quote ? quoted() : plain());
      if (i_ >= text_.size()) return fields;
      if (text_[i_] == ',') {
        advance();
        continue;
      }
      skip_line_end();
      return fields;
    }
  }

  // A row longer than the limit: refused before its field is copied.
  void check_row_length() const {
    if (i_ - row_begin_ >= limits_.max_row_bytes)
      throw input_error(where(row_at_) + ": a row longer than " + bytes(limits_.max_row_bytes) +
                        " starts here (the limit for a row and any field in it)");
  }
  static std::string bytes(std::size_t n) {
    return n % (1 << 20) == 0 ? std::to_string(n >> 20) + " MiB" : std::to_string(n) + " bytes";
  }

  std::string plain() {
    const std::size_t begin = i_;
    while (i_ < text_.size() && text_[i_] != ',' && !at_line_end()) {
      check_row_length();
      if (text_[i_] == '"')
        throw input_error(where(here_) +
                          ": expected a quote only at the start of a field (quote the whole field "
                          "and double the quotes inside it)");
      if (text_[i_] == '\r')
        throw input_error(where(here_) +
                          ": expected a line end as \\n or \\r\\n, found a lone \\r");
      advance();
    }
    return std::string(text_.substr(begin, i_ - begin));
  }

  std::string quoted() {
    const position open = here_;
    advance();  // the opening quote
    std::string value;
    while (true) {
      check_row_length();
      if (i_ >= text_.size())
        throw input_error(where(open) + ": expected a closing quote for the field opened here");
      const char c = text_[i_];
      if (c == '"') {
        if (i_ + 1 < text_.size() && text_[i_ + 1] == '"') {
          value += '"';
          advance(2);
          continue;
        }
        advance();
        if (i_ < text_.size() && text_[i_] != ',' && !at_line_end())
          throw input_error(where(here_) +
                            ": expected ',' or a line end after a closing quote, found '" +
                            std::string(1, text_[i_]) + "'");
        return value;
      }
      value += c;
      advance();
    }
  }

  std::string_view text_;
  std::string file_;
  csv_limits limits_;
  std::size_t i_ = 0, row_begin_ = 0;
  position here_, row_at_;
  bool quoted_ = false;  // a field of the row being read was quoted
};

}  // namespace detail

// Parses CSV text; `file` names it in errors.
inline csv_table parse_csv(std::string_view text, const std::string& file = "<text>",
                           csv_limits limits = {}) {
  return detail::csv_parser(text, file, limits).parse();
}

inline csv_table read_csv(const std::string& path, csv_limits limits = {}) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw input_error(path + ": cannot open the file for reading");
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return parse_csv(buffer.str(), path, limits);
}

}  // namespace metagrad::data
