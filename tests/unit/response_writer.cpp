// make_response writes its bodies with envelope::dump: the same bytes as the
// nlohmann::json the resource or problem converts to, compact and pretty.
#include <envelope/response.hpp>

#include "catch.hpp"

#include <string>
#include <vector>

namespace {

using nlohmann::json;

envelope::resource order() {
  envelope::resource r({{"id", "ord-1"}, {"total", 9.5}, {"note", "caf\xC3\xA9 \"x\""}});
  r.add_curie("acme", "https://docs.example/{rel}");
  r.set_link("self", "/orders/1");
  r.set_link("acme:items", envelope::link("/orders/1/items{?page}").with_templated());
  r.add_embedded("acme:item", envelope::resource({{"n", 1}}).set_link("self", "/i/1"));
  return r;
}

}  // namespace

TEST_CASE("make_response: a resource's body is json(resource).dump()") {
  envelope::response_options pretty;
  pretty.pretty = true;
  REQUIRE(envelope::make_response(200, order()).body == json(order()).dump());
  REQUIRE(envelope::make_response(200, order(), pretty).body == json(order()).dump(2));
  REQUIRE(envelope::created(order()).body == json(order()).dump());
}

TEST_CASE("make_response: a problem's body is to_json(problem).dump()") {
  const envelope::problem p =
      envelope::problem::validation_failed({envelope::validation_error::at("#/a", "bad")})
          .with("traceId", "t-1");
  envelope::response_options options;
  REQUIRE(envelope::make_response(p).body == json(p).dump());
  options.write_about_blank = false;
  REQUIRE(envelope::make_response(p, options).body ==
          envelope::to_json(p, envelope::problem_options{false}).dump());
  options.pretty = true;
  REQUIRE(envelope::make_response(p, options).body ==
          envelope::to_json(p, envelope::problem_options{false}).dump(2));
  const std::vector<envelope::validation_error> errors = {
      envelope::validation_error::titled("invalid_type", "age must be a number")};
  REQUIRE(envelope::bad_request(errors).body ==
          json(envelope::problem::validation_failed(errors)).dump());
}
