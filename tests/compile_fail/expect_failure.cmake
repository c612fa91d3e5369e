# Builds one target that must not compile, and passes only when the build fails
# with the expected message: cmake -DBUILD_DIR=... -DTARGET=... -DCONFIG=...
# -DMESSAGE=... -P expect_failure.cmake
set(config_args "")
if(CONFIG)
  set(config_args --config "${CONFIG}")
endif()
execute_process(
  COMMAND "${CMAKE_COMMAND}" --build "${BUILD_DIR}" --target "${TARGET}" ${config_args}
  RESULT_VARIABLE result OUTPUT_VARIABLE output ERROR_VARIABLE output)
if(result EQUAL 0)
  message(FATAL_ERROR "${TARGET} compiled, but it must not:\n${output}")
endif()
string(FIND "${output}" "${MESSAGE}" at)
if(at EQUAL -1)
  message(FATAL_ERROR "${TARGET} failed without saying \"${MESSAGE}\":\n${output}")
endif()
message(STATUS "${TARGET} failed as expected: ${MESSAGE}")
