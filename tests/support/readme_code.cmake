# Writes the C++ code of README.md into one header, so that
# tests/unit/readme_test.cpp compiles and runs the README itself, never a copy:
#   cmake -DREADME=<README.md> -DOUTPUT=<readme_code.hpp> -P readme_code.cmake
#
# The convention for README.md:
# - Every block fenced by a line "```cpp" and a line "```" is compiled. A block
#   that must not be (a fragment, another program) is fenced "```c++" instead.
# - A block is a sequence of statements: readme_test.cpp runs each in its own
#   TEST_CASE, block N where ENVELOPE_README_BLOCK is N, and checks what the
#   README says of its variables. Blocks share nothing.
# - Its #include lines are gathered at file scope (included with
#   ENVELOPE_README_BLOCK undefined); ENVELOPE_README_BLOCKS is the number of
#   blocks, which readme_test.cpp checks, so a new block needs a TEST_CASE.
# - #line directives point compiler messages at README.md's own lines.
if(NOT README OR NOT OUTPUT)
  message(FATAL_ERROR "usage: cmake -DREADME=<README.md> -DOUTPUT=<header> -P readme_code.cmake")
endif()

file(READ "${README}" text)
# Lines are cut with string(FIND) rather than as a CMake list, which would
# split the code at its semicolons.
set(includes "")
set(blocks "")
set(count 0)
set(in_block OFF)
set(line_number 0)
while(NOT text STREQUAL "")
  string(FIND "${text}" "\n" end)
  if(end EQUAL -1)
    set(line "${text}")
    set(text "")
  else()
    string(SUBSTRING "${text}" 0 ${end} line)
    math(EXPR next "${end} + 1")
    string(SUBSTRING "${text}" ${next} -1 text)
  endif()
  math(EXPR line_number "${line_number} + 1")

  if(NOT in_block)
    if(line MATCHES "^```cpp[ \t]*$")
      set(in_block ON)
      math(EXPR count "${count} + 1")
      math(EXPR first "${line_number} + 1")
      string(APPEND blocks "#elif ENVELOPE_README_BLOCK == ${count}\n#line ${first} \"${README}\"\n")
    endif()
  elseif(line MATCHES "^```[ \t]*$")
    set(in_block OFF)
  elseif(line MATCHES "^[ \t]*#[ \t]*include[ \t]")
    string(APPEND includes "${line}\n")
    # An empty line in its place keeps the #line numbering true.
    string(APPEND blocks "\n")
  else()
    string(APPEND blocks "${line}\n")
  endif()
endwhile()

if(in_block)
  message(FATAL_ERROR "${README}: a ```cpp block is not closed")
endif()
if(count EQUAL 0)
  message(FATAL_ERROR "${README}: no ```cpp block")
endif()

# No include guard: readme_test.cpp includes this once per block.
set(content "// Generated from ${README} by tests/support/readme_code.cmake: do not edit.
#if !defined(ENVELOPE_README_BLOCK)
#define ENVELOPE_README_BLOCKS ${count}
${includes}${blocks}#else
#error \"README.md has no such ```cpp block\"
#endif
")
file(WRITE "${OUTPUT}" "${content}")
