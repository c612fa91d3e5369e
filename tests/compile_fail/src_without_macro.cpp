// Must not compile: <envelope/src.hpp> in a build without
// ENVELOPE_SEPARATE_COMPILATION would define nothing and leave the program's
// other sources, which declare only, unlinkable.
#include <envelope/src.hpp>
