// envelope::dump(resource) writes the same bytes as nlohmann::json(r).dump(), which it
// bypasses: every shape of relation, member order, escaping, indentation, and the
// documents of the round-trip corpus.
#include <envelope/hal.hpp>

#include "catch.hpp"

#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>
#include <vector>

namespace envelope_tests {

using envelope::link;
using envelope::resource;
using nlohmann::json;

namespace {

void require_same_text(const resource& r) {
  for (const int indent : {-1, 0, 2, 4}) {
    INFO("indent " << indent);
    REQUIRE(envelope::dump(r, indent) == json(r).dump(indent));
  }
}

std::string every_byte_but_nul_and_invalid() {
  std::string text;
  for (int c = 1; c < 0x80; ++c)
    text += static_cast<char>(c);
  return text + "\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80\xED\x9F\xBF\xEF\xBF\xBF\xF4\x8F\xBF\xBF";
}

}  // namespace

TEST_CASE("dump(resource): relations sort by name whatever order they were set in") {
  resource r({{"zeta", 1}, {"Alpha", {1, 2.5, nullptr}}, {"_private", "x"}, {"id", "a"}});
  r.set_link("self", "/a");
  r.add_link("item", "/i/1");
  r.add_link("item", link("/i/2").with_name("two").with_hreflang("en"));
  r.set_links("none", {});
  r.add_curie("acme", "https://docs.example/{rel}");
  r.set_link("acme:widgets", link("/w{?q}").with_templated().with_type("application/hal+json"));
  r.set_link("Zed", link("/z").with_deprecation("https://d.example").with_profile("p"));
  r.set_embedded("single", resource({{"k", "v"}}).set_link("self", "/s"));
  r.set_embedded("empty", std::vector<resource>{});
  r.add_embedded("many", resource());
  r.add_embedded("many", resource({{"n", 2}}).add_link("up", "/a"));
  require_same_text(r);
}

TEST_CASE("dump(resource): state members sort around _embedded and _links") {
  for (const char* name : {"A", "Z", "_", "_a", "_embedded0", "_f", "_linksz", "_m", "a", "~"}) {
    INFO(name);
    resource r(json{{name, true}});
    require_same_text(r);
    r.set_link("self", "/x");
    require_same_text(r);
    r.set_embedded("e", resource());
    require_same_text(r);
  }
}

TEST_CASE("dump(resource): extension members merge with the standard ones") {
  link l("/x");
  l.extensions = {{"aaa", 1},   {"href", "ignored"}, {"hreflang", 3}, {"templated", "yes"},
                  {"type", {}}, {"zzz", {{"n", 1}}}, {"name", 2}};
  l.name = "named";
  resource r;
  r.set_link("a", l);
  require_same_text(r);
  l.templated = true;
  r.set_link("b", l);
  require_same_text(r);
  l.extensions = json::object();
  r.set_link("c", l);
  l.extensions = nullptr;
  r.set_link("d", l);
  require_same_text(r);
}

TEST_CASE("dump(resource): strings are escaped as nlohmann escapes them") {
  const std::string text = every_byte_but_nul_and_invalid();
  resource r(json{{text, text}});
  r.set_link(text, link(text).with_title(text).with_name("\x7F\"\\/"));
  r.set_embedded(text, resource(json{{"k", text}}));
  require_same_text(r);
}

TEST_CASE("dump(resource): text that is not UTF-8 fails as dump fails") {
  for (const char* bad : {"\xFF", "\xC0\xAF", "\xE0\x80\xAF", "\xED\xA0\x80", "\xF4\x90\x80\x80",
                          "\xC3", "\xF0\x9F\x98", "a\x80"}) {
    INFO(json::binary_t(std::vector<std::uint8_t>(bad, bad + std::char_traits<char>::length(bad)))
             .size());
    resource r;
    r.set_link("self", std::string(bad));
    REQUIRE_THROWS_AS(json(r).dump(), json::type_error);
    REQUIRE_THROWS_AS(envelope::dump(r), json::type_error);
    resource keyed;
    keyed.set_link(bad, "/x");
    REQUIRE_THROWS_AS(envelope::dump(keyed), json::type_error);
  }
}

TEST_CASE("dump(resource): reserved members put into the state are not written") {
  resource r;
  r.state()["_links"] = "hidden";
  r.state()["_embedded"] = 1;
  r.state()["id"] = 7;
  require_same_text(r);
  r.set_link("self", "/x");
  r.set_embedded("e", resource());
  require_same_text(r);
}

TEST_CASE("dump(resource): a state that is not an object is refused") {
  resource r;
  r.state() = json::array();
  REQUIRE_THROWS_AS(envelope::dump(r), std::invalid_argument);
}

TEST_CASE("dump(resource): the round-trip corpus and many relations") {
  namespace fs = std::filesystem;
  std::size_t documents = 0;
  for (const auto& entry :
       fs::directory_iterator(fs::path(ENVELOPE_TEST_DATA_DIR) / "hal" / "good")) {
    std::ifstream in(entry.path());
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    INFO(entry.path().string());
    require_same_text(resource::parse(json::parse(text)));
    ++documents;
  }
  REQUIRE(documents > 0);
  resource many;
  for (int i = 99; i >= 0; --i)
    many.set_link("rel" + std::to_string(i), "/" + std::to_string(i));
  require_same_text(many);
}

}  // namespace envelope_tests
