#include <envelope/web_linking.hpp>

#include "catch.hpp"

#include <string>
#include <type_traits>
#include <vector>

using envelope::format_link_header;
using envelope::link_header_error;
using envelope::parse_link_header;
using envelope::web_link;

namespace {

static_assert(std::is_nothrow_move_constructible_v<web_link>);
static_assert(std::is_base_of_v<envelope::error, link_header_error>);
static_assert(std::is_base_of_v<std::runtime_error, link_header_error>);

std::size_t error_offset(std::string_view text) {
  try {
    (void)parse_link_header(text);
  } catch (const link_header_error& e) {
    return e.offset();
  }
  return static_cast<std::size_t>(-1);
}

}  // namespace

TEST_CASE("the examples of RFC 8288 section 3.5", "[web_linking]") {
  SECTION("a previous chapter with a title") {
    const auto links = parse_link_header(
        R"(<http://example.com/TheBook/chapter2>; rel="previous"; title="previous chapter")");
    REQUIRE(links.size() == 1);
    CHECK(links[0].target == "http://example.com/TheBook/chapter2");
    CHECK(links[0].rel == std::vector<std::string>{"previous"});
    CHECK(links[0].title == "previous chapter");
    CHECK(links[0].title_language.empty());
  }
  SECTION("an extension relation type") {
    const auto links = parse_link_header(R"(</>; rel="http://example.net/foo")");
    REQUIRE(links.size() == 1);
    CHECK(links[0].target == "/");
    CHECK(links[0].has_rel("http://example.net/foo"));
  }
  SECTION("an anchor") {
    const auto links = parse_link_header(R"(</terms>; rel="copyright"; anchor="#foo")");
    REQUIRE(links.size() == 1);
    CHECK(links[0].anchor == "#foo");
    CHECK(links[0].rel == std::vector<std::string>{"copyright"});
  }
  SECTION("two links with RFC 8187 titles in German") {
    const auto joined = parse_link_header(
        "</TheBook/chapter2>; rel=\"previous\"; title*=UTF-8'de'letztes%20Kapitel, "
        "</TheBook/chapter4>; rel=\"next\"; title*=UTF-8'de'n%c3%a4chstes%20Kapitel");
    REQUIRE(joined.size() == 2);
    CHECK(joined[0].title == "letztes Kapitel");
    CHECK(joined[0].title_language == "de");
    CHECK(joined[1].target == "/TheBook/chapter4");
    CHECK(joined[1].title ==
          "n\xc3\xa4"
          "chstes Kapitel");
    CHECK(joined[1].has_rel("next"));
  }
  SECTION("several relation types in one rel") {
    const auto links = parse_link_header(
        R"(<http://example.org/>; rel="start http://example.net/relation/other")");
    REQUIRE(links.size() == 1);
    CHECK(links[0].rel == std::vector<std::string>{"start", "http://example.net/relation/other"});
  }
  SECTION("two links in one field") {
    const auto links = parse_link_header(
        R"(<https://example.org/>; rel="start", <https://example.org/index>; rel="index")");
    REQUIRE(links.size() == 2);
    CHECK(links[0].has_rel("start"));
    CHECK(links[1].target == "https://example.org/index");
    CHECK(links[1].has_rel("index"));
  }
}

TEST_CASE("GitHub's paging Link field", "[web_linking]") {
  const std::string github =
      "<https://api.github.com/repositories/1300192/issues?page=2>; rel=\"prev\", "
      "<https://api.github.com/repositories/1300192/issues?page=4>; rel=\"next\", "
      "<https://api.github.com/repositories/1300192/issues?page=515>; rel=\"last\", "
      "<https://api.github.com/repositories/1300192/issues?page=1>; rel=\"first\"";
  const auto links = parse_link_header(github);
  REQUIRE(links.size() == 4);
  const web_link* next = envelope::find_web_link(links, "next");
  REQUIRE(next != nullptr);
  CHECK(next->target == "https://api.github.com/repositories/1300192/issues?page=4");
  CHECK(envelope::find_web_link(links, "LAST")->target.find("page=515") != std::string::npos);
  CHECK(envelope::find_web_link(links, "self") == nullptr);
  CHECK(format_link_header(links) == github);
}

TEST_CASE("what RFC 8288 says to ignore is ignored", "[web_linking]") {
  const auto links = parse_link_header(
      R"(</a>; REL=next; rel="prev"; title="one"; title="two"; type=text/html; )"
      R"(hreflang=en; hreflang="de"; rev=x; foo; media="screen"; media=print;, ,)");
  REQUIRE(links.size() == 1);
  CHECK(links[0].rel == std::vector<std::string>{"next"});
  CHECK(links[0].title == "one");
  CHECK(links[0].type == "text/html");
  CHECK(links[0].hreflang == std::vector<std::string>{"en", "de"});
  CHECK(links[0].media == "screen");
  REQUIRE(links[0].params.size() == 2);
  CHECK(links[0].params[0] == std::pair<std::string, std::string>{"rev", "x"});
  CHECK(*links[0].param("foo") == "");

  // An unknown charset in title* leaves title; ISO-8859-1 becomes UTF-8.
  CHECK(parse_link_header("</a>; rel=x; title=\"plain\"; title*=KOI8-R''%C1")[0].title == "plain");
  CHECK(parse_link_header("</a>; rel=x; title*=iso-8859-1'en'%A3%20rates")[0].title ==
        "\xc2\xa3 rates");
  CHECK(parse_link_header("</a>; rel=x; title*=UTF-8''%ff; title=\"t\"")[0].title == "t");
  CHECK(parse_link_header("").empty());
}

TEST_CASE("malformed Link fields say where", "[web_linking]") {
  CHECK(error_offset("a") == 0);
  CHECK(error_offset("</a; rel=x") == 0);
  CHECK(error_offset("</a>; rel=\"x") == 10);
  CHECK(error_offset("</a> rel=x") == 5);
  CHECK(error_offset("</a>; =x") == 6);
  CHECK(error_offset("</a>; rel=") == 10);
  CHECK(error_offset("</\x01>; rel=x") == 2);
  CHECK(error_offset("</a>; rel=\"a\x7f\"") == 12);
}

TEST_CASE("links are written quoted, escaped and RFC 8187-encoded", "[web_linking]") {
  web_link next("/orders?page=2", "next");
  CHECK(format_link_header({next}) == R"(</orders?page=2>; rel="next")");

  const auto doc = web_link("https://docs.example/v1", "deprecation")
                       .with_type("text/html")
                       .with_title(R"(say "v1" \ gone)")
                       .with_anchor("/v1/orders")
                       .with_param("x-custom", "two words");
  const std::string written = format_link_header({doc});
  CHECK(written == R"(<https://docs.example/v1>; rel="deprecation"; anchor="/v1/orders"; )"
                   R"(title="say \"v1\" \\ gone"; type="text/html"; x-custom="two words")");
  CHECK(parse_link_header(written) == std::vector<web_link>{doc});

  const auto german = web_link("/c4", "next")
                          .with_title(
                              "n\xc3\xa4"
                              "chstes Kapitel",
                              "de");
  const std::string encoded = format_link_header({german});
  CHECK(encoded == "</c4>; rel=\"next\"; title*=UTF-8'de'n%C3%A4chstes%20Kapitel");
  CHECK(parse_link_header(encoded) == std::vector<web_link>{german});
  const auto utf8_title = web_link("/c4", "next").with_title("caf\xc3\xa9");
  CHECK(format_link_header({utf8_title}) == "</c4>; rel=\"next\"; title*=UTF-8''caf%C3%A9");
  CHECK(parse_link_header(format_link_header({utf8_title}))[0] == utf8_title);

  web_link two("/x", "start");
  two.rel.push_back("http://example.net/relation/other");
  two.hreflang = {"en", "de-CH"};
  CHECK(parse_link_header(format_link_header({two, next})) == std::vector<web_link>{two, next});
}

TEST_CASE("what cannot be written is refused", "[web_linking]") {
  using envelope::argument_error;
  CHECK_THROWS_AS(format_link_header({}), argument_error);
  CHECK_THROWS_AS(format_link_header({web_link("/a\r\nX-Injected: 1", "next")}), argument_error);
  CHECK_THROWS_AS(format_link_header({web_link("/a>", "next")}), argument_error);
  CHECK_THROWS_AS(format_link_header({web_link("/caf\xc3\xa9", "next")}), argument_error);
  CHECK_THROWS_AS(format_link_header({web_link("/a", "")}), argument_error);
  web_link no_rel;
  no_rel.target = "/a";
  CHECK_THROWS_AS(format_link_header({no_rel}), argument_error);
  CHECK_THROWS_AS(format_link_header({web_link("/a", "next").with_title("a\nb")}), argument_error);
  CHECK_THROWS_AS(format_link_header({web_link("/a", "next").with_title("\xff")}), argument_error);
  CHECK_THROWS_AS(format_link_header({web_link("/a", "next").with_anchor("#\x01")}),
                  argument_error);
  CHECK_THROWS_AS(format_link_header({web_link("/a", "next").with_param("bad name", "v")}),
                  argument_error);
  CHECK_THROWS_AS(format_link_header({web_link("/a", "next").with_param("rel", "prev")}),
                  argument_error);
  CHECK_THROWS_AS(format_link_header({web_link("/a", "next").with_param("x", "\xc3\xa9")}),
                  argument_error);
  CHECK_THROWS_AS(format_link_header({web_link("/a", "next").with_param("x*", "a b")}),
                  argument_error);
}

TEST_CASE("the links of a response's Link fields", "[web_linking]") {
  envelope::response r;
  envelope::add_links(r, {web_link("/p/1", "prev")});
  envelope::add_links(r, {web_link("/p/3", "next"), web_link("/p/9", "last")});
  r.add_header("link", "</p/0>; rel=first");
  const auto links = envelope::links_of(r);
  REQUIRE(links.size() == 4);
  CHECK(links[0].has_rel("prev"));
  CHECK(links[3].target == "/p/0");
  r.add_header("Link", "broken");
  CHECK_THROWS_AS(envelope::links_of(r), link_header_error);
}

TEST_CASE("a long Link field parses in linear time", "[web_linking][size]") {
  std::string field;
  while (field.size() < (1u << 20))
    field += "</items?page=1>; rel=\"next\"; foo=bar, ";
  const auto links = parse_link_header(field);
  CHECK(links.size() > 20000);
  CHECK(format_link_header(links).size() + 2 == field.size());
}
