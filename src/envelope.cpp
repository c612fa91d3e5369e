// The envelope::compiled library: every non-template function of envelope,
// compiled once, for programs built with ENVELOPE_SEPARATE_COMPILATION.
#include <envelope/src.hpp>
