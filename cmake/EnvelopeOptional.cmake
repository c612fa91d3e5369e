# Optional dependencies: what a build without them shows instead.

# envelope_skipped_test(NAME REASON): a test that ctest reports as skipped,
# printing why, so that a missing dependency is visible in the summary rather
# than a silent absence.
function(envelope_skipped_test name reason)
  add_test(NAME ${name} COMMAND sh -c "echo '${name} skipped: ${reason}'; exit 77")
  set_tests_properties(${name} PROPERTIES SKIP_RETURN_CODE 77)
  set_property(GLOBAL APPEND PROPERTY ENVELOPE_SKIPPED_TESTS "${name}: ${reason}")
endfunction()

# envelope_report_skips(): the skipped tests with their reasons, in one block at
# the end of the configure output (ctest itself lists them by name only).
function(envelope_report_skips)
  get_property(skipped GLOBAL PROPERTY ENVELOPE_SKIPPED_TESTS)
  if(NOT skipped)
    return()
  endif()
  list(LENGTH skipped count)
  message(STATUS "envelope: ${count} test(s) will report Skipped (ctest -V -R NAME shows why):")
  foreach(line IN LISTS skipped)
    message(STATUS "  ${line}")
  endforeach()
endfunction()

# envelope_explain_missing_examples(TARGET...): each example program that was not
# built gets a target of its name that fails with one sentence naming the
# package, instead of make's "No rule to make target". Call it after the tests,
# which ask `if(TARGET ...)` to decide whether to run them.
function(envelope_explain_missing_examples)
  foreach(example IN LISTS ARGN)
    if(TARGET ${example})
      continue()
    endif()
    if(NOT ENVELOPE_HTTPLIB_TARGET)
      set(missing "cpp-httplib (libcpp-httplib-dev on Debian and Ubuntu)")
    else()
      set(missing "SQLite (libsqlite3-dev on Debian and Ubuntu)")
    endif()
    add_custom_target(${example}
      COMMAND "${CMAKE_COMMAND}" -E echo
              "envelope: examples/${example} was not built because ${missing} was not found; install it and configure again."
      COMMAND "${CMAKE_COMMAND}" -E false
      VERBATIM)
  endforeach()
endfunction()
