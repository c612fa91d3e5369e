#ifndef ENVELOPE_ENVELOPE_HPP
#define ENVELOPE_ENVELOPE_HPP

// Everything but the framework adapters, which need their framework.
#include <envelope/version.hpp>
#include <envelope/http_status.hpp>

#endif  // ENVELOPE_ENVELOPE_HPP
