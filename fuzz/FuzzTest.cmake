# snn_add_fuzzer(NAME SOURCE LIBS... [ENV VAR=VALUE...]): a libFuzzer target
# in bin/ and its ctest `fuzz/<name without fuzz->`, which runs the target on
# its checked-in seed corpus (fuzz/corpus/<name>, read only) plus mutations
# for at most 10 s or 20000 executions, with the dictionary
# fuzz/dict/<name>.dict when there is one. New inputs and any crash file go
# to <build>/fuzz-work/<name>/ (emptied first). A crash, a sanitizer report,
# a leak or a timeout fails the test.
function(snn_add_fuzzer name source)
  cmake_parse_arguments(F "" "" "ENV" ${ARGN})
  string(REGEX REPLACE "^fuzz-" "" short ${name})
  add_executable(${name} ${source})
  target_link_libraries(${name} PRIVATE ${F_UNPARSED_ARGUMENTS})
  target_link_options(${name} PRIVATE -fsanitize=fuzzer)
  set_target_properties(${name} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/bin)

  set(work ${CMAKE_BINARY_DIR}/fuzz-work/${short})
  set(dict ${PROJECT_SOURCE_DIR}/fuzz/dict/${short}.dict)
  set(dictArg "")
  if(EXISTS ${dict})
    set(dictArg "-dict=${dict}")
  endif()
  add_test(NAME fuzz/${short}
    COMMAND sh -c "rm -rf \"$1\" && mkdir -p \"$1/new\" && cd \"$1\" && exec \"$0\" -seed=1 -max_total_time=10 -runs=20000 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix=\"$1/\" ${dictArg} \"$1/new\" \"$2\""
            $<TARGET_FILE:${name}> ${work} ${PROJECT_SOURCE_DIR}/fuzz/corpus/${short})
  set_tests_properties(fuzz/${short} PROPERTIES TIMEOUT 120
    ENVIRONMENT "UBSAN_OPTIONS=print_stacktrace=1;${F_ENV}")
endfunction()
