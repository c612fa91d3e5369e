// Lets the test sources compile against Catch2 v2 (Debian) and v3 alike.
#ifndef ENVELOPE_TESTS_CATCH_HPP
#define ENVELOPE_TESTS_CATCH_HPP

#if defined(ENVELOPE_CATCH2_V3)
#include <catch2/catch_approx.hpp>
#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>
#else
#include <catch2/catch.hpp>
#endif

#endif
