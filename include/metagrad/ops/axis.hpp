// axis: what a reduction reduces. `per_column` gives one value per column (a 1 x cols row).
#pragma once

namespace metagrad {

enum class axis { all, per_column, per_row };

template <axis A>
struct axis_tag {
  static constexpr axis value = A;
};
inline constexpr axis_tag<axis::per_column> per_column{};
inline constexpr axis_tag<axis::per_row> per_row{};

}  // namespace metagrad
