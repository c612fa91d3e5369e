// The one source file of a separately compiled program that holds envelope's
// definitions (an installed envelope has no envelope::compiled target).
#include <envelope/src.hpp>
