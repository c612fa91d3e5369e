#ifndef ENVELOPE_SRC_HPP
#define ENVELOPE_SRC_HPP

// The definitions of envelope's functions, for a program built with
// ENVELOPE_SEPARATE_COMPILATION: include this in exactly one source file
// (src/envelope.cpp does, for the envelope::compiled CMake target). It is only
// the list of the out-of-line definitions; where it is included does not matter.

#include <envelope/detail/impl/json_writer.ipp>
#include <envelope/detail/impl/problem_xml.ipp>
#include <envelope/detail/impl/regex.ipp>
#include <envelope/impl/authentication.ipp>
#include <envelope/impl/deprecation.ipp>
#include <envelope/impl/field_reader.ipp>
#include <envelope/impl/form_template.ipp>
#include <envelope/impl/hal.ipp>
#include <envelope/impl/hal_forms.ipp>
#include <envelope/impl/http_date.ipp>
#include <envelope/impl/json_schema.ipp>
#include <envelope/impl/link.ipp>
#include <envelope/impl/media_type.ipp>
#include <envelope/impl/message.ipp>
#include <envelope/impl/problem.ipp>
#include <envelope/impl/rate_limit.ipp>
#include <envelope/impl/request.ipp>
#include <envelope/impl/response.ipp>
#include <envelope/impl/status_registry.ipp>
#include <envelope/impl/structured_fields.ipp>
#include <envelope/impl/uri_template.ipp>
#include <envelope/impl/validation.ipp>
#include <envelope/impl/web_linking.ipp>

#endif  // ENVELOPE_SRC_HPP
