#ifndef ENVELOPE_SRC_HPP
#define ENVELOPE_SRC_HPP

// The definitions of envelope's functions, for a program built with
// ENVELOPE_SEPARATE_COMPILATION: include this in exactly one source file, before
// any other envelope header (src/envelope.cpp does just that for the
// envelope::compiled CMake target). Without ENVELOPE_SEPARATE_COMPILATION it
// stops with an #error: a header-only build has no library to compile.

#if !defined(ENVELOPE_SEPARATE_COMPILATION)
#error "<envelope/src.hpp> is for ENVELOPE_SEPARATE_COMPILATION: define it for every source"
#else
// Every header with definitions includes detail/config.hpp, which reads
// ENVELOPE_SOURCE once: a header included earlier has left its definitions out.
#if defined(ENVELOPE_DETAIL_CONFIG_HPP)
#error "<envelope/src.hpp> must come before every other envelope header in its source file"
#endif
#define ENVELOPE_SOURCE
#include <envelope/envelope.hpp>
#endif

#endif  // ENVELOPE_SRC_HPP
