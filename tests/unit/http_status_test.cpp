#include <envelope/http_status.hpp>

#include "catch.hpp"

#include <set>
#include <string>

// The IANA HTTP Status Code Registry, written out independently of the header.
namespace {

struct iana_row {
  int code;
  const char* title;
  const char* reference;
};

const iana_row iana[] = {
    {100, "Continue", "RFC 9110, Section 15.2.1"},
    {101, "Switching Protocols", "RFC 9110, Section 15.2.2"},
    {102, "Processing", "RFC 2518, Section 10.1"},
    {103, "Early Hints", "RFC 8297, Section 2"},
    {200, "OK", "RFC 9110, Section 15.3.1"},
    {201, "Created", "RFC 9110, Section 15.3.2"},
    {202, "Accepted", "RFC 9110, Section 15.3.3"},
    {203, "Non-Authoritative Information", "RFC 9110, Section 15.3.4"},
    {204, "No Content", "RFC 9110, Section 15.3.5"},
    {205, "Reset Content", "RFC 9110, Section 15.3.6"},
    {206, "Partial Content", "RFC 9110, Section 15.3.7"},
    {207, "Multi-Status", "RFC 4918, Section 11.1"},
    {208, "Already Reported", "RFC 5842, Section 7.1"},
    {226, "IM Used", "RFC 3229, Section 10.4.1"},
    {300, "Multiple Choices", "RFC 9110, Section 15.4.1"},
    {301, "Moved Permanently", "RFC 9110, Section 15.4.2"},
    {302, "Found", "RFC 9110, Section 15.4.3"},
    {303, "See Other", "RFC 9110, Section 15.4.4"},
    {304, "Not Modified", "RFC 9110, Section 15.4.5"},
    {305, "Use Proxy", "RFC 9110, Section 15.4.6"},
    {306, "(Unused)", "RFC 9110, Section 15.4.7"},
    {307, "Temporary Redirect", "RFC 9110, Section 15.4.8"},
    {308, "Permanent Redirect", "RFC 9110, Section 15.4.9"},
    {400, "Bad Request", "RFC 9110, Section 15.5.1"},
    {401, "Unauthorized", "RFC 9110, Section 15.5.2"},
    {402, "Payment Required", "RFC 9110, Section 15.5.3"},
    {403, "Forbidden", "RFC 9110, Section 15.5.4"},
    {404, "Not Found", "RFC 9110, Section 15.5.5"},
    {405, "Method Not Allowed", "RFC 9110, Section 15.5.6"},
    {406, "Not Acceptable", "RFC 9110, Section 15.5.7"},
    {407, "Proxy Authentication Required", "RFC 9110, Section 15.5.8"},
    {408, "Request Timeout", "RFC 9110, Section 15.5.9"},
    {409, "Conflict", "RFC 9110, Section 15.5.10"},
    {410, "Gone", "RFC 9110, Section 15.5.11"},
    {411, "Length Required", "RFC 9110, Section 15.5.12"},
    {412, "Precondition Failed", "RFC 9110, Section 15.5.13"},
    {413, "Content Too Large", "RFC 9110, Section 15.5.14"},
    {414, "URI Too Long", "RFC 9110, Section 15.5.15"},
    {415, "Unsupported Media Type", "RFC 9110, Section 15.5.16"},
    {416, "Range Not Satisfiable", "RFC 9110, Section 15.5.17"},
    {417, "Expectation Failed", "RFC 9110, Section 15.5.18"},
    {418, "(Unused)", "RFC 9110, Section 15.5.19"},
    {421, "Misdirected Request", "RFC 9110, Section 15.5.20"},
    {422, "Unprocessable Content", "RFC 9110, Section 15.5.21"},
    {423, "Locked", "RFC 4918, Section 11.3"},
    {424, "Failed Dependency", "RFC 4918, Section 11.4"},
    {425, "Too Early", "RFC 8470, Section 5.2"},
    {426, "Upgrade Required", "RFC 9110, Section 15.5.22"},
    {428, "Precondition Required", "RFC 6585, Section 3"},
    {429, "Too Many Requests", "RFC 6585, Section 4"},
    {431, "Request Header Fields Too Large", "RFC 6585, Section 5"},
    {451, "Unavailable For Legal Reasons", "RFC 7725, Section 3"},
    {500, "Internal Server Error", "RFC 9110, Section 15.6.1"},
    {501, "Not Implemented", "RFC 9110, Section 15.6.2"},
    {502, "Bad Gateway", "RFC 9110, Section 15.6.3"},
    {503, "Service Unavailable", "RFC 9110, Section 15.6.4"},
    {504, "Gateway Timeout", "RFC 9110, Section 15.6.5"},
    {505, "HTTP Version Not Supported", "RFC 9110, Section 15.6.6"},
    {506, "Variant Also Negotiates", "RFC 2295, Section 8.1"},
    {507, "Insufficient Storage", "RFC 4918, Section 11.5"},
    {508, "Loop Detected", "RFC 5842, Section 7.2"},
    {510, "Not Extended (OBSOLETED)", "RFC 2774, Section 7"},
    {511, "Network Authentication Required", "RFC 6585, Section 6"},
};

}  // namespace

// Compile-time guarantees: usable in constant expressions, O(1) by construction.
static_assert(envelope::find_status(422)->code == 422);
static_assert(envelope::is_assigned(422));
static_assert(!envelope::is_assigned(499));
static_assert(!envelope::is_assigned(600));
static_assert(envelope::find_status(422)->title == "Unprocessable Content");
static_assert(envelope::find_status(envelope::status::content_too_large)->title ==
              "Content Too Large");
static_assert(envelope::find_status(499) == nullptr);
static_assert(envelope::find_status(99) == nullptr);
static_assert(envelope::find_status(600) == nullptr);
static_assert(envelope::reason_phrase(418) == "(Unused)");
static_assert(envelope::reason_phrase(306) == "(Unused)");
static_assert(envelope::reason_phrase(510) == "Not Extended (OBSOLETED)");
static_assert(envelope::reason_phrase(799).empty());
static_assert(envelope::resolve_status(499)->code == 400);
static_assert(envelope::resolve_status(299)->code == 200);
static_assert(envelope::resolve_status(600) == nullptr);
static_assert(envelope::all_statuses().size() == 63);
static_assert(envelope::to_code(envelope::status::continue_) == 100);
static_assert(envelope::status::unprocessable_entity == envelope::status::unprocessable_content);
static_assert(envelope::status::payload_too_large == envelope::status::content_too_large);
static_assert(envelope::is_error(envelope::status::not_found));
static_assert(!envelope::is_error(envelope::status::ok));
static_assert(envelope::default_content_type(201) == "application/hal+json");
static_assert(envelope::default_content_type(503) == "application/problem+json");
static_assert(envelope::default_content_type(204).empty());

TEST_CASE("every IANA entry is present with its exact title and reference") {
  REQUIRE(sizeof(iana) / sizeof(iana[0]) == 63);
  REQUIRE(envelope::all_statuses().size() == 63);
  for (const auto& row : iana) {
    INFO("code " << row.code);
    const envelope::status_info* info = envelope::find_status(row.code);
    REQUIRE(info != nullptr);
    CHECK(info->code == row.code);
    CHECK(info->title == row.title);
    CHECK(info->reference == row.reference);
    CHECK(envelope::reason_phrase(row.code) == row.title);
    CHECK(envelope::find_status(static_cast<envelope::status>(row.code)) == info);
  }
}

TEST_CASE("no code outside the IANA table is found") {
  std::set<int> assigned;
  for (const auto& row : iana)
    assigned.insert(row.code);
  for (int code = -1000; code <= 1000; ++code) {
    INFO("code " << code);
    const bool expected = assigned.count(code) != 0;
    CHECK((envelope::find_status(code) != nullptr) == expected);
    CHECK(envelope::is_assigned(code) == expected);
    CHECK(envelope::reason_phrase(code).empty() == !expected);
  }
}

TEST_CASE("entries iterate in ascending code order") {
  int previous = 0;
  for (const auto& info : envelope::all_statuses()) {
    CHECK(info.code > previous);
    previous = info.code;
  }
}

TEST_CASE("class, body and content type follow the code's class") {
  for (const auto& info : envelope::all_statuses()) {
    INFO("code " << info.code);
    CHECK(static_cast<int>(info.category) == info.code / 100);
    const bool no_body =
        info.code < 200 || info.code == 204 || info.code == 205 || info.code == 304;
    CHECK(info.body_allowed == !no_body);
    if (no_body) {
      CHECK(info.content_type.empty());
    } else if (info.code < 400) {
      CHECK(info.content_type == "application/hal+json");
    } else {
      CHECK(info.content_type == "application/problem+json");
    }
    CHECK(envelope::default_content_type(info.code) == info.content_type);
    CHECK(envelope::allows_body(info.code) == info.body_allowed);
  }
}

// http_status.hpp alone provides the media type constants, and its table uses them:
// one definition of each name.
static_assert(envelope::default_content_type(200) == envelope::media_type::hal_json);
static_assert(envelope::default_content_type(404) == envelope::media_type::problem_json);
static_assert(envelope::media_type::problem_xml == "application/problem+xml");
static_assert(envelope::media_type::json == "application/json");

TEST_CASE("the table's content types are the media_type constants themselves") {
  CHECK(envelope::find_status(201)->content_type.data() == envelope::media_type::hal_json.data());
  CHECK(envelope::find_status(422)->content_type.data() ==
        envelope::media_type::problem_json.data());
  CHECK(envelope::default_content_type(599).data() == envelope::media_type::problem_json.data());
}

TEST_CASE("the class predicates partition 100-599 and reject the rest") {
  for (int code = -5; code <= 700; ++code) {
    INFO("code " << code);
    const int hits = int{envelope::is_informational(code)} + int{envelope::is_success(code)} +
                     int{envelope::is_redirection(code)} + int{envelope::is_client_error(code)} +
                     int{envelope::is_server_error(code)};
    CHECK(hits == (envelope::is_valid_status(code) ? 1 : 0));
    CHECK(envelope::is_error(code) ==
          (envelope::is_client_error(code) || envelope::is_server_error(code)));
  }
  CHECK(envelope::is_informational(envelope::status::early_hints));
  CHECK(envelope::is_success(envelope::status::im_used));
  CHECK(envelope::is_redirection(envelope::status::permanent_redirect));
  CHECK(envelope::is_client_error(envelope::status::unavailable_for_legal_reasons));
  CHECK(envelope::is_server_error(envelope::status::network_authentication_required));
}

TEST_CASE("an unassigned code reads as the x00 code of its class (RFC 9110 section 15)") {
  CHECK(envelope::resolve_status(137)->code == 100);
  CHECK(envelope::resolve_status(250)->code == 200);
  CHECK(envelope::resolve_status(399)->code == 300);
  CHECK(envelope::resolve_status(420)->code == 400);
  CHECK(envelope::resolve_status(599)->code == 500);
  CHECK(envelope::resolve_status(404)->code == 404);
  // Outside 100-599 there is no class to fall back to, and never a silent 500.
  CHECK(envelope::resolve_status(0) == nullptr);
  CHECK(envelope::resolve_status(99) == nullptr);
  CHECK(envelope::resolve_status(600) == nullptr);
  CHECK(envelope::resolve_status(-404) == nullptr);
  CHECK(envelope::default_content_type(600).empty());
  CHECK(envelope::default_content_type(499) == "application/problem+json");
}

TEST_CASE("the convention's status codes have the titles the convention shows") {
  CHECK(envelope::reason_phrase(envelope::status::ok) == "OK");
  CHECK(envelope::reason_phrase(envelope::status::created) == "Created");
  CHECK(envelope::reason_phrase(envelope::status::accepted) == "Accepted");
  CHECK(envelope::reason_phrase(envelope::status::no_content) == "No Content");
  CHECK(envelope::reason_phrase(envelope::status::bad_request) == "Bad Request");
  CHECK(envelope::reason_phrase(envelope::status::unauthorized) == "Unauthorized");
  CHECK(envelope::reason_phrase(envelope::status::forbidden) == "Forbidden");
  CHECK(envelope::reason_phrase(envelope::status::not_found) == "Not Found");
  CHECK(envelope::reason_phrase(envelope::status::method_not_allowed) == "Method Not Allowed");
  CHECK(envelope::reason_phrase(envelope::status::conflict) == "Conflict");
  CHECK(envelope::reason_phrase(envelope::status::content_too_large) == "Content Too Large");
  CHECK(envelope::reason_phrase(envelope::status::too_many_requests) == "Too Many Requests");
  CHECK(envelope::reason_phrase(envelope::status::internal_server_error) ==
        "Internal Server Error");
  CHECK(envelope::reason_phrase(envelope::status::not_implemented) == "Not Implemented");
  CHECK(envelope::reason_phrase(envelope::status::service_unavailable) == "Service Unavailable");
}
