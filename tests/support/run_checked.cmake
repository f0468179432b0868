# run_checked(WHAT command...): runs the command; unless it exits 0, fails the test with WHAT, the
# exit status and everything it printed. Its output is left in run_checked_output.
function(run_checked what)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "${what} (${status}):\n${out}\n${err}")
  endif()
  set(run_checked_output "${out}${err}" PARENT_SCOPE)
endfunction()

# require_files(WHAT DIR files...): fails the test with WHAT unless each file is in DIR.
function(require_files what dir)
  foreach(file ${ARGN})
    if(NOT EXISTS "${dir}/${file}")
      message(FATAL_ERROR "${what} did not write ${dir}/${file}")
    endif()
  endforeach()
endfunction()
