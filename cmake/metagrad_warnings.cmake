# metagrad_project_flags(t): warnings and code generation for the project's own targets, set per
# target (never through CMAKE_CXX_FLAGS), so users of the INTERFACE library inherit none of it.
function(metagrad_project_flags target)
  # g++ 12 warns of maybe-uninitialized AVX-512 registers inside Eigen's packet code (false
  # positives from inlining into system headers).
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wno-maybe-uninitialized)
  # g++ 12's AVX-512 intrinsics start from a deliberately undefined register
  # (_mm512_undefined_ps), which -Wuninitialized reports inside every inlined packet function of
  # Eigen's (pexp, plog); the false positive buried real warnings in pages of notes.
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
    target_compile_options(${target} PRIVATE -Wno-uninitialized)
  endif()
  if(METAGRAD_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
  if(METAGRAD_SANITIZE)
    # Less UBSan's null checks: with them g++ 12 stops treating `&a == &b` of distinct objects as
    # a constant expression, which the graph passes are built on (every model fails to compile).
    # A null dereference still stops the tests: ASan reports the SEGV.
    set(sanitize -fsanitize=address,undefined -fno-sanitize=null,nonnull-attribute,returns-nonnull-attribute
                 -fno-sanitize-recover=all -fno-omit-frame-pointer)
    target_compile_options(${target} PRIVATE -g1)  # function names and lines in reports
    # -O1 after Release's -O3: ASan at -O3 took 2.8x as long to compile (fit_test: 416 s against
    # 151 s), which put CI over its hour; the checks find the same faults at either level.
    target_compile_options(${target} PRIVATE -O1)
    target_compile_options(${target} PRIVATE ${sanitize})
    target_link_options(${target} PRIVATE ${sanitize})
  endif()
  if(METAGRAD_NATIVE)
    target_compile_options(${target} PRIVATE -march=native)
  endif()
endfunction()

# metagrad_project_target(t): the project's flags, and metagrad.
function(metagrad_project_target target)
  metagrad_project_flags(${target})
  target_link_libraries(${target} PRIVATE metagrad::metagrad)
endfunction()
