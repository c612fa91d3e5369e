#ifndef ENVELOPE_DETAIL_CONFIG_HPP
#define ENVELOPE_DETAIL_CONFIG_HPP

// How envelope is built. By default it is header-only: the headers define every
// function, inline. A program that defines ENVELOPE_SEPARATE_COMPILATION in every
// translation unit gets declarations only from the headers, and compiles the
// definitions once, in the one source file that includes <envelope/src.hpp>
// (the envelope::compiled CMake target is that file). Templates and constexpr
// functions stay in the headers in both modes.
//
// ENVELOPE_DEFINITIONS is 1 where the headers carry the definitions, and
// ENVELOPE_INLINE is what those definitions are declared with.

#if defined(ENVELOPE_SEPARATE_COMPILATION)
#define ENVELOPE_INLINE
#if defined(ENVELOPE_SOURCE)
#define ENVELOPE_DEFINITIONS 1
#else
#define ENVELOPE_DEFINITIONS 0
#endif
#else
#define ENVELOPE_INLINE inline
#define ENVELOPE_DEFINITIONS 1
#endif

#endif  // ENVELOPE_DETAIL_CONFIG_HPP
