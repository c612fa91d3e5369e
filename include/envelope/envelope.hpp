#ifndef ENVELOPE_ENVELOPE_HPP
#define ENVELOPE_ENVELOPE_HPP

// Everything but the framework adapters, which need their framework.
#include <envelope/version.hpp>

#include <envelope/authentication.hpp>
#include <envelope/deprecation.hpp>
#include <envelope/diagnostics.hpp>
#include <envelope/error.hpp>
#include <envelope/field_reader.hpp>
#include <envelope/hal.hpp>
#include <envelope/http_date.hpp>
#include <envelope/http_status.hpp>
#include <envelope/media_type.hpp>
#include <envelope/message.hpp>
#include <envelope/problem.hpp>
#include <envelope/rate_limit.hpp>
#include <envelope/request.hpp>
#include <envelope/response.hpp>
#include <envelope/status_registry.hpp>
#include <envelope/structured_fields.hpp>
#include <envelope/uri_template.hpp>
#include <envelope/validation.hpp>
#include <envelope/web_linking.hpp>

#endif  // ENVELOPE_ENVELOPE_HPP
