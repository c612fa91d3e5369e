#ifndef ENVELOPE_ENVELOPE_HPP
#define ENVELOPE_ENVELOPE_HPP

// Everything but the framework adapters, which need their framework.
#include <envelope/http_status.hpp>
#include <envelope/status_registry.hpp>
#include <envelope/media_type.hpp>
#include <envelope/hal.hpp>
#include <envelope/message.hpp>
#include <envelope/problem.hpp>
#include <envelope/uri_template.hpp>
#include <envelope/version.hpp>

#endif  // ENVELOPE_ENVELOPE_HPP
