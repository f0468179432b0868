# metagrad_generate(TARGET name GENERATOR model_generator.cpp OUTPUTS stem... [INCLUDE_DIRECTORIES dir...])
#
# Builds GENERATOR (a program that declares models and writes them with metagrad::codegen's
# emit_cpp/write_files into the directory given as its one argument), runs it at build time, and
# compiles what it wrote — OUTPUT_DIR/<stem>.hpp and .cpp for every stem — into the static library
# TARGET, whose users include "<stem>.hpp". The generated code needs Eigen and OpenMP only; it runs
# its products through OpenBLAS when metagrad does (EIGEN_USE_BLAS), split among as many threads as
# each product is worth, OpenBLAS on one thread per block (METAGRAD_USE_OPENBLAS).
function(metagrad_generate)
  cmake_parse_arguments(GEN "" "TARGET;GENERATOR" "OUTPUTS;INCLUDE_DIRECTORIES" ${ARGN})
  if(NOT GEN_TARGET OR NOT GEN_GENERATOR OR NOT GEN_OUTPUTS)
    message(FATAL_ERROR "metagrad_generate: TARGET, GENERATOR and OUTPUTS are required")
  endif()
  set(generator ${GEN_TARGET}_generator)
  add_executable(${generator} ${GEN_GENERATOR})
  target_link_libraries(${generator} PRIVATE metagrad::codegen)
  target_include_directories(${generator} PRIVATE ${GEN_INCLUDE_DIRECTORIES})
  set(dir ${CMAKE_CURRENT_BINARY_DIR}/${GEN_TARGET}_generated)
  set(files)
  foreach(stem ${GEN_OUTPUTS})
    list(APPEND files ${dir}/${stem}.hpp ${dir}/${stem}.cpp)
  endforeach()
  string(REPLACE ";" ", " stems "${GEN_OUTPUTS}")
  add_custom_command(OUTPUT ${files}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${dir}
    COMMAND ${generator} ${dir}
    DEPENDS ${generator}
    COMMENT "metagrad: generating ${stems}"
    VERBATIM)
  add_library(${GEN_TARGET} STATIC ${files})
  target_include_directories(${GEN_TARGET} PUBLIC ${dir})
  target_compile_features(${GEN_TARGET} PUBLIC cxx_std_17)
  target_link_libraries(${GEN_TARGET} PUBLIC Eigen3::Eigen PRIVATE OpenMP::OpenMP_CXX)
  get_target_property(definitions metagrad::metagrad INTERFACE_COMPILE_DEFINITIONS)
  if(definitions AND "EIGEN_USE_BLAS" IN_LIST definitions)
    target_compile_definitions(${GEN_TARGET} PRIVATE EIGEN_USE_BLAS METAGRAD_USE_OPENBLAS)
    target_link_libraries(${GEN_TARGET} PRIVATE BLAS::BLAS)
  endif()
  if(COMMAND metagrad_project_flags)  # inside metagrad's own build: its warnings and flags
    metagrad_project_flags(${generator})
    metagrad_project_flags(${GEN_TARGET})
  endif()
endfunction()
