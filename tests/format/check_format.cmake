# cmake -DCLANG_FORMAT=clang-format-14 -DROOT=<source> -P check_format.cmake
# Fails, naming the files, when any of the project's C++ sources differs from what clang-format
# makes of it with the project's .clang-format.
file(GLOB_RECURSE files
     ${ROOT}/include/*.hpp ${ROOT}/codegen/*.hpp ${ROOT}/codegen/*.cpp ${ROOT}/examples/*.hpp
     ${ROOT}/examples/*.cpp ${ROOT}/tests/*.hpp ${ROOT}/tests/*.cpp ${ROOT}/bench/*.hpp
     ${ROOT}/bench/*.cpp)
execute_process(COMMAND ${CLANG_FORMAT} --dry-run --Werror ${files}
                RESULT_VARIABLE status ERROR_VARIABLE diagnostics)
if(NOT status EQUAL 0)
  string(REGEX MATCHALL "[^\n]*: error: code should be clang-formatted" lines "${diagnostics}")
  list(TRANSFORM lines REPLACE ":[0-9]+:[0-9]+: error: code should be clang-formatted" "")
  list(REMOVE_DUPLICATES lines)
  string(REPLACE ";" "\n  " lines "${lines}")
  message(FATAL_ERROR "not formatted (run ${CLANG_FORMAT} -i on them):\n  ${lines}")
endif()
list(LENGTH files count)
message(STATUS "${count} files formatted")
