// paged_resource's bounds and numbering (docs/paging.md): what is the client's
// error, 0- and 1-based pages, and page_request from any integer type.
#include <envelope/response.hpp>

#include "catch.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace envelope_paging_tests {

using envelope::page_request;
using envelope::paging_options;
using envelope::problem_exception;
using envelope::resource;
using nlohmann::json;

namespace {

const envelope::uri_template orders("/orders{?page,size}");

// The problem paged_resource throws for these arguments, as its JSON.
json problem_of(page_request page, std::size_t total, const paging_options& options = {}) {
  try {
    (void)envelope::paged_resource(orders, page, total, {}, "orders", json::object(), options);
  } catch (const problem_exception& e) {
    return json(e.details());
  }
  FAIL("no problem_exception");
  return nullptr;
}

std::vector<std::string> rels(const resource& r) {
  std::vector<std::string> names;
  for (const auto& relation : r.links())
    names.push_back(relation.rel);
  return names;
}

}  // namespace

TEST_CASE("page_request takes int variables without narrowing", "[response][paging]") {
  const int page = 2;
  const int size = 10;
  const page_request from_int{page, size};
  CHECK(from_int.number == 2);
  CHECK(from_int.size == 10);
  const long long big = 3;
  const unsigned short small = 4;
  CHECK(page_request{big, small} == page_request{std::size_t{3}, std::size_t{4}});
  CHECK(page_request{} == page_request{0, 20});
  CHECK(page_request{1, 20} != page_request{0, 20});
  // Still usable in place: paged_resource(t, {page, size}, ...).
  const resource r = envelope::paged_resource(orders, {page, size}, 45, {});
  CHECK(r.find_link("self")->href == "/orders?page=2&size=10");
}

TEST_CASE("a negative page or size is the client's error", "[response][paging]") {
  const int minus_one = -1;
  try {
    (void)page_request{minus_one, 10};
    FAIL("no exception");
  } catch (const problem_exception& e) {
    const json p = json(e.details());
    CHECK(p["status"] == 400);
    CHECK(p["errors"] ==
          json::array({{{"title", "too_small"},
                        {"detail", "`query.page` is `-1`, but at least `0` is expected."}}}));
  }
  const std::int64_t minus_five = -5;
  try {
    (void)page_request{0, minus_five};
    FAIL("no exception");
  } catch (const problem_exception& e) {
    CHECK(json(e.details())["errors"][0]["detail"] ==
          "`query.size` is `-5`, but at least `1` is expected.");
  }
}

TEST_CASE("a size of 0 or above the maximum is a 400, not a 500", "[response][paging]") {
  const json zero = problem_of({0, 0}, 3);
  CHECK(zero["status"] == 400);
  CHECK(zero["title"] == "Bad Request");
  CHECK(zero["errors"] ==
        json::array({{{"title", "too_small"},
                      {"detail", "`query.size` is `0`, but at least `1` is expected."}}}));

  const json huge = problem_of({0, 1001}, 3);
  CHECK(huge["status"] == 400);
  CHECK(huge["errors"][0]["title"] == "too_big");
  CHECK(huge["errors"][0]["detail"] == "`query.size` is `1001`, but at most `1000` is expected.");

  paging_options small;
  small.max_size = 50;
  CHECK(problem_of({0, 51}, 3, small)["errors"][0]["detail"] ==
        "`query.size` is `51`, but at most `50` is expected.");
  CHECK_NOTHROW(envelope::paged_resource(orders, {0, 50}, 3, {}, "items", json::object(), small));
}

TEST_CASE("a page past the last is a 400 naming the last page", "[response][paging]") {
  const json past = problem_of({3, 10}, 25);
  CHECK(past["status"] == 400);
  CHECK(past["errors"] ==
        json::array({{{"title", "too_big"},
                      {"detail", "`query.page` is `3`, but at most `2` is expected."}}}));
  // Page 1 of a one-page collection: the case a reader counting from 1 hits.
  CHECK(problem_of({1, 20}, 5)["errors"][0]["detail"] ==
        "`query.page` is `1`, but at most `0` is expected.");
  // The first page of an empty collection exists, with no items and no next.
  const resource empty = envelope::paged_resource(orders, {0, 10}, 0, {}, "orders");
  CHECK(rels(empty) == std::vector<std::string>{"self", "first", "last"});
  CHECK(empty.state()["page"] ==
        json{{"size", 10}, {"totalElements", 0}, {"totalPages", 0}, {"number", 0}});
  CHECK(problem_of({1, 10}, 0)["status"] == 400);
}

TEST_CASE("pages count from 1 when the service says so", "[response][paging]") {
  paging_options one_based;
  one_based.first_page = 1;
  const auto page = [&](std::size_t number) {
    return envelope::paged_resource(orders, {number, std::size_t{10}}, 25, {}, "orders",
                                    json::object(), one_based);
  };
  const resource first = page(1);
  CHECK(rels(first) == std::vector<std::string>{"self", "first", "next", "last"});
  CHECK(first.find_link("first")->href == "/orders?page=1&size=10");
  CHECK(first.find_link("next")->href == "/orders?page=2&size=10");
  CHECK(first.find_link("last")->href == "/orders?page=3&size=10");
  CHECK(first.state()["page"]["number"] == 1);
  CHECK(first.state()["page"]["totalPages"] == 3);

  const resource last = page(3);
  CHECK(rels(last) == std::vector<std::string>{"self", "first", "prev", "last"});
  CHECK(last.find_link("prev")->href == "/orders?page=2&size=10");

  CHECK(problem_of({0, 10}, 25, one_based)["errors"][0]["detail"] ==
        "`query.page` is `0`, but at least `1` is expected.");
  CHECK(problem_of({4, 10}, 25, one_based)["errors"][0]["detail"] ==
        "`query.page` is `4`, but at most `3` is expected.");
  // An empty collection's only page is page 1.
  CHECK(envelope::paged_resource(orders, {1, 10}, 0, {}, "orders", json::object(), one_based)
            .find_link("last")
            ->href == "/orders?page=1&size=10");
}

TEST_CASE("paging_options outside 0/1 or a maximum of 0 are the service's mistake",
          "[response][paging]") {
  paging_options two;
  two.first_page = 2;
  CHECK_THROWS_AS(envelope::paged_resource(orders, {2, 10}, 5, {}, "items", json::object(), two),
                  envelope::response_error);
  paging_options none;
  none.max_size = 0;
  CHECK_THROWS_AS(envelope::paged_resource(orders, {0, 10}, 5, {}, "items", json::object(), none),
                  envelope::response_error);
  CHECK(paging_options{} == paging_options{0, 1000});
}

}  // namespace envelope_paging_tests
