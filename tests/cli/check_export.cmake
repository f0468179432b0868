# genre_classifier export, then the exported classifier compiled alone — CXX with -O2 and nothing
# but Eigen's include directory — with DRIVER, run as `driver DATA REFERENCE`: it checks the
# export's probabilities against `genre_classifier predict --probabilities-csv` (REFERENCE) to 1e-5.
include(${CMAKE_CURRENT_LIST_DIR}/../support/run_checked.cmake)
file(REMOVE_RECURSE "${OUT}")
run_checked("export failed"
            ${PROGRAM} export --model ${MODEL} --out ${OUT} --name exported_classifier)
require_files("export" ${OUT} exported_classifier.hpp exported_classifier.cpp
              exported_classifier.dot)
run_checked("the exported classifier does not compile alone"
            ${CXX} -std=c++17 -O2 -I${EIGEN} -I${OUT} ${DRIVER} ${OUT}/exported_classifier.cpp
            -o ${OUT}/driver)
run_checked("the exported classifier's probabilities differ" ${OUT}/driver ${DATA} ${REFERENCE})
message(STATUS "${run_checked_output}")
