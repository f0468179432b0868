# genre_classifier export, then the exported classifier compiled alone — CXX with -O2 and nothing
# but Eigen's include directory — with DRIVER, run as `driver DATA REFERENCE`: it checks the
# export's probabilities against `genre_classifier predict --probabilities-csv` (REFERENCE) to 1e-5.
file(REMOVE_RECURSE "${OUT}")
execute_process(COMMAND ${PROGRAM} export --model ${MODEL} --out ${OUT} --name exported_classifier
                RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "export failed (${status}):\n${out}\n${err}")
endif()
foreach(file exported_classifier.hpp exported_classifier.cpp exported_classifier.dot)
  if(NOT EXISTS "${OUT}/${file}")
    message(FATAL_ERROR "export did not write ${OUT}/${file}")
  endif()
endforeach()
execute_process(COMMAND ${CXX} -std=c++17 -O2 -I${EIGEN} -I${OUT} ${DRIVER}
                        ${OUT}/exported_classifier.cpp -o ${OUT}/driver
                RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "the exported classifier does not compile alone (${status}):\n${out}\n${err}")
endif()
execute_process(COMMAND ${OUT}/driver ${DATA} ${REFERENCE}
                RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE err)
message(STATUS "${out}${err}")
if(NOT status EQUAL 0)
  message(FATAL_ERROR "the exported classifier's probabilities differ (${status}):\n${out}\n${err}")
endif()
