// csv_rows: the data rows of a CSV table, every field's text in one buffer found by its end
// offset, and where each field started in the file. A vector of strings per row took 48 bytes a
// field and more (0.9 GB for 12,920 rows of 1,483 numbers); this takes 8 bytes a field and its
// text, and a field's line and column are derived from its row's start unless the row quotes a
// field (then they are kept, 16 bytes a field of that row).
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace metagrad::data {

struct position {
  std::size_t line = 1, column = 1;  // 1-based; columns count bytes
};

class csv_rows {
 public:
  // Row r as a read-only sequence of fields.
  class row {
   public:
    row(const csv_rows& rows, std::size_t r) : rows_(&rows), r_(r) {}
    std::string_view operator[](std::size_t c) const { return rows_->field(r_, c); }
    std::size_t size() const { return rows_->columns_; }
    bool operator==(const std::vector<std::string>& fields) const {
      if (fields.size() != size()) return false;
      for (std::size_t c = 0; c < fields.size(); ++c)
        if ((*this)[c] != fields[c]) return false;
      return true;
    }

   private:
    const csv_rows* rows_;
    std::size_t r_;
  };

  std::size_t size() const { return starts_.size(); }
  bool empty() const { return starts_.empty(); }
  row operator[](std::size_t r) const { return row(*this, r); }

  std::string_view field(std::size_t r, std::size_t c) const {
    const std::size_t i = r * columns_ + c;
    const std::size_t begin = i == 0 ? 0 : ends_[i - 1];
    return std::string_view(text_).substr(begin, ends_[i] - begin);
  }

  // Where field c of row r started in the file.
  position where(std::size_t r, std::size_t c) const {
    const auto quoted =
        std::lower_bound(quoted_rows_.begin(), quoted_rows_.end(), r,
                         [](const auto& entry, std::size_t row) { return entry.first < row; });
    if (quoted != quoted_rows_.end() && quoted->first == r) return quoted->second[c];
    // No field of the row is quoted: each field's bytes are the file's, one comma apart.
    const std::size_t first = r * columns_ == 0 ? 0 : ends_[r * columns_ - 1];
    const std::size_t begin = r * columns_ + c == 0 ? 0 : ends_[r * columns_ + c - 1];
    return {starts_[r].line, starts_[r].column + (begin - first) + c};
  }

  // A row of fields that started at `at` in the file; `quoted`: some field was quoted, so that
  // the file's bytes are not the fields' (every field's position is kept).
  void push_back(const std::vector<std::string>& fields, const std::vector<position>& at,
                 bool quoted) {
    if (empty()) columns_ = fields.size();
    for (const std::string& f : fields) text_ += f, ends_.push_back(text_.size());
    starts_.push_back(at.empty() ? position{} : at.front());
    if (quoted) quoted_rows_.emplace_back(starts_.size() - 1, at);
  }
  // A row made by a program (no file): positions of its own.
  void push_back(const std::vector<std::string>& fields) {
    push_back(fields, std::vector<position>(fields.size()), true);
  }

 private:
  std::string text_;
  std::vector<std::size_t> ends_;  // of each field in text_, row after row
  std::vector<position> starts_;   // of each row
  std::vector<std::pair<std::size_t, std::vector<position>>> quoted_rows_;  // ascending rows
  std::size_t columns_ = 0;
};

}  // namespace metagrad::data
