# Compiles SOURCE with the given FLAGS and checks the outcome:
#   EXPECT = "fail": the compiler must fail, print SENTENCE, and print exactly one "error:" line
#            (the poison type keeps every later use silent);
#   EXPECT = "pass": the corrected twin must compile.
separate_arguments(flags UNIX_COMMAND "${FLAGS}")
execute_process(COMMAND ${COMPILER} ${flags} -fsyntax-only ${SOURCE}
                RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE err)
set(text "${out}${err}")
if(EXPECT STREQUAL "pass")
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "the corrected twin does not compile:\n${text}")
  endif()
  return()
endif()
if(status EQUAL 0)
  message(FATAL_ERROR "compiled, but should have failed with: ${SENTENCE}")
endif()
string(FIND "${text}" "${SENTENCE}" at)
if(at EQUAL -1)
  message(FATAL_ERROR "the diagnostic lacks \"${SENTENCE}\":\n${text}")
endif()
string(REGEX MATCHALL "error:" errors "${text}")
list(LENGTH errors count)
if(NOT count EQUAL 1)
  message(FATAL_ERROR "expected exactly one error, got ${count}:\n${text}")
endif()
