// Runs one workload of the [size] cases in tests/unit/*_hardening.cpp at a size given on the
// command line, with callgrind's collection switched on around the workload
// alone (inputs are built before it). run.sh runs this at two sizes and
// compares the instruction counts. Outside valgrind the markers do nothing.
//
// Usage: envelope_scaling_probe WORKLOAD SIZE
#include <envelope/hal.hpp>
#include <envelope/media_type.hpp>
#include <envelope/problem.hpp>
#include <envelope/uri_template.hpp>

#include "size_inputs.hpp"

#include <valgrind/callgrind.h>

#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <map>
#include <string>
#include <string_view>

namespace {

// Where each workload leaves a number derived from its result, so the
// optimizer cannot drop the work; printed at the end.
std::size_t sink = 0;

using workload = std::function<void()>;

// Builds the input for `size` and returns the work to count.
using factory = std::function<workload(std::size_t size)>;

const std::map<std::string_view, factory>& workloads() {
  static const std::map<std::string_view, factory> all = {
      {"links",
       [](std::size_t n) -> workload {
         return [text = size_inputs::links_document(n).dump()] {
           const envelope::resource r = envelope::resource::parse(nlohmann::json::parse(text));
           const nlohmann::json written = r;
           sink += written.dump().size() + envelope::validate_hal(written).size();
         };
       }},
      {"embedded",
       [](std::size_t n) -> workload {
         return [children = size_inputs::embedded_children(n)] {
           envelope::resource r;
           r.set_embedded("items", children);
           const nlohmann::json written = r;
           sink += envelope::resource::parse(written).find_all_embedded("items").size() +
                   envelope::validate_hal(written).size();
         };
       }},
      {"find_link",
       [](std::size_t n) -> workload {
         return [r = size_inputs::compact_relations(n)] {
           sink += r.find_link("b:missing") == nullptr ? 1U : 0U;
           sink += r.find_link("a:0") != nullptr ? 1U : 0U;
         };
       }},
      {"curies",
       [](std::size_t n) -> workload {
         return [document = size_inputs::curies_document(n)] {
           sink += envelope::validate_hal(document).size() + 1;
         };
       }},
      {"uri_template",
       [](std::size_t n) -> workload {
         return [in = size_inputs::template_of(n)] {
           const envelope::uri_template t(in.text);
           sink += t.variables().size() + t.expand(in.variables).size();
         };
       }},
      {"accept",
       [](std::size_t n) -> workload {
         return [a = size_inputs::accepts_of(n)] {
           static constexpr std::string_view offers[] = {"application/hal+json",
                                                         "application/problem+json", "text/html"};
           const std::vector<std::string_view> offered(std::begin(offers), std::end(offers));
           for (const std::string* header : {&a.many_ranges, &a.many_parameters, &a.many_commas,
                                             &a.unterminated, &a.malformed}) {
             sink += envelope::negotiate(*header, offered).has_value() ? 1U : 0U;
           }
         };
       }},
      {"content_type",
       [](std::size_t n) -> workload {
         return [text = size_inputs::content_type_of(n)] {
           sink += envelope::media_type::parse(text)->parameters.size();
         };
       }},
      {"problem",
       [](std::size_t n) -> workload {
         return [document = size_inputs::problem_document(n)] {
           const envelope::problem p = envelope::problem::parse(document);
           const nlohmann::json written = p;
           sink += envelope::problem::parse(written).errors.size() +
                   envelope::validate_problem(document).size();
         };
       }},
      {"problem_xml",
       [](std::size_t n) -> workload {
         return
             [p = size_inputs::problem_with_extensions(n)] { sink += envelope::to_xml(p).size(); };
       }},
  };
  return all;
}

}  // namespace

int main(int argc, char** argv) {
  const auto& all = workloads();
  if (argc == 2 && std::string_view(argv[1]) == "--list") {
    for (const auto& [name, make] : all)
      std::printf("%.*s\n", static_cast<int>(name.size()), name.data());
    return 0;
  }
  const auto found = argc == 3 ? all.find(argv[1]) : all.end();
  char* end = nullptr;
  const unsigned long size = argc == 3 ? std::strtoul(argv[2], &end, 10) : 0;
  if (found == all.end() || end == argv[2] || *end != '\0' || size == 0) {
    std::fprintf(stderr, "usage: %s --list | WORKLOAD SIZE   (SIZE a positive integer)\n", argv[0]);
    return 2;
  }
  const workload work = found->second(size);
  CALLGRIND_TOGGLE_COLLECT;
  work();
  CALLGRIND_TOGGLE_COLLECT;
  std::printf("%zu\n", sink);
  return 0;
}
