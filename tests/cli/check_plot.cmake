# cmake -DPROGRAM=genre_classifier -DHISTORY=H.csv -DOUT=DIR -P check_plot.cmake
# Without gnuplot in PATH `plot` fails with a sentence and draws nothing; with it, it draws PNG
# files that are valid images (signature, IHDR size) of non-trivial size.
file(REMOVE_RECURSE ${OUT})
execute_process(COMMAND ${CMAKE_COMMAND} -E env PATH=${OUT}/no-such-dir
                        ${PROGRAM} plot --history ${HISTORY} --out ${OUT}
                RESULT_VARIABLE status ERROR_VARIABLE err OUTPUT_VARIABLE out)
if(status EQUAL 0 OR NOT err MATCHES "gnuplot is not installed \\(not found in PATH\\)")
  message(FATAL_ERROR "without gnuplot: exit ${status}, expected a clear failure:\n${out}${err}")
endif()
file(GLOB drawn ${OUT}/*)
if(drawn)
  message(FATAL_ERROR "without gnuplot, files were left: ${drawn}")
endif()

execute_process(COMMAND ${PROGRAM} plot --history ${HISTORY} --out ${OUT}
                RESULT_VARIABLE status ERROR_VARIABLE err OUTPUT_VARIABLE out)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "plot failed (${status}):\n${out}${err}")
endif()
foreach(picture learning_curves label_f1)
  set(png ${OUT}/${picture}.png)
  if(NOT EXISTS ${png})
    message(FATAL_ERROR "${png} was not drawn:\n${out}${err}")
  endif()
  file(SIZE ${png} size)
  file(READ ${png} head LIMIT 24 HEX)
  string(SUBSTRING "${head}" 0 32 signature)  # 8 bytes of signature, then IHDR's length and tag
  string(SUBSTRING "${head}" 32 8 width)
  string(SUBSTRING "${head}" 40 8 height)
  math(EXPR width "0x${width}")
  math(EXPR height "0x${height}")
  if(NOT signature STREQUAL "89504e470d0a1a0a0000000d49484452" OR size LESS 10000
     OR width LESS 400 OR height LESS 300)
    message(FATAL_ERROR "${png}: not a PNG picture of substance (${size} bytes, ${width}x${height}, header ${head})")
  endif()
  message(STATUS "${png}: ${width}x${height}, ${size} bytes")
endforeach()
