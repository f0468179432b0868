# cmake -DMODE=<find_package|add_subdirectory|fetchcontent> -DSOURCE=<metagrad checkout>
#       -DBUILD=<metagrad build tree> -DWORK=<scratch dir> -P check_consumer.cmake
# Builds tests/consumer the MODE way (after installing BUILD into WORK/install for find_package)
# and runs it.
function(run what)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "${MODE}: ${what} failed (${status}):\n${out}\n${err}")
  endif()
  set(output "${out}" PARENT_SCOPE)
endfunction()

file(REMOVE_RECURSE ${WORK})
set(args)
if(MODE STREQUAL "find_package")
  run("cmake --install" ${CMAKE_COMMAND} --install ${BUILD} --prefix ${WORK}/install)
  set(args -DCMAKE_PREFIX_PATH=${WORK}/install)
endif()
run("configure" ${CMAKE_COMMAND} -S ${SOURCE}/tests/consumer -B ${WORK}/build
    -DMETAGRAD_CONSUMER_MODE=${MODE} -DMETAGRAD_SOURCE=${SOURCE}
    -DMETAGRAD_EXAMPLE=${SOURCE}/examples/gradient_of_an_expression.cpp ${args})
run("build" ${CMAKE_COMMAND} --build ${WORK}/build)
run("the program" ${WORK}/build/consumer)
if(NOT output MATCHES "d loss / d W =")
  message(FATAL_ERROR "${MODE}: unexpected output:\n${output}")
endif()
if(MODE STREQUAL "find_package")
  # Nothing of the source or build tree may leak into the installed package.
  file(GLOB_RECURSE config ${WORK}/install/*.cmake)
  foreach(f ${config})
    file(READ ${f} text)
    if(text MATCHES "${SOURCE}/|${BUILD}/")
      message(FATAL_ERROR "${f} names the source or build tree")
    endif()
  endforeach()
endif()
file(REMOVE_RECURSE ${WORK})
message(STATUS "${MODE}: built and ran")
