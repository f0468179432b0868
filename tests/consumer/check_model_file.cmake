# cmake -DSOURCE=<metagrad checkout> -DBUILD=<its build tree> -DWORK=<scratch dir>
#       -DPROGRAM=<genre_classifier> -DMODEL=<a model file> -DDATA=<CSV rows> -P check_model_file.cmake
# A user's program (predict_from_file.cpp), built against the installed package, loads MODEL and
# predicts DATA: its probabilities must be within 1e-5 of those `genre_classifier predict` writes
# (the two are compiled with different flags), and its labels those the program predicts.
include(${CMAKE_CURRENT_LIST_DIR}/../support/run_checked.cmake)

file(REMOVE_RECURSE ${WORK})
run_checked("cmake --install failed" ${CMAKE_COMMAND} --install ${BUILD} --prefix ${WORK}/install)
run_checked("configure failed"
            ${CMAKE_COMMAND} -S ${SOURCE}/tests/consumer -B ${WORK}/build
            -DMETAGRAD_CONSUMER_MODE=find_package -DCMAKE_PREFIX_PATH=${WORK}/install
            -DMETAGRAD_EXAMPLE=${SOURCE}/tests/consumer/predict_from_file.cpp)
run_checked("build failed" ${CMAKE_COMMAND} --build ${WORK}/build)
run_checked("genre_classifier predict failed"
            ${PROGRAM} predict --model ${MODEL} --data ${DATA} --probabilities-csv ${WORK}/cli.csv)
string(REGEX REPLACE " \\([0-9.]+\\)" "" cli_labels "${run_checked_output}")
run_checked("the user's program failed (or its probabilities differ from genre_classifier's)"
            ${WORK}/build/consumer ${MODEL} ${DATA} ${WORK}/cli.csv)
if(NOT run_checked_output MATCHES "largest difference from [^\n]*cli.csv: ")
  message(FATAL_ERROR "the user's program did not compare its probabilities:\n${run_checked_output}")
endif()
string(REGEX REPLACE "largest difference[^\n]*\n" "" user_labels "${run_checked_output}")
string(REGEX MATCHALL "\n" lines "${user_labels}")
list(LENGTH lines rows)
if(rows LESS 10)
  message(FATAL_ERROR "the user's program predicted too few rows:\n${user_labels}")
endif()
if(NOT user_labels STREQUAL cli_labels)
  message(FATAL_ERROR "the user's labels differ from genre_classifier's:\n${user_labels}")
endif()
file(REMOVE_RECURSE ${WORK})
message(STATUS "the user's program predicts as genre_classifier does")
