// Must not compile: <envelope/src.hpp> after another envelope header would leave
// that header's definitions out of the library; src.hpp stops with an #error.
#include <envelope/message.hpp>
#include <envelope/src.hpp>
