#include <envelope/uri_template.hpp>

#include "catch.hpp"

#include <algorithm>
#include <cstddef>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

using envelope::uri_template;
using envelope::uri_template_error;
using nlohmann::json;

namespace {

static_assert(std::is_nothrow_move_constructible_v<uri_template>);
static_assert(std::is_nothrow_move_assignable_v<uri_template>);
static_assert(std::is_copy_constructible_v<uri_template>);
static_assert(std::is_default_constructible_v<uri_template>);
static_assert(std::is_base_of_v<std::invalid_argument, uri_template_error>);
static_assert(std::is_base_of_v<envelope::error, uri_template_error>);
static_assert(!std::is_convertible_v<std::string_view, uri_template>);

// The variables of RFC 6570 §3.2, the values its examples expand.
const json& rfc_variables() {
  static const json vars = {
      {"count", {"one", "two", "three"}},
      {"dom", {"example", "com"}},
      {"dub", "me/too"},
      {"hello", "Hello World!"},
      {"half", "50%"},
      {"var", "value"},
      {"who", "fred"},
      {"base", "http://example.com/home/"},
      {"path", "/foo/bar"},
      {"list", {"red", "green", "blue"}},
      // nlohmann::json keeps object members sorted: comma, dot, semi.
      {"keys", {{"semi", ";"}, {"dot", "."}, {"comma", ","}}},
      {"v", "6"},
      {"x", "1024"},
      {"y", "768"},
      {"empty", ""},
      {"empty_keys", json::object()},
      {"undef", nullptr},
  };
  return vars;
}

std::string expand(std::string_view text, const json& vars = rfc_variables()) {
  return uri_template(text).expand(vars);
}

struct failure {
  bool thrown = false;
  std::size_t offset = 0;
  std::string message;
};

failure construction_failure(std::string_view text) {
  failure f;
  try {
    const uri_template t(text);
    static_cast<void>(t);
  } catch (const uri_template_error& e) {
    f = {true, e.offset(), e.what()};
  }
  return f;
}

failure expansion_failure(std::string_view text, const json& vars) {
  const uri_template t(text);
  failure f;
  try {
    static_cast<void>(t.expand(vars));
  } catch (const uri_template_error& e) {
    f = {true, e.offset(), e.what()};
  }
  return f;
}

bool contains(const std::string& haystack, std::string_view needle) {
  return haystack.find(needle) != std::string::npos;
}

}  // namespace

TEST_CASE("level 1: simple string expansion", "[uri_template]") {
  CHECK(expand("{var}") == "value");
  CHECK(expand("{hello}") == "Hello%20World%21");
  CHECK(expand("{half}") == "50%25");
  CHECK(expand("O{empty}X") == "OX");
  CHECK(expand("O{undef}X") == "OX");
  CHECK(expand("{x,y}") == "1024,768");
  CHECK(expand("{x,hello,y}") == "1024,Hello%20World%21,768");
  CHECK(expand("?{x,empty}") == "?1024,");
  CHECK(expand("?{x,undef}") == "?1024");
  CHECK(expand("?{undef,y}") == "?768");
  CHECK(expand("{var:3}") == "val");
  CHECK(expand("{var:30}") == "value");
  CHECK(expand("{list}") == "red,green,blue");
  CHECK(expand("{list*}") == "red,green,blue");
  CHECK(expand("{keys}") == "comma,%2C,dot,.,semi,%3B");
  CHECK(expand("{keys*}") == "comma=%2C,dot=.,semi=%3B");
  CHECK(expand("{dub}") == "me%2Ftoo");
}

TEST_CASE("level 2: reserved and fragment expansion", "[uri_template]") {
  CHECK(expand("{+var}") == "value");
  CHECK(expand("{+hello}") == "Hello%20World!");
  CHECK(expand("{+half}") == "50%25");
  CHECK(expand("{base}index") == "http%3A%2F%2Fexample.com%2Fhome%2Findex");
  CHECK(expand("{+base}index") == "http://example.com/home/index");
  CHECK(expand("O{+empty}X") == "OX");
  CHECK(expand("{+path}/here") == "/foo/bar/here");
  CHECK(expand("here?ref={+path}") == "here?ref=/foo/bar");
  CHECK(expand("up{+path}{var}/here") == "up/foo/barvalue/here");
  CHECK(expand("{+x,hello,y}") == "1024,Hello%20World!,768");
  CHECK(expand("{+path:6}/here") == "/foo/b/here");
  CHECK(expand("{+list*}") == "red,green,blue");
  CHECK(expand("{+keys}") == "comma,,,dot,.,semi,;");
  CHECK(expand("{+keys*}") == "comma=,,dot=.,semi=;");
  CHECK(expand("{#var}") == "#value");
  CHECK(expand("{#hello}") == "#Hello%20World!");
  CHECK(expand("{#half}") == "#50%25");
  CHECK(expand("foo{#empty}") == "foo#");
  CHECK(expand("foo{#undef}") == "foo");
  CHECK(expand("{#x,hello,y}") == "#1024,Hello%20World!,768");
  CHECK(expand("{#path:6}/here") == "#/foo/b/here");
  CHECK(expand("{#keys*}") == "#comma=,,dot=.,semi=;");
}

TEST_CASE("reserved expansion keeps pct-encoded triplets and nothing else", "[uri_template]") {
  const json vars = {{"id", "admin%2F"}, {"bad", "%zz%4"}, {"lower", "%2f"}};
  CHECK(expand("{+id}", vars) == "admin%2F");
  CHECK(expand("{#id}", vars) == "#admin%2F");
  CHECK(expand("{id}", vars) == "admin%252F");
  CHECK(expand("{+bad}", vars) == "%25zz%254");
  CHECK(expand("{+lower}", vars) == "%2f");
}

TEST_CASE("level 3: label, path, path-style and form-style", "[uri_template]") {
  CHECK(expand("{.who}") == ".fred");
  CHECK(expand("{.who,who}") == ".fred.fred");
  CHECK(expand("{.half,who}") == ".50%25.fred");
  CHECK(expand("www{.dom*}") == "www.example.com");
  CHECK(expand("X{.var}") == "X.value");
  CHECK(expand("X{.empty}") == "X.");
  CHECK(expand("X{.undef}") == "X");
  CHECK(expand("X{.list}") == "X.red,green,blue");
  CHECK(expand("X{.list*}") == "X.red.green.blue");
  CHECK(expand("X{.keys*}") == "X.comma=%2C.dot=..semi=%3B");
  CHECK(expand("X{.empty_keys}") == "X");

  CHECK(expand("{/who}") == "/fred");
  CHECK(expand("{/who,who}") == "/fred/fred");
  CHECK(expand("{/half,who}") == "/50%25/fred");
  CHECK(expand("{/who,dub}") == "/fred/me%2Ftoo");
  CHECK(expand("{/var,x}/here") == "/value/1024/here");
  CHECK(expand("{/var:1,var}") == "/v/value");
  CHECK(expand("{/list*}") == "/red/green/blue");
  CHECK(expand("{/list*,path:4}") == "/red/green/blue/%2Ffoo");
  CHECK(expand("{/keys*}") == "/comma=%2C/dot=./semi=%3B");

  CHECK(expand("{;who}") == ";who=fred");
  CHECK(expand("{;half}") == ";half=50%25");
  CHECK(expand("{;empty}") == ";empty");
  CHECK(expand("{;v,empty,who}") == ";v=6;empty;who=fred");
  CHECK(expand("{;v,bar,who}") == ";v=6;who=fred");
  CHECK(expand("{;x,y,undef}") == ";x=1024;y=768");
  CHECK(expand("{;hello:5}") == ";hello=Hello");
  CHECK(expand("{;list}") == ";list=red,green,blue");
  CHECK(expand("{;list*}") == ";list=red;list=green;list=blue");
  CHECK(expand("{;keys}") == ";keys=comma,%2C,dot,.,semi,%3B");
  CHECK(expand("{;keys*}") == ";comma=%2C;dot=.;semi=%3B");

  CHECK(expand("{?who}") == "?who=fred");
  CHECK(expand("{?half}") == "?half=50%25");
  CHECK(expand("{?x,y}") == "?x=1024&y=768");
  CHECK(expand("{?x,y,empty}") == "?x=1024&y=768&empty=");
  CHECK(expand("{?x,y,undef}") == "?x=1024&y=768");
  CHECK(expand("{?var:3}") == "?var=val");
  CHECK(expand("{?list}") == "?list=red,green,blue");
  CHECK(expand("{?list*}") == "?list=red&list=green&list=blue");
  CHECK(expand("{?keys}") == "?keys=comma,%2C,dot,.,semi,%3B");
  CHECK(expand("{?keys*}") == "?comma=%2C&dot=.&semi=%3B");

  CHECK(expand("{&who}") == "&who=fred");
  CHECK(expand("{&x,y,empty}") == "&x=1024&y=768&empty=");
  CHECK(expand("?fixed=yes{&x}") == "?fixed=yes&x=1024");
  CHECK(expand("{&var:3}") == "&var=val");
  CHECK(expand("{&list*}") == "&list=red&list=green&list=blue");
  CHECK(expand("{&keys*}") == "&comma=%2C&dot=.&semi=%3B");
}

TEST_CASE("empty members under explode use ifemp", "[uri_template]") {
  const json vars = {{"list", {"a", ""}}, {"keys", {{"k", ""}}}};
  CHECK(expand("{;list*}", vars) == ";list=a;list");
  CHECK(expand("{?list*}", vars) == "?list=a&list=");
  CHECK(expand("{;keys*}", vars) == ";k");
  CHECK(expand("{?keys*}", vars) == "?k=");
  CHECK(expand("{/keys*}", vars) == "/k=");
  CHECK(expand("{;list}", vars) == ";list=a,");
}

TEST_CASE("undefined values: null, empty list, empty object, only nulls", "[uri_template]") {
  const json vars = {{"n", nullptr},
                     {"l", json::array()},
                     {"o", json::object()},
                     {"ln", {nullptr, nullptr}},
                     {"on", {{"a", nullptr}}},
                     {"mixed", {nullptr, "x", nullptr, "y"}},
                     {"omixed", {{"a", nullptr}, {"b", "1"}}}};
  for (const char* op : {"", "+", "#", ".", "/", ";", "?", "&"}) {
    for (const char* name : {"n", "l", "o", "ln", "on", "missing"}) {
      const std::string text = std::string("{") + op + name + "}";
      INFO(text);
      CHECK(expand(text, vars).empty());
      CHECK(expand(std::string("{") + op + name + "*}", vars).empty());
    }
  }
  CHECK(expand("{mixed}", vars) == "x,y");
  CHECK(expand("{?mixed*}", vars) == "?mixed=x&mixed=y");
  CHECK(expand("{?omixed*}", vars) == "?b=1");
  CHECK(expand("{?n,mixed}", vars) == "?mixed=x,y");
  CHECK(expand("{var}", json()) == "");
  CHECK(expand("a{var}b", json::object()) == "ab");
}

TEST_CASE("numbers and booleans expand as their JSON text", "[uri_template]") {
  const json vars = {{"i", 42},    {"neg", -7},      {"u", 18446744073709551615ULL},
                     {"f", 37.76}, {"e", 1e300},     {"t", true},
                     {"b", false}, {"l", {1, true}}, {"o", {{"k", 2.5}}}};
  CHECK(expand("{i}", vars) == "42");
  CHECK(expand("{neg}", vars) == "-7");
  CHECK(expand("{u}", vars) == "18446744073709551615");
  CHECK(expand("{f}", vars) == "37.76");
  CHECK(expand("{e}", vars) == "1e%2B300");
  CHECK(expand("{+e}", vars) == "1e+300");
  CHECK(expand("{?t,b}", vars) == "?t=true&b=false");
  CHECK(expand("{t:2}", vars) == "tr");
  CHECK(expand("{i:1}", vars) == "4");
  CHECK(expand("{l}", vars) == "1,true");
  CHECK(expand("{?o*}", vars) == "?k=2.5");
}

TEST_CASE("prefix counts Unicode characters of UTF-8 text, not bytes", "[uri_template]") {
  const json vars = {{"greek", "αβγδε"},
                     {"currency", "€uro"},
                     {"clef", "𝄞stave"},
                     {"mixed", "aé€𝄞z"},
                     {"broken", std::string("\x80\x80"
                                            "ab\xC3")}};
  CHECK(expand("{greek:1}", vars) == "%CE%B1");
  CHECK(expand("{greek:2}", vars) == "%CE%B1%CE%B2");
  CHECK(expand("{+greek:2}", vars) == "%CE%B1%CE%B2");
  CHECK(expand("{greek:5}", vars) == "%CE%B1%CE%B2%CE%B3%CE%B4%CE%B5");
  CHECK(expand("{greek:9999}", vars) == expand("{greek}", vars));
  CHECK(expand("{currency:1}", vars) == "%E2%82%AC");
  CHECK(expand("{?currency:2}", vars) == "?currency=%E2%82%ACu");
  CHECK(expand("{clef:1}", vars) == "%F0%9D%84%9E");
  CHECK(expand("{clef:2}", vars) == "%F0%9D%84%9Es");
  CHECK(expand("{mixed:4}", vars) == "a%C3%A9%E2%82%AC%F0%9D%84%9E");
  // Invalid UTF-8 in a value never crashes: every byte is encoded, and a stray
  // continuation byte counts with the character before it.
  CHECK(expand("{broken}", vars) == "%80%80ab%C3");
  CHECK(expand("{broken:1}", vars) == "%80%80a");
}

TEST_CASE("literals: non-ASCII encoded, pct-encoded triplets kept", "[uri_template]") {
  CHECK(expand("café/{var}") == "caf%C3%A9/value");
  CHECK(expand("x%20y{var}z%2fw") == "x%20yvaluez%2fw");
  CHECK(expand("/€/𝄞") == "/%E2%82%AC/%F0%9D%84%9E");
  CHECK(expand("\xEE\x80\x80") == "%EE%80%80");  // U+E000, iprivate
  CHECK(expand("http://example.com/a;b=c?d=e&f#g[h]@!$'()*+,~") ==
        "http://example.com/a;b=c?d=e&f#g[h]@!$'()*+,~");
  CHECK(expand("") == "");
  CHECK(uri_template().expand(rfc_variables()).empty());
}

TEST_CASE("variable names: dots, digits, pct-encoded, looked up verbatim", "[uri_template]") {
  const json vars = {{"last.name", "Doe"}, {"42", "answer"}, {"Some%20Thing", "foo"}, {"a_b", "x"}};
  CHECK(expand("{last.name}", vars) == "Doe");
  CHECK(expand("{?42}", vars) == "?42=answer");
  CHECK(expand("{/Some%20Thing}", vars) == "/foo");
  CHECK(expand("{;a_b}", vars) == ";a_b=x");
}

TEST_CASE("variables() lists names in order of first appearance, once", "[uri_template]") {
  const uri_template t("/a{b}{?c,b,d*}{/e:3}{#c}{last.name}x{b}");
  CHECK(t.variables() == std::vector<std::string>{"b", "c", "d", "e", "last.name"});
  CHECK(uri_template("no/expressions").variables().empty());
  CHECK(uri_template().variables().empty());
}

TEST_CASE("malformed templates report the offset and what was wrong", "[uri_template]") {
  struct row {
    std::string_view text;
    std::size_t offset;
    std::string_view says;
  };
  const row rows[] = {
      {"{/id*", 0, "unclosed"},
      {"ab{", 2, "unclosed"},
      {"ab{var", 2, "unclosed"},
      {"ab{var,", 2, "unclosed"},
      {"ab{var:", 2, "unclosed"},
      {"ab{var:12", 2, "unclosed"},
      {"ab{var*", 2, "unclosed"},
      {"/id*}", 4, "'}' without a matching '{'"},
      {"{}", 1, "empty expression"},
      {"{+}", 2, "expected a variable name, found '}'"},
      {"{a,}", 3, "expected a variable name"},
      {"{,a}", 1, "reserved"},
      {"{=path}", 1, "reserved"},
      {"{!hello}", 1, "reserved"},
      {"{@a}", 1, "reserved"},
      {"{|var*}", 1, "reserved"},
      {"{$var}", 1, "expected a variable name, found '$'"},
      {"{/?id}", 2, "found '?'"},
      {"{??hello}", 2, "found '?'"},
      {"{with space}", 5, "found ' '"},
      {"{ leading}", 1, "found ' '"},
      {"{trailing }", 9, "found ' '"},
      {"/people/{~thing}", 9, "found '~'"},
      {"{a-b}", 2, "found '-'"},
      {"{x.}", 2, "ends with '.'"},
      {"{.x.}", 3, "ends with '.'"},
      {"{x..y}", 3, "'.' must separate"},
      {"{.x}", 1, ""},  // the operator, then a name: valid (checked below)
      {"{..x}", 2, "'.' must separate"},
      {"{%2x}", 1, "'%' not followed by two hex digits"},
      {"{a%}", 2, "'%' not followed"},
      {"{var:prefix}", 5, "expected a prefix length"},
      {"{var:}", 5, "expected a prefix length"},
      {"{var:0}", 5, "1 to 9999"},
      {"{var:01}", 5, "1 to 9999"},
      {"{var:10000}", 5, "1 to 9999"},
      {"{var:99999999999999999999999}", 5, "1 to 9999"},
      {"{hello:2*}", 8, "expected ',' or '}'"},
      {"{keys*?}", 6, "expected ',' or '}'"},
      {"{*keys}", 1, "found '*'"},
      {"{?empty=default,var}", 7, "found '='"},
      {"{a{b}}", 2, "found '{'"},
      {"a b", 1, "' '"},
      {"a\"b", 1, "'\"'"},
      {"a'b", 0, ""},  // see the literal table in the header
      {"a<b", 1, "'<'"},
      {"a>b", 1, "'>'"},
      {"a\\b", 1, "'\\'"},
      {"a^b", 1, "'^'"},
      {"a`b", 1, "'`'"},
      {"a|b", 1, "'|'"},
      {"a\tb", 1, "byte 0x09"},
      {std::string_view("a\0b", 3), 1, "byte 0x00"},
      {"a\x7F", 1, "byte 0x7F"},
      {"100%", 3, "'%' not followed"},
      {"%4g", 0, "'%' not followed"},
      {"ok\xC3", 2, "invalid UTF-8"},
      {"ok\xC3(", 2, "invalid UTF-8"},
      {"\xC0\xAF", 0, "invalid UTF-8"},      // overlong
      {"\xED\xA0\x80", 0, "invalid UTF-8"},  // surrogate
      {"\xF4\x90\x80\x80", 0, "invalid UTF-8"},
      {"\xC2\x85", 0, "U+0085"},  // C1 control, not a ucschar
      {"\xEF\xB7\x90", 0, "U+FDD0"},
      {"\xEF\xBF\xBE", 0, "U+FFFE"},
      {"\xF3\xA0\x80\x80", 0, "U+E0000"},
  };
  for (const row& r : rows) {
    INFO(r.text);
    const failure f = construction_failure(r.text);
    if (r.says.empty()) {
      CHECK_FALSE(f.thrown);
      continue;
    }
    REQUIRE(f.thrown);
    CHECK(f.offset == r.offset);
    CHECK(contains(f.message, r.says));
    CHECK(contains(f.message, "at offset " + std::to_string(r.offset)));
  }
}

TEST_CASE("values that cannot be expanded throw with the expression's offset", "[uri_template]") {
  const json vars = {{"list", {"a", "b"}},
                     {"keys", {{"k", "v"}}},
                     {"nested", {"a", {"b"}}},
                     {"deep", {{"k", {{"x", 1}}}}},
                     {"s", "x"}};
  SECTION("a prefix on a list or an associative array") {
    for (const char* text : {"{keys:1}", "{+keys:1}", "{;list:1}", "{?list:3}"}) {
      INFO(text);
      const failure f = expansion_failure(text, vars);
      REQUIRE(f.thrown);
      CHECK(f.offset == 0);
      CHECK(contains(f.message, "prefix"));
    }
    const failure f = expansion_failure("ab/{s}/{?s,keys:2}", vars);
    REQUIRE(f.thrown);
    CHECK(f.offset == 7);
    CHECK(contains(f.message, "'keys'"));
  }
  SECTION("a prefix on an undefined composite is simply skipped") {
    CHECK(expand("{?e:1}", json{{"e", json::array()}}).empty());
  }
  SECTION("a list or object nested inside a list or object") {
    for (const char* text : {"x{nested}", "x{?nested*}", "x{deep}", "x{/deep*}"}) {
      INFO(text);
      const failure f = expansion_failure(text, vars);
      REQUIRE(f.thrown);
      CHECK(f.offset == 1);
    }
  }
  SECTION("variables that are not an object") {
    const uri_template t("{x}");
    CHECK_THROWS_AS(t.expand(json::array({1})), std::invalid_argument);
    CHECK_THROWS_AS(t.expand(json("x")), envelope::argument_error);
    CHECK_THROWS_WITH(t.expand(json(1)),
                      "uri template: variables must be a JSON object, not number");
  }
}

TEST_CASE("every uri_template exception is an envelope::error", "[uri_template]") {
  SECTION("a malformed template: uri_template_error, with its offset") {
    bool caught = false;
    try {
      const uri_template t("ab{x");
      static_cast<void>(t);
    } catch (const envelope::error& e) {
      caught = true;
      CHECK(std::string(e.what()) ==
            "uri template: unclosed expression: '{' without a matching '}' at offset 2");
      const auto* specific = dynamic_cast<const uri_template_error*>(&e);
      REQUIRE(specific != nullptr);
      CHECK(specific->offset() == 2);
    }
    CHECK(caught);
  }
  SECTION("a value the template cannot expand: uri_template_error") {
    const uri_template t("{x:1}");
    CHECK_THROWS_AS(t.expand(json{{"x", json::array({"a"})}}), envelope::error);
  }
  SECTION("variables that are not an object: argument_error") {
    const uri_template t("{x}");
    CHECK_THROWS_AS(t.expand(json::array({1})), envelope::error);
  }
}

TEST_CASE("a regular value type", "[uri_template]") {
  const uri_template a("{?x,y}");
  uri_template b = a;
  CHECK(a == b);
  CHECK_FALSE(a != b);
  CHECK(b.source() == "{?x,y}");
  uri_template c(std::move(b));
  CHECK(c == a);
  CHECK(c.expand(rfc_variables()) == "?x=1024&y=768");
  uri_template d;
  CHECK(d != a);
  d = c;
  CHECK(d.expand(rfc_variables()) == "?x=1024&y=768");
  CHECK(uri_template("{x}") != uri_template("{y}"));
  CHECK(envelope::expand_uri_template("/u{/x}", rfc_variables()) == "/u/1024");
}

TEST_CASE("large templates construct and expand", "[uri_template]") {
  std::string text;
  std::string expected;
  for (int i = 0; i < 20000; ++i) {
    text += "/{v" + std::to_string(i % 100) + "}{?q}";
    expected += "/x?q=y";
  }
  json vars = {{"q", "y"}};
  for (int i = 0; i < 100; ++i)
    vars["v" + std::to_string(i)] = "x";
  const uri_template t(text);
  CHECK(t.expand(vars) == expected);
  CHECK(t.variables().size() == 101);

  // Around the size where expansion switches from one pass to two.
  for (std::size_t size = 500; size < 530; ++size) {
    const std::string value(size - 2, 'v');
    CHECK(expand("{?x}", json{{"x", value}}) == "?x=" + value);
    CHECK(expand("{x}{y}", json{{"x", value}, {"y", "é"}}) == value + "%C3%A9");
  }

  const std::string long_value(100000, 'a');
  CHECK(expand("{v:9999}", json{{"v", long_value}}).size() == 9999);
  CHECK(expand("{v}", json{{"v", std::string(100000, ' ')}}).size() == 300000);
}

TEST_CASE("every short template over a hostile alphabet either compiles or throws",
          "[uri_template]") {
  // Exhaustive over three characters: no input may crash, hang or throw anything else.
  const std::vector<std::string> alphabet = {"{", "}", "%", "2", ":", "*",    ",",    ".",
                                             "+", "?", "a", "=", " ", "\xC3", "\xA9", "\xF0"};
  const json vars = {{"a", {"x", "y"}}, {"2", "z"}, {"a.a", {{"k", "v"}}}};
  std::size_t compiled = 0;
  std::size_t rejected = 0;
  for (const auto& x : alphabet) {
    for (const auto& y : alphabet) {
      for (const auto& z : alphabet) {
        for (const std::string& text : {x + y + z, "{" + x + y + z + "}", "{a" + x + y + z}) {
          try {
            const uri_template t(text);
            ++compiled;
            try {
              static_cast<void>(t.expand(vars));
            } catch (const uri_template_error&) {
            }
          } catch (const uri_template_error& e) {
            ++rejected;
            CHECK(e.offset() < text.size());
          }
        }
      }
    }
  }
  CHECK(compiled + rejected == alphabet.size() * alphabet.size() * alphabet.size() * 3);
  CHECK(compiled > 0);
  CHECK(rejected > 0);
}

#ifdef ENVELOPE_URITEMPLATE_SUITE_DIR
namespace {

// One case of the uritemplate-test suite: the expected value is a string, a list
// of acceptable strings, or false when the template must be rejected.
bool run_suite_case(const std::string& text, const json& vars, const json& expected,
                    std::string& got) {
  try {
    got = uri_template(text).expand(vars);
  } catch (const uri_template_error& e) {
    got = std::string("uri_template_error: ") + e.what();
    return expected.is_boolean() && !expected.get<bool>();
  }
  if (expected.is_string()) return got == expected.get<std::string>();
  if (expected.is_array()) {
    return std::any_of(expected.begin(), expected.end(),
                       [&](const json& e) { return e.is_string() && e.get<std::string>() == got; });
  }
  return false;
}

}  // namespace

TEST_CASE("the uritemplate-test conformance suite", "[uri_template][conformance]") {
  const std::filesystem::path dir(ENVELOPE_URITEMPLATE_SUITE_DIR);
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() == ".json") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  REQUIRE(files.size() >= 4);

  std::size_t ran = 0;
  std::size_t passed = 0;
  for (const auto& file : files) {
    std::ifstream in(file);
    REQUIRE(in);
    const json suite = json::parse(in);
    for (auto group = suite.begin(); group != suite.end(); ++group) {
      const json& vars = group.value().at("variables");
      for (const json& test : group.value().at("testcases")) {
        const std::string text = test.at(0).get<std::string>();
        const json& expected = test.at(1);
        std::string got;
        const bool ok = run_suite_case(text, vars, expected, got);
        ++ran;
        if (ok) ++passed;
        INFO(file.filename().string() << " / " << group.key() << " / " << text);
        INFO("expected " << expected.dump() << ", got " << got);
        CHECK(ok);
      }
    }
  }
  std::cout << "uritemplate-test: " << passed << "/" << ran << " cases passed\n";
  CHECK(passed == ran);
  CHECK(ran >= 270);
}
#endif
