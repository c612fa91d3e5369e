// Hostile input, part one: nesting depth, numbers, strings and header injection.
// Sizes (linear time) are in hardening_size.cpp. Each case names the guarantee
// docs/reliability.md lists.

#include <envelope/hal.hpp>
#include <envelope/media_type.hpp>
#include <envelope/message.hpp>
#include <envelope/problem.hpp>
#include <envelope/response.hpp>
#include <envelope/uri_template.hpp>

#include "../fuzz/bounded_json.hpp"
#include "catch.hpp"

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <utility>
#include <vector>

using envelope::document_error;
using envelope::problem;
using envelope::resource;

namespace {

constexpr std::size_t hostile_depth = 100000;

// {"_embedded":{"child":{"_embedded":{"child":...{}}}}}, `levels` resources below
// the root, built from the inside out: no recursion, and every step a move.
nlohmann::json nested_embedded(std::size_t levels) {
  nlohmann::json inner = nlohmann::json::object();
  for (std::size_t i = 0; i < levels; ++i) {
    nlohmann::json outer = nlohmann::json::object();
    outer["_embedded"]["child"] = std::move(inner);
    inner = std::move(outer);
  }
  return inner;
}

// [[[...[]...]]] `levels` arrays deep, inside {"deep": ...}.
nlohmann::json nested_extension(std::size_t levels) {
  nlohmann::json inner = nlohmann::json::array();
  for (std::size_t i = 1; i < levels; ++i) {
    nlohmann::json outer = nlohmann::json::array();
    outer.push_back(std::move(inner));
    inner = std::move(outer);
  }
  nlohmann::json document = {{"title", "Deep"}, {"status", 400}};
  document["deep"] = std::move(inner);
  return document;
}

std::string repeat(std::string_view piece, std::size_t times) {
  std::string out;
  out.reserve(piece.size() * times);
  for (std::size_t i = 0; i < times; ++i)
    out += piece;
  return out;
}

std::string embedded_pointer(std::size_t levels) {
  return repeat("/_embedded/child", levels);
}

}  // namespace

// --- depth -------------------------------------------------------------------

TEST_CASE("hardening: _embedded nested 100,000 deep is a document_error at the limit") {
  const nlohmann::json document = nested_embedded(hostile_depth);
  const std::size_t limit = envelope::parse_options{}.max_depth;
  try {
    static_cast<void>(resource::parse(document));
    FAIL("a 100,000-deep document parsed");
  } catch (const document_error& e) {
    CHECK(e.pointer() == embedded_pointer(limit + 1));
    CHECK(e.reason() == "embedded resources are nested deeper than the limit of 64 levels");
  }
  CHECK_THROWS_AS(document.get<resource>(), document_error);
  CHECK_THROWS_AS(resource::parse(nested_embedded(hostile_depth)), document_error);
}

TEST_CASE("hardening: the _embedded depth limit is configurable and exact") {
  envelope::parse_options options;
  options.max_depth = 3;
  CHECK_NOTHROW(resource::parse(nested_embedded(3), options));
  try {
    static_cast<void>(resource::parse(nested_embedded(4), options));
    FAIL("4 levels passed a limit of 3");
  } catch (const document_error& e) {
    CHECK(e.pointer() == embedded_pointer(4));
  }
  // At the default limit a document still round-trips.
  const resource at_limit = resource::parse(nested_embedded(64));
  const nlohmann::json written = at_limit;
  CHECK(written == nested_embedded(64));
  CHECK(resource::parse(written) == at_limit);
}

TEST_CASE("hardening: validate_hal stops at the depth limit on a 100,000-deep document") {
  const std::vector<envelope::finding> findings =
      envelope::validate_hal(nested_embedded(hostile_depth));
  // One "no self link" warning per level down to the limit, then the error.
  REQUIRE(findings.size() == 66);
  CHECK(findings.back().level == envelope::severity::error);
  CHECK(findings.back().pointer == embedded_pointer(65));
}

TEST_CASE("hardening: 100,000-deep JSON text reaches the HAL parser intact") {
  // nlohmann's parser is iterative, so the text parses; resource::parse then
  // refuses it at the limit, before anything recursive touches the deep part.
  const std::string text =
      repeat(R"({"_embedded":{"child":)", hostile_depth) + "{}" + repeat("}}", hostile_depth);
  nlohmann::json document = nlohmann::json::parse(text);
  CHECK_THROWS_AS(resource::parse(std::move(document)), document_error);
}

TEST_CASE("hardening: a problem extension 100,000 deep is kept by the moving reader") {
  // problem::parse(json&&) moves members out of the DOM: nothing recurses.
  const problem p = problem::parse(nested_extension(hostile_depth));
  CHECK(p.title == "Deep");
  CHECK(p.status == 400);
  REQUIRE(p.has_extension("deep"));
  // Walk down without recursion to prove nothing was cut.
  const nlohmann::json* level = &p.extensions.at("deep");
  std::size_t depth = 1;
  while (!level->empty()) {
    level = &level->front();
    ++depth;
  }
  CHECK(depth == hostile_depth);
}

TEST_CASE("hardening: deep JSON is refused at the text, where the limit must be enforced") {
  // nlohmann's copy, operator== and dump() recurse once per level, so a deep value
  // is safe only until it is copied or written. A service bounds depth when it
  // parses the text; tests/fuzz/bounded_json.hpp shows the callback that does it.
  const std::string deep = repeat("[", hostile_depth) + repeat("]", hostile_depth);
  CHECK_FALSE(envelope_tests::parse_bounded(deep, 64));
  const std::string deep_object =
      repeat(R"({"a":)", hostile_depth) + "1" + repeat("}", hostile_depth);
  CHECK_FALSE(envelope_tests::parse_bounded(deep_object, 64));
  // The limit counts arrays and objects, the top level being 1.
  CHECK(envelope_tests::parse_bounded(repeat("[", 64) + repeat("]", 64), 64));
  CHECK_FALSE(envelope_tests::parse_bounded(repeat("[", 65) + repeat("]", 65), 64));
  CHECK(envelope_tests::parse_bounded(R"({"a":[{"b":[1]}]})", 4));
  CHECK_FALSE(envelope_tests::parse_bounded(R"({"a":[{"b":[[1]]}]})", 4));
  CHECK_FALSE(envelope_tests::parse_bounded("{", 64));
  // Within the limit, the problem round-trips through every writer.
  const std::optional<nlohmann::json> bounded =
      envelope_tests::parse_bounded(repeat(R"({"title":"t","x":)", 63) + "1" + repeat("}", 63), 64);
  REQUIRE(bounded);
  const problem p = problem::parse(*bounded);
  const nlohmann::json written = p;
  CHECK(problem::parse(written) == p);
  CHECK_FALSE(envelope::to_xml(p).empty());
}

// --- numbers -----------------------------------------------------------------

TEST_CASE("hardening: a problem status that is no status code is ignored (RFC 9457 3.1)") {
  const double infinity = std::numeric_limits<double>::infinity();
  const std::vector<nlohmann::json> not_codes = {
      infinity,
      -infinity,
      std::numeric_limits<double>::quiet_NaN(),
      -1,
      nlohmann::json::parse("18446744073709551616"),  // 2^64, read as a double
      nlohmann::json::parse("18446744073709551615"),  // 2^64 - 1, an unsigned
      nlohmann::json::parse("-9223372036854775809"),
      404.5,
      599.0000001,
      "404",
      true,
      nullptr,
      nlohmann::json::array({404}),
      nlohmann::json::object({{"code", 404}}),
      99,
      600,
      0,
  };
  for (const nlohmann::json& status : not_codes) {
    CAPTURE(status.is_number_float() ? std::to_string(status.get<double>()) : status.dump());
    const nlohmann::json document = {{"title", "t"}, {"status", status}};
    const problem p = problem::parse(document);
    CHECK_FALSE(p.status);
    CHECK_FALSE(p.has_extension("status"));
    const nlohmann::json written = p;
    CHECK_FALSE(written.contains("status"));
    bool reported = false;
    for (const envelope::finding& f : envelope::validate_problem(document)) {
      reported = reported || (f.pointer == "/status" && f.level == envelope::severity::error);
    }
    CHECK(reported);
    CHECK(envelope::to_xml(document).find("<status>") == std::string::npos);
  }
}

TEST_CASE("hardening: status values JSON cannot tell from a code are read as that code") {
  CHECK(problem::parse(nlohmann::json::parse(R"({"status":404.0})")).status == 404);
  CHECK(problem::parse(nlohmann::json::parse(R"({"status":1e2})")).status == 100);
  CHECK(problem::parse(nlohmann::json::parse(R"({"status":5.99e2})")).status == 599);
  CHECK(problem::parse(nlohmann::json::parse(R"({"status":404})")).status == 404);
}

TEST_CASE("hardening: 1e309 in JSON text is nlohmann's out_of_range 406, not a parse_error") {
  // A reader that catches only json::parse_error lets this one through; catch
  // json::exception. Without exceptions the value is simply discarded.
  const std::string text = R"({"status":1e309})";
  try {
    const nlohmann::json parsed = nlohmann::json::parse(text);
    FAIL("1e309 parsed as " << parsed.dump());
  } catch (const nlohmann::json::out_of_range& e) {
    CHECK(e.id == 406);
  }
  CHECK(nlohmann::json::parse(text, nullptr, false).is_discarded());
  CHECK_FALSE(envelope_tests::parse_bounded(text, 64));
}

TEST_CASE("hardening: numeric extensions convert only when they fit") {
  const problem p = problem::parse(nlohmann::json::parse(
      R"({"big":18446744073709551615,"huge":18446744073709551616,"neg":-1,"frac":2.5,"ok":7})"));
  CHECK_FALSE(p.extension<int>("big"));
  CHECK(p.extension<std::uint64_t>("big") == std::numeric_limits<std::uint64_t>::max());
  CHECK_FALSE(p.extension<std::int64_t>("huge"));
  CHECK_FALSE(p.extension<unsigned>("neg"));
  CHECK(p.extension<int>("neg") == -1);
  CHECK_FALSE(p.extension<int>("frac"));
  CHECK(p.extension<double>("frac") == 2.5);
  CHECK(p.extension<std::int8_t>("ok") == 7);
  CHECK_FALSE(p.extension<std::string>("ok"));
}

// --- strings -----------------------------------------------------------------

TEST_CASE("hardening: invalid UTF-8 in JSON text is nlohmann's parse_error 101") {
  try {
    const nlohmann::json parsed = nlohmann::json::parse("{\"title\":\"\xff\"}");
    FAIL("invalid UTF-8 parsed, " << parsed.size() << " member");
  } catch (const nlohmann::json::parse_error& e) {
    CHECK(e.id == 101);
  }
  // Overlong and surrogate encodings are refused as well.
  CHECK(nlohmann::json::parse("\"\xc0\xaf\"", nullptr, false).is_discarded());
  CHECK(nlohmann::json::parse("\"\xed\xa0\x80\"", nullptr, false).is_discarded());
}

TEST_CASE("hardening: invalid UTF-8 put in by code is kept, and dump() reports it as 316") {
  // The documented choice: the typed values keep the bytes they were given, the
  // JSON conversion passes them through, and nlohmann's dump() refuses them with
  // type_error 316 (or replaces them, when the caller asks for error_handler replace).
  const std::string bad = "caf\xc3";
  problem p = problem::from_status(400).with_detail(bad);
  const nlohmann::json written = p;
  CHECK(written["detail"] == bad);
  try {
    static_cast<void>(written.dump());
    FAIL("dump accepted invalid UTF-8");
  } catch (const nlohmann::json::type_error& e) {
    CHECK(e.id == 316);
  }
  const std::string replaced =
      written.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  CHECK(replaced.find("caf\xef\xbf\xbd") != std::string::npos);

  resource r(nlohmann::json{{"name", bad}});
  r.set_link("self", envelope::link("/a\xff"));
  const nlohmann::json hal = r;
  CHECK(hal["name"] == bad);
  CHECK_THROWS_AS(hal.dump(), nlohmann::json::type_error);
  CHECK(resource::parse(hal) == r);
}

TEST_CASE("hardening: the XML writer replaces what XML cannot carry") {
  const problem p = problem::from_status(400).with_detail("a\xff<b\x01").with("note", "\xc3");
  const std::string xml = envelope::to_xml(p);
  CHECK(xml.find("<detail>a\xef\xbf\xbd&lt;b\xef\xbf\xbd</detail>") != std::string::npos);
  CHECK(xml.find("<note>\xef\xbf\xbd</note>") != std::string::npos);
}

TEST_CASE("hardening: URI templates refuse invalid UTF-8 literals and encode any value") {
  CHECK_THROWS_AS(envelope::uri_template("/a\xff{x}"), envelope::uri_template_error);
  CHECK_THROWS_AS(envelope::uri_template("/a\xc3"), envelope::uri_template_error);
  const envelope::uri_template t("/{x}{?y}");
  CHECK(t.expand({{"x", "\xff\xfe"}, {"y", std::string("a\0b", 3)}}) == "/%FF%FE?y=a%00b");
  // A prefix never splits the bytes of a character it counts.
  CHECK(envelope::uri_template("{x:1}").expand({{"x", "\xc3\xa9t\xc3\xa9"}}) == "%C3%A9");
}

TEST_CASE("hardening: media types with bytes outside the grammar fail with an offset") {
  const envelope::media_type_result r = envelope::parse_media_type_detailed("text/pl\xc3\xa1in");
  CHECK(r.error == envelope::media_type_errc::invalid_character);
  CHECK(r.offset == 7);
  // obs-text is allowed inside a quoted-string (RFC 9110 5.6.4) and kept as sent.
  const auto quoted = envelope::parse_media_type("text/plain;title=\"\xff\"");
  REQUIRE(quoted);
  CHECK(quoted->parameter("title") == "\xff");
  CHECK_FALSE(envelope::parse_media_type(std::string("text/plain;a=\"\0\"", 16)));
}

// --- header injection --------------------------------------------------------

TEST_CASE("hardening: CR, LF and NUL are refused in every header value") {
  for (const char bad : {'\r', '\n', '\0'}) {
    const std::string value = std::string("a") + bad + "Set-Cookie: x=1";
    CAPTURE(static_cast<int>(bad));
    CHECK_THROWS_AS(envelope::check_header("Location", value), envelope::response_error);
    envelope::response r;
    CHECK_THROWS_AS(r.add_header("Location", value), envelope::response_error);
    CHECK_THROWS_AS(r.set_header("Location", value), envelope::response_error);
    CHECK(r.headers.empty());
    r.headers.emplace_back("Location", value);
    CHECK_THROWS_AS(envelope::check_response(r), envelope::response_error);
    // Names: a CR, LF or NUL is no token character either.
    CHECK_THROWS_AS(envelope::check_header(std::string("X") + bad + "Y", "v"),
                    envelope::response_error);
    // A challenge parameter cannot smuggle one into WWW-Authenticate.
    CHECK_THROWS_AS(
        envelope::challenge::bearer("api").with_error("invalid_token", value).to_string(),
        envelope::response_error);
    CHECK_THROWS_AS(envelope::challenge::bearer(value).to_string(), envelope::response_error);
  }
  // Obs-text and HTAB are legal field content and pass.
  CHECK_NOTHROW(envelope::check_header("X-Name", "caf\xc3\xa9\tok"));
}

TEST_CASE("hardening: the response builders refuse CR, LF and NUL from their arguments") {
  envelope::resource body;
  body.set_link("self", envelope::link("/items/1"));
  for (const std::string& value :
       {std::string("/a\r\nSet-Cookie: x=1"), std::string("/a\nb"), std::string("/a\0b", 4)}) {
    CHECK_THROWS_AS(envelope::created(body, value), envelope::response_error);
    CHECK_THROWS_AS(envelope::unsupported_media_type("", value), envelope::response_error);
    envelope::resource monitor;
    monitor.set_link("monitor", envelope::link(value));
    CHECK_THROWS_AS(envelope::accepted(monitor), envelope::response_error);
    envelope::resource self_only;
    self_only.set_link("self", envelope::link(value));
    CHECK_THROWS_AS(envelope::created(self_only), envelope::response_error);
    CHECK_THROWS_AS(envelope::unauthorized(envelope::challenge::bearer(value)),
                    envelope::response_error);
    CHECK_THROWS_AS(envelope::insufficient_scope(value), envelope::response_error);
    CHECK_THROWS_AS(envelope::method_not_allowed({"GET", value}), envelope::response_error);
    CHECK_THROWS_AS(envelope::status_registry().define(599, value), std::invalid_argument);
    CHECK_THROWS_AS(envelope::status_registry().set_content_type(200, "application/x" + value),
                    std::invalid_argument);
  }
}

TEST_CASE("hardening: make_response reports invalid UTF-8 as nlohmann's type_error 316") {
  envelope::resource r(nlohmann::json{{"name", "caf\xc3"}});
  try {
    const envelope::response built = envelope::make_response(200, r);
    FAIL("a body with invalid UTF-8 was built: " << built.body.size() << " bytes");
  } catch (const nlohmann::json::type_error& e) {
    CHECK(e.id == 316);
  }
  CHECK_THROWS_AS(envelope::make_response(envelope::problem::from_status(400).with_detail("\xff")),
                  nlohmann::json::type_error);
}

// --- parse_response: the client side, where the text comes from the network -----

TEST_CASE("hardening: parse_response turns a number JSON cannot hold into its own error") {
  // nlohmann throws out_of_range 406 for 1e309, not parse_error.
  CHECK_THROWS_AS(envelope::parse_response(400, "application/problem+json", R"({"status":1e309})"),
                  envelope::response_parse_error);
  CHECK_THROWS_AS(envelope::parse_response(200, "application/hal+json", R"({"n":-1e309})"),
                  envelope::response_parse_error);
}

TEST_CASE("hardening: parse_response refuses a body nested 100,000 deep") {
  // Returned as a value, such a body would overflow the stack the first time the
  // caller copies, compares or writes it (nlohmann recurses once per level).
  const std::string deep_problem =
      R"({"title":"t","x":)" + repeat("[", hostile_depth) + repeat("]", hostile_depth) + "}";
  CHECK_THROWS_AS(envelope::parse_response(400, "application/problem+json", deep_problem),
                  envelope::response_parse_error);
  const std::string deep_state =
      repeat(R"({"a":)", hostile_depth) + "1" + repeat("}", hostile_depth);
  CHECK_THROWS_AS(envelope::parse_response(200, "application/hal+json", deep_state),
                  envelope::response_parse_error);
}

TEST_CASE("hardening: parse_response gives a 0-based offset, as every other offset") {
  // media_type_result::offset and uri_template_error::offset count from 0;
  // nlohmann's parse_error::byte counts from 1.
  try {
    static_cast<void>(envelope::parse_response(200, "application/json", R"({"a":})"));
    FAIL("malformed JSON parsed");
  } catch (const envelope::response_parse_error& e) {
    CHECK(e.offset() == 5);  // the '}'
  }
  try {
    static_cast<void>(envelope::parse_response(200, "application/json", R"({"a":)"));
    FAIL("truncated JSON parsed");
  } catch (const envelope::response_parse_error& e) {
    CHECK(e.offset() == 5);  // the end of the body
  }
}
