#include <envelope/response.hpp>
#include <envelope/web_linking.hpp>

#include "catch.hpp"

#include <string>
#include <vector>

TEST_CASE("a page of paged_resource carries its paging links in a Link field", "[web_linking]") {
  const envelope::uri_template tpl("/orders{?page,size}");
  const auto page = envelope::paged_resource(tpl, {2, 10}, 45, {});
  envelope::response r = envelope::ok(page);
  envelope::add_links(r, envelope::paging_links(page));
  CHECK(r.header("Link") ==
        "</orders?page=0&size=10>; rel=\"first\", </orders?page=1&size=10>; rel=\"prev\", "
        "</orders?page=3&size=10>; rel=\"next\", </orders?page=4&size=10>; rel=\"last\"");

  // A client reads them back from the response, as from GitHub's.
  const auto links = envelope::links_of(r);
  REQUIRE(links.size() == 4);
  CHECK(envelope::find_web_link(links, "next")->target == page.find_link("next")->href);

  const auto first = envelope::paged_resource(tpl, {0, 10}, 5, {});
  const auto only = envelope::paging_links(first);
  REQUIRE(only.size() == 2);
  CHECK(only[0].has_rel("first"));
  CHECK(only[1].has_rel("last"));
}
