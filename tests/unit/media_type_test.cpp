#include <envelope/media_type.hpp>

#include "catch.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

using envelope::negotiate;
using envelope::quality;
using envelope::media_type::errc;
using envelope::media_type::parse;
using envelope::media_type::parse_detailed;
namespace media_type = envelope::media_type;

static_assert(media_type::hal_json == "application/hal+json");
static_assert(media_type::problem_json == "application/problem+json");
static_assert(media_type::problem_xml == "application/problem+xml");
static_assert(media_type::json == "application/json");
static_assert(std::is_same_v<decltype(media_type::json), const std::string_view>);
static_assert(envelope::is_json_media_type(media_type::hal_json));
static_assert(!envelope::is_json_media_type(media_type::problem_xml));
static_assert(envelope::same_media_type("Application/JSON; charset=utf-8", media_type::json));
static_assert(std::is_nothrow_move_constructible_v<envelope::media_type::parsed>);

namespace {

media_type::errc error_of(std::string_view text) {
  const auto result = media_type::parse_detailed(text);
  CHECK_FALSE(result);
  CHECK_FALSE(media_type::parse(text));
  return result.error;
}

std::size_t offset_of(std::string_view text) {
  return media_type::parse_detailed(text).offset;
}

std::string parameter_of(std::string_view text, std::string_view name) {
  const auto parsed = media_type::parse(text);
  REQUIRE(parsed);
  const auto value = parsed->parameter(name);
  REQUIRE(value);
  return std::string(*value);
}

const std::vector<std::string_view> hal_then_json{media_type::hal_json, media_type::json};

}  // namespace

TEST_CASE("type, subtype and parameter names are lower-cased; values are kept") {
  const auto parsed = media_type::parse("Application/HAL+JSON; Charset=UTF-8");
  REQUIRE(parsed);
  CHECK(parsed->type == "application");
  CHECK(parsed->subtype == "hal+json");
  CHECK(parsed->essence() == "application/hal+json");
  REQUIRE(parsed->parameters.size() == 1);
  CHECK(parsed->parameters[0].first == "charset");
  CHECK(parsed->parameters[0].second == "UTF-8");
  CHECK(parsed->parameter("CHARSET") == std::optional<std::string_view>("UTF-8"));
  CHECK_FALSE(parsed->parameter("profile"));
  CHECK(parsed->suffix() == "json");
  CHECK(parsed->is_json());
}

TEST_CASE("parameters keep their order and duplicates; whitespace around ';' is allowed") {
  const auto parsed = media_type::parse(" text/html ;level=1 ;\tcharset=utf-8\t; level=2 ; ;  ");
  REQUIRE(parsed);
  REQUIRE(parsed->parameters.size() == 3);
  CHECK(parsed->parameters[0] == std::pair<std::string, std::string>("level", "1"));
  CHECK(parsed->parameters[1] == std::pair<std::string, std::string>("charset", "utf-8"));
  CHECK(parsed->parameters[2] == std::pair<std::string, std::string>("level", "2"));
  CHECK(*parsed->parameter("level") == "1");
  CHECK(parsed->suffix().empty());
  CHECK_FALSE(parsed->is_json());
}

TEST_CASE("RFC 9110 §5.6.6 allows empty parameters") {
  const auto parsed = media_type::parse("text/plain;;charset=utf-8;");
  REQUIRE(parsed);
  REQUIRE(parsed->parameters.size() == 1);
  CHECK(*parsed->parameter("charset") == "utf-8");
}

TEST_CASE("quoted-string values are unquoted and unescaped") {
  const auto parsed = media_type::parse(
      R"(application/hal+json; profile="https://example.com/p;v=1, x"; title="a \"b\" \\c"; e="")");
  REQUIRE(parsed);
  CHECK(*parsed->parameter("profile") == "https://example.com/p;v=1, x");
  CHECK(*parsed->parameter("title") == R"(a "b" \c)");
  CHECK(*parsed->parameter("e") == "");
  CHECK(parameter_of("text/plain; x=\"tab\there\"", "x") == "tab\there");
  CHECK(parameter_of("text/plain; x=\"caf\xC3\xA9\"", "x") == "caf\xC3\xA9");
  CHECK(parameter_of("text/plain; x=\"\\\t\\ \"", "x") == "\t ");
}

TEST_CASE("parsed media types compare by value") {
  CHECK(*media_type::parse("TEXT/Plain;A=b") == *media_type::parse("text/plain; a=\"b\""));
  CHECK(*media_type::parse("text/plain;a=b") != *media_type::parse("text/plain;a=B"));
  CHECK(*media_type::parse("text/plain") != *media_type::parse("text/plain;a=b"));
}

TEST_CASE("every malformed form is refused with its reason and offset") {
  CHECK(error_of("") == media_type::errc::empty_type);
  CHECK(error_of("   ") == media_type::errc::empty_type);
  CHECK(error_of("/json") == media_type::errc::empty_type);
  CHECK(offset_of("  /json") == 2);
  CHECK(error_of("application") == media_type::errc::missing_slash);
  CHECK(offset_of("application") == 11);
  CHECK(error_of("application;charset=utf-8") == media_type::errc::missing_slash);
  CHECK(error_of("application /json") == media_type::errc::missing_slash);
  CHECK(error_of("application/") == media_type::errc::empty_subtype);
  CHECK(error_of("application/ json") == media_type::errc::empty_subtype);
  CHECK(error_of("application/;a=b") == media_type::errc::empty_subtype);
  CHECK(error_of("appli@cation/json") == media_type::errc::invalid_character);
  CHECK(offset_of("appli@cation/json") == 5);
  CHECK(error_of("application/js{on") == media_type::errc::invalid_character);
  CHECK(error_of("application/json/x") == media_type::errc::invalid_character);
  CHECK(error_of("application/json x") == media_type::errc::invalid_character);
  CHECK(error_of("application/json, text/html") == media_type::errc::invalid_character);
  CHECK(error_of("text/plain; charset=utf-8 x") == media_type::errc::invalid_character);
  CHECK(offset_of("text/plain; charset=utf-8 x") == 26);
  CHECK(error_of("text/plain; char set=utf-8") == media_type::errc::missing_parameter_value);
  CHECK(error_of("text/plain; ch@rset=utf-8") == media_type::errc::invalid_character);
  CHECK(error_of("text/plain; =utf-8") == media_type::errc::empty_parameter_name);
  CHECK(offset_of("text/plain; =utf-8") == 12);
  CHECK(error_of("text/plain; charset") == media_type::errc::missing_parameter_value);
  CHECK(error_of("text/plain; charset=") == media_type::errc::missing_parameter_value);
  CHECK(error_of("text/plain; charset=;a=b") == media_type::errc::missing_parameter_value);
  // RFC 9110 §5.6.6: no whitespace on either side of "=".
  CHECK(error_of("text/plain; charset =utf-8") == media_type::errc::missing_parameter_value);
  CHECK(error_of("text/plain; charset= utf-8") == media_type::errc::missing_parameter_value);
  CHECK(error_of("text/plain; charset=ut@f") == media_type::errc::invalid_character);
  CHECK(error_of("text/plain; a=\"abc") == media_type::errc::unterminated_quote);
  CHECK(offset_of("text/plain; a=\"abc") == 14);
  CHECK(error_of("text/plain; a=\"abc\\\"") == media_type::errc::unterminated_quote);
  CHECK(error_of("text/plain; a=\"abc\\") == media_type::errc::unterminated_quote);
  CHECK(error_of("text/plain; a=\"a\nb\"") == media_type::errc::invalid_character);
  CHECK(offset_of("text/plain; a=\"a\nb\"") == 16);
  CHECK(error_of("text/plain; a=\"a\\\x7F\"") == media_type::errc::invalid_character);
  CHECK(error_of(std::string("text/plain; a=\"a\0b\"", 19)) == media_type::errc::invalid_character);
  CHECK(error_of("text/plain; a=\"b\"c") == media_type::errc::invalid_character);
  CHECK(error_of(std::string("text/pl\0ain", 11)) == media_type::errc::invalid_character);
  CHECK(error_of("text/plain\r\n") == media_type::errc::invalid_character);
  CHECK(error_of("t\xC3\xA9xt/plain") == media_type::errc::invalid_character);
}

TEST_CASE("error messages name the reason") {
  CHECK(media_type::parse_detailed("text/plain; a=\"b").message() == "unterminated quoted-string");
  CHECK(media_type::parse_detailed("text").message() == "missing \"/\" after the type");
  const auto ok = media_type::parse_detailed("text/plain");
  CHECK(ok);
  CHECK(ok.error == media_type::errc::ok);
  CHECK(ok.message() == "ok");
}

TEST_CASE("is_json_media_type: application/json and any +json, parameters ignored") {
  using envelope::is_json_media_type;
  CHECK(is_json_media_type("application/json"));
  CHECK(is_json_media_type("application/hal+json"));
  CHECK(is_json_media_type("application/problem+json"));
  CHECK(is_json_media_type("Application/Problem+JSON"));
  CHECK(is_json_media_type("application/json; charset=utf-8"));
  CHECK(is_json_media_type(R"(application/hal+json; profile="https://example.com/order")"));
  CHECK(is_json_media_type("application/vnd.example.v2+json"));
  CHECK_FALSE(is_json_media_type("application/problem+xml"));
  CHECK_FALSE(is_json_media_type("application/json-seq"));
  CHECK_FALSE(is_json_media_type("text/json-ish"));
  CHECK_FALSE(is_json_media_type("text/html"));
  CHECK_FALSE(is_json_media_type("application/json; charset"));
  CHECK_FALSE(is_json_media_type("application/json,"));
  CHECK_FALSE(is_json_media_type(""));
  CHECK_FALSE(is_json_media_type("json"));
}

TEST_CASE("same_media_type ignores parameters and case") {
  using envelope::same_media_type;
  CHECK(same_media_type("application/hal+json; charset=utf-8", "APPLICATION/HAL+JSON"));
  CHECK(same_media_type(R"(application/hal+json;profile="urn:x")", media_type::hal_json));
  CHECK_FALSE(same_media_type(media_type::hal_json, media_type::json));
  CHECK_FALSE(same_media_type(media_type::problem_json, media_type::problem_xml));
  CHECK_FALSE(same_media_type("application/json;", "application/json;="));
  CHECK_FALSE(same_media_type("", ""));
}

TEST_CASE("negotiation: an empty or absent Accept means */*") {
  CHECK(negotiate("", hal_then_json) == media_type::hal_json);
  CHECK(negotiate("  ", hal_then_json) == media_type::hal_json);
  CHECK(negotiate(" , ,", hal_then_json) == media_type::hal_json);
  CHECK(quality("", media_type::json) == 1.0);
}

TEST_CASE("negotiation: a client that accepts only application/json gets json") {
  CHECK(negotiate("application/json", hal_then_json) == media_type::json);
  CHECK(negotiate("Application/JSON", {media_type::hal_json, media_type::json}) ==
        media_type::json);
}

TEST_CASE("negotiation: nothing acceptable gives nullopt") {
  CHECK_FALSE(negotiate("text/html", hal_then_json));
  CHECK_FALSE(negotiate("text/*, image/png", hal_then_json));
  CHECK_FALSE(negotiate("application/json", {}));
  CHECK(quality("text/html", media_type::json) == 0.0);
}

TEST_CASE("negotiation: wildcards") {
  CHECK(negotiate("*/*", hal_then_json) == media_type::hal_json);
  CHECK(negotiate("application/*", hal_then_json) == media_type::hal_json);
  CHECK(negotiate("text/*, application/*;q=0.2", hal_then_json) == media_type::hal_json);
  CHECK(quality("application/*;q=0.2", media_type::json) == 0.2);
  // RFC 9110 §12.5.1 has no "*/subtype" range: it is skipped.
  CHECK_FALSE(negotiate("*/json, text/html", hal_then_json));
}

TEST_CASE("negotiation: the most specific range decides, even against a broader higher q") {
  // RFC 9110 §12.5.1's example.
  const std::string_view accept =
      "text/*;q=0.3, text/plain;q=0.7, text/plain;format=flowed, text/plain;format=fixed;q=0.4, "
      "*/*;q=0.5";
  CHECK(quality(accept, "text/plain;format=flowed") == 1.0);
  CHECK(quality(accept, "text/plain") == 0.7);
  CHECK(quality(accept, "text/html") == 0.3);
  CHECK(quality(accept, "image/jpeg") == 0.5);
  CHECK(quality(accept, "text/plain;format=fixed") == 0.4);
  CHECK(quality(accept, "text/html;level=2") == 0.3);

  CHECK(negotiate("*/*;q=1, application/hal+json;q=0.1", hal_then_json) == media_type::json);
  CHECK(negotiate("application/*;q=0.9, application/json;q=0.2", hal_then_json) ==
        media_type::hal_json);
  CHECK(quality("application/hal+json;q=0.1, application/*", media_type::hal_json) == 0.1);
  // Order in the field does not change specificity.
  CHECK(quality("application/*, application/hal+json;q=0.1", media_type::hal_json) == 0.1);
}

TEST_CASE("negotiation: among equally specific ranges the first listed decides") {
  CHECK(quality("application/json;q=0.4, application/json;q=0.9", media_type::json) == 0.4);
  CHECK(quality("text/*;q=0.4, TEXT/*;q=0.9", "text/html") == 0.4);
}

TEST_CASE("negotiation: parameters on a range match only offers that have them") {
  CHECK(quality("application/hal+json;profile=\"urn:a\"", media_type::hal_json) == 0.0);
  CHECK(quality("application/hal+json;profile=\"urn:a\"",
                "application/hal+json; profile=\"urn:a\"") == 1.0);
  // A quoted-string and a token stand for the same value (RFC 9110 §5.6.6).
  CHECK(quality("text/plain;format=\"fl\\owed\"", "text/plain; format=flowed") == 1.0);
  CHECK(quality("text/plain;format=flowed", "text/plain; format=\"flowed\"") == 1.0);
  CHECK(quality("application/hal+json;profile=\"urn:a\"",
                "application/hal+json; profile=\"urn:b\"") == 0.0);
  // charset names are case-insensitive (RFC 9110 §8.3.2); other values are not.
  CHECK(quality("application/json;charset=UTF-8", "application/json;charset=utf-8") == 1.0);
  CHECK(quality("text/plain;format=Flowed", "text/plain;format=flowed") == 0.0);
  // An offer's own parameters do not stop a range without them from matching.
  CHECK(quality("application/json", "application/json; charset=utf-8") == 1.0);
  CHECK(negotiate("application/json;charset=utf-8",
                  {"text/plain", "application/json;charset=utf-8"}) ==
        "application/json;charset=utf-8");
}

TEST_CASE("negotiation: charset=utf-8 accepts JSON offers that name no charset") {
  // JSON is UTF-8 (RFC 8259 §8.1); clients often send the charset anyway.
  CHECK(quality("application/json;charset=utf-8", media_type::json) == 1.0);
  CHECK(quality("application/hal+json; charset=\"UTF-8\"", media_type::hal_json) == 1.0);
  CHECK(negotiate("application/json;charset=utf-8", {media_type::hal_json, media_type::json}) ==
        media_type::json);
  // Another charset, a JSON offer with another charset, or text that is not JSON: no.
  CHECK(quality("application/json;charset=iso-8859-1", media_type::json) == 0.0);
  CHECK(quality("application/json;charset=utf-8", "application/json;charset=utf-16") == 0.0);
  CHECK(quality("text/plain;charset=utf-8", "text/plain") == 0.0);
  CHECK(quality("application/json;charset=utf-8;v=1", media_type::json) == 0.0);
}

TEST_CASE("negotiation: q=0 excludes, even under a wildcard") {
  CHECK(negotiate("application/hal+json;q=0, */*", hal_then_json) == media_type::json);
  CHECK(negotiate("application/hal+json;q=0.000, application/json;q=0", hal_then_json) ==
        std::nullopt);
  CHECK_FALSE(negotiate("*/*;q=0", hal_then_json));
  CHECK_FALSE(negotiate("application/*;q=0, */*", hal_then_json));
}

TEST_CASE("negotiation: ties go to the server's order") {
  CHECK(negotiate("application/json, application/hal+json", hal_then_json) == media_type::hal_json);
  CHECK(negotiate("application/json, application/hal+json",
                  {media_type::json, media_type::hal_json}) == media_type::json);
  CHECK(negotiate("application/json;q=0.5, application/hal+json;q=0.5", hal_then_json) ==
        media_type::hal_json);
  CHECK(negotiate("application/json;q=0.8, application/hal+json;q=0.5", hal_then_json) ==
        media_type::json);
}

TEST_CASE("negotiation: the weight's grammar (RFC 9110 §12.4.2)") {
  CHECK(quality("application/json;q=0.123", media_type::json) == 0.123);
  CHECK(quality("application/json;Q=0.5", media_type::json) == 0.5);
  CHECK(quality("application/json ; q=0.5 ", media_type::json) == 0.5);
  CHECK(quality("application/json;q=1.000", media_type::json) == 1.0);
  CHECK(quality("application/json;q=1.", media_type::json) == 1.0);
  CHECK(quality("application/json;q=0.", media_type::json) == 0.0);
  // accept-ext after the weight is ignored, even one that looks like a parameter.
  CHECK(quality("application/json;q=0.5;ext=1;q=0.9", media_type::json) == 0.5);
  CHECK(quality("application/json;q=0.5;charset=x", "application/json;charset=y") == 0.5);
}

TEST_CASE("negotiation: a range with an invalid weight is ignored, the rest still counts") {
  for (const char* bad : {"q=2", "q=1.001", "q=0.0001", "q=-0.5", "q=.5", "q=abc", "q=\"0.5\"",
                          "q=0.5x", "q=1.5", "q=01", "q=0.1.1"}) {
    INFO(bad);
    const std::string accept =
        std::string("application/hal+json;") + bad + ", application/json;q=0.3";
    CHECK(negotiate(accept, hal_then_json) == media_type::json);
  }
}

TEST_CASE("negotiation: malformed elements are skipped, not fatal") {
  CHECK(negotiate("text/html;, @@@, application/json;q=0.5", hal_then_json) == media_type::json);
  CHECK(negotiate("application, application/json", hal_then_json) == media_type::json);
  // An unterminated quoted-string swallows the rest of the field.
  CHECK(negotiate("application/json, a/b;x=\"open, application/hal+json", hal_then_json) ==
        media_type::json);
  CHECK(negotiate("a/b;x=\"q,u\" junk, application/json", hal_then_json) == media_type::json);
  CHECK(negotiate("a/b;x=\"q,\x01\", application/json", hal_then_json) == media_type::json);
  CHECK(negotiate("application/json;charset, text/html", hal_then_json) == std::nullopt);
  // Quoted commas do not split elements.
  CHECK(negotiate(R"(text/html;x="a, application/json", text/plain)", hal_then_json) ==
        std::nullopt);
  // A field with no usable range is as good as none: the server's default.
  CHECK(negotiate("@@@", hal_then_json) == media_type::hal_json);
  CHECK(negotiate("application/json;q=7", hal_then_json) == media_type::hal_json);
}

TEST_CASE("negotiation: malformed offers are never chosen") {
  CHECK(negotiate("*/*", {"application", "application/json"}) == "application/json");
  CHECK_FALSE(negotiate("", {"", "a/b;c"}));
  CHECK(quality("*/*", "bad offer") == 0.0);
}

TEST_CASE("negotiation: typical browser and client Accept fields") {
  const std::string_view firefox =
      "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8";
  CHECK(negotiate(firefox, hal_then_json) == media_type::hal_json);
  CHECK(quality(firefox, media_type::hal_json) == 0.8);
  const std::string_view chrome =
      "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,"
      "*/*;q=0.8,application/signed-exchange;v=b3;q=0.7";
  CHECK(negotiate(chrome, hal_then_json) == media_type::hal_json);
  CHECK(negotiate("application/hal+json, application/json;q=0.9, */*;q=0.1", hal_then_json) ==
        media_type::hal_json);
  // axios's default: both offers get q=1, so the server's preference decides.
  CHECK(negotiate("application/json, text/plain, */*", hal_then_json) == media_type::hal_json);
  CHECK(negotiate("application/json, text/plain, */*;q=0.9", hal_then_json) == media_type::json);
}

TEST_CASE("negotiation: a 1 MiB Accept field is handled in one pass") {
  constexpr std::size_t mib = std::size_t{1} << 20;
  std::string accept;
  accept.reserve(mib + 64);
  std::size_t i = 0;
  while (accept.size() < mib) {
    accept += "text/x-" + std::to_string(i++) + ";level=1;q=0.5, ";
  }
  accept += "application/json;q=0.25";
  CHECK(negotiate(accept, hal_then_json) == media_type::json);
  CHECK(quality(accept, "text/x-7;level=1") == 0.5);

  // Pathological shapes: one huge element, separators only, an endless quoted-string.
  std::string params = "application/json";
  while (params.size() < mib)
    params += ";a=b";
  CHECK_FALSE(negotiate(params, hal_then_json));
  CHECK(negotiate(params, {"application/json;a=b"}) == "application/json;a=b");
  CHECK(negotiate(std::string(mib, ','), hal_then_json) == media_type::hal_json);
  CHECK(negotiate(std::string(mib, ';'), hal_then_json) == media_type::hal_json);
  CHECK(negotiate("a/b;x=\"" + std::string(mib, ','), hal_then_json) == media_type::hal_json);
  CHECK(negotiate(std::string(mib, '"'), hal_then_json) == media_type::hal_json);
  std::string bad_quotes;
  while (bad_quotes.size() < mib)
    bad_quotes += "a/b;x=\"\x01, ";
  CHECK(negotiate(bad_quotes + "application/json", hal_then_json) == media_type::json);
  CHECK(negotiate("a/b;x=\"" + std::string(mib, '\\'), hal_then_json) == media_type::hal_json);
  CHECK_FALSE(media_type::parse("text/plain;" + std::string(mib, ' ') + "x"));
}
