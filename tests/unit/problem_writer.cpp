// envelope::dump(problem) writes the same bytes as to_json(p, options).dump(), which it
// bypasses.
#include <envelope/problem.hpp>

#include "catch.hpp"

#include <fstream>
#include <iterator>
#include <string>

namespace {

using envelope::problem;
using envelope::problem_options;
using envelope::validation_error;
using nlohmann::json;

void require_same_text(const problem& p) {
  for (const bool about_blank : {true, false}) {
    const problem_options options{about_blank};
    for (const int indent : {-1, 0, 2}) {
      INFO("indent " << indent << ", write_about_blank " << about_blank);
      REQUIRE(envelope::dump(p, options, indent) == envelope::to_json(p, options).dump(indent));
    }
  }
  REQUIRE(envelope::dump(p) == json(p).dump());
}

}  // namespace

TEST_CASE("dump(problem): every member, errors and extensions in name order") {
  problem p = problem::validation_failed(
      {validation_error::at("#/age", "must be positive").with("code", 12).with("zz", "\"q\""),
       validation_error::titled("invalid_type", ""), validation_error{}});
  p.with_instance("/x/1").with_type("https://t.example/v").with("AA", 1).with("traceId", "t");
  p.with("zz", json{{"deep", {1, 2}}}).with("errorz", nullptr).with("_", 1.5);
  require_same_text(p);
}

TEST_CASE("dump(problem): reserved names in extensions, and an untyped errors") {
  problem p;
  p.extensions = {{"title", "no"}, {"status", "no"}, {"errors", "kept when untyped"}, {"a", 1}};
  require_same_text(p);
  p.errors.push_back(validation_error::at("#/a", "b"));
  require_same_text(p);
  p.extensions = nullptr;
  require_same_text(p);
  validation_error e;
  e.extensions = {{"title", 1}, {"pointer", 2}, {"detail", 3}, {"other", 4}};
  p.errors.push_back(e);
  require_same_text(p);
}

TEST_CASE("dump(problem): about:blank, statuses and escaping") {
  require_same_text(problem());
  require_same_text(problem::from_status(404).with_detail("tab\there, \x01 and \xE2\x82\xAC"));
  require_same_text(problem().with_status(-7));
  REQUIRE_THROWS_AS(envelope::dump(problem().with_detail("\xFF")), json::type_error);
}

TEST_CASE("dump(problem): the test documents") {
  for (const char* name :
       {"conventions-validation.json", "out-of-credit.json", "validation-error.json"}) {
    std::ifstream in(std::string(ENVELOPE_TEST_DATA_DIR) + "/problem/" + name);
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    INFO(name);
    require_same_text(problem::parse(json::parse(text)));
  }
}
