// Catch2 v3 brings its own main (Catch2::Catch2WithMain); v2 needs one defined here.
#if !defined(ENVELOPE_CATCH2_V3)
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
#endif
