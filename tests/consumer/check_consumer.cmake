# cmake -DMODE=<find_package|add_subdirectory|fetchcontent> -DSOURCE=<metagrad checkout>
#       -DBUILD=<metagrad build tree> -DWORK=<scratch dir> -P check_consumer.cmake
# Builds tests/consumer the MODE way (after installing BUILD into WORK/install for find_package)
# and runs it.
include(${CMAKE_CURRENT_LIST_DIR}/../support/run_checked.cmake)

file(REMOVE_RECURSE ${WORK})
set(args)
if(MODE STREQUAL "find_package")
  run_checked("${MODE}: cmake --install failed"
              ${CMAKE_COMMAND} --install ${BUILD} --prefix ${WORK}/install)
  set(args -DCMAKE_PREFIX_PATH=${WORK}/install)
endif()
run_checked("${MODE}: configure failed"
            ${CMAKE_COMMAND} -S ${SOURCE}/tests/consumer -B ${WORK}/build
            -DMETAGRAD_CONSUMER_MODE=${MODE} -DMETAGRAD_SOURCE=${SOURCE}
            -DMETAGRAD_EXAMPLE=${SOURCE}/examples/gradient_of_an_expression.cpp ${args})
run_checked("${MODE}: build failed" ${CMAKE_COMMAND} --build ${WORK}/build)
run_checked("${MODE}: the program failed" ${WORK}/build/consumer)
if(NOT run_checked_output MATCHES "d loss / d W =")
  message(FATAL_ERROR "${MODE}: unexpected output:\n${run_checked_output}")
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
