#ifndef ENVELOPE_DETAIL_CONFIG_HPP
#define ENVELOPE_DETAIL_CONFIG_HPP

// How envelope is built.
//
// Header-only (the default): every interface header X.hpp ends by including
// <envelope/impl/X.ipp>, so the out-of-line definitions are compiled, inline, in
// every translation unit that includes it.
//
// Separately compiled: a program defines ENVELOPE_SEPARATE_COMPILATION for every
// translation unit; the headers then only declare, and one source file includes
// <envelope/src.hpp>, the list of every impl/*.ipp (src/envelope.cpp, the
// envelope::compiled CMake target, is that file). Templates and constexpr
// functions live in the headers (X.hpp, impl/X.hpp) in both modes.
//
// Some functions are templates only so that the compiler instantiates them where
// a program calls them, not in every translation unit that includes the header
// (the parsers, the validators, the XML writer): their template parameter has a
// default (`template <class Json = nlohmann::json>`) and callers never name it.
// This keeps header-only builds that do not call them cheaper to compile
// (docs/performance.md, "Compile time").

#if defined(ENVELOPE_SEPARATE_COMPILATION)
#define ENVELOPE_HEADER_ONLY 0
#define ENVELOPE_INLINE
#else
#define ENVELOPE_HEADER_ONLY 1
#define ENVELOPE_INLINE inline
#endif

#endif  // ENVELOPE_DETAIL_CONFIG_HPP
