# Every example model's export, compiled alone — CXX with -O1 and nothing but Eigen's include
# directory — with DRIVER, must predict what the library predicts to 1e-5 (WRITER writes the
# exports, the inputs and the library's probabilities into OUT/<model>).
include(${CMAKE_CURRENT_LIST_DIR}/../support/run_checked.cmake)
file(REMOVE_RECURSE "${OUT}")
run_checked("writing the exports failed" ${WRITER} ${OUT})
foreach(model deep_mlp dense_classifier two_towers wide_and_deep)
  set(dir ${OUT}/${model})
  require_files("${model}: the export" ${dir} exported_model.hpp exported_model.cpp
                exported_model.dot)
  run_checked("${model}: the export does not compile alone"
              ${CXX} -std=c++17 -O1 -I${EIGEN} -I${dir} ${DRIVER} ${dir}/exported_model.cpp
              -o ${dir}/driver)
  run_checked("${model}: the export's probabilities differ" ${dir}/driver ${dir})
  message(STATUS "${model}: ${run_checked_output}")
endforeach()
