# Runs PROGRAM with the ;-lists FIRST and SECOND as arguments; both must succeed and print the
# same standard output.
foreach(run FIRST SECOND)
  execute_process(COMMAND ${PROGRAM} ${${run}} RESULT_VARIABLE status OUTPUT_VARIABLE out_${run}
                  ERROR_VARIABLE err)
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "${PROGRAM} ${${run}}: exit status ${status}\n${err}")
  endif()
endforeach()
if(NOT out_FIRST STREQUAL out_SECOND)
  message(FATAL_ERROR "${PROGRAM}: '${FIRST}' and '${SECOND}' print different output:\n${out_FIRST}\n---\n${out_SECOND}")
endif()
if(out_FIRST STREQUAL "")
  message(FATAL_ERROR "${PROGRAM} ${FIRST}: printed nothing")
endif()
