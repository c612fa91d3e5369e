// Hostile inputs of a chosen size, shared by the [size] cases of
// tests/unit/*_hardening.cpp (which check every answer at one large size) and
// the scaling probe (which counts the instructions of the same workloads at two sizes).
#ifndef ENVELOPE_TESTS_SIZE_INPUTS_HPP
#define ENVELOPE_TESTS_SIZE_INPUTS_HPP

#include <envelope/hal.hpp>
#include <envelope/problem.hpp>

#include <nlohmann/json.hpp>

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace size_inputs {

// {"_links": {"item": [{"href": "/items/0", "name": "n"}, ...]}}
inline nlohmann::json links_document(std::size_t count) {
  nlohmann::json items = nlohmann::json::array();
  for (std::size_t i = 0; i < count; ++i) {
    items.push_back({{"href", "/items/" + std::to_string(i)}, {"name", "n"}});
  }
  return {{"_links", {{"item", std::move(items)}}}};
}

// count resources {"id": i}, to embed under one relation.
inline std::vector<envelope::resource> embedded_children(std::size_t count) {
  std::vector<envelope::resource> children;
  children.reserve(count);
  for (std::size_t i = 0; i < count; ++i) {
    children.push_back(envelope::resource(nlohmann::json{{"id", i}}));
  }
  return children;
}

// Relations "a:0" ... "a:<count-1>" and no curie that declares "a".
inline envelope::resource compact_relations(std::size_t count) {
  nlohmann::json links = nlohmann::json::object();
  for (std::size_t i = 0; i < count; ++i) {
    links["a:" + std::to_string(i)] = {{"href", "/x"}};
  }
  return envelope::resource::parse(nlohmann::json{{"_links", std::move(links)}});
}

// count curies c<i>, each used by one relation "c<i>:x", and a self link.
inline nlohmann::json curies_document(std::size_t count) {
  nlohmann::json curies = nlohmann::json::array();
  nlohmann::json links = nlohmann::json::object();
  for (std::size_t i = 0; i < count; ++i) {
    const std::string name = "c" + std::to_string(i);
    curies.push_back({{"name", name}, {"href", "/rels/{rel}"}, {"templated", true}});
    links[name + ":x"] = {{"href", "/x"}};
  }
  links["curies"] = std::move(curies);
  links["self"] = {{"href", "/"}};
  return {{"_links", std::move(links)}};
}

// "/{v0}{?v0,same}/{v1}{?v1,same}..." with v<i> = i and same = "s".
struct template_input {
  std::string text;
  nlohmann::json variables = nlohmann::json::object();
};

inline template_input template_of(std::size_t expressions) {
  template_input in;
  for (std::size_t i = 0; i < expressions; ++i) {
    const std::string name = "v" + std::to_string(i);
    in.text += "/{" + name + "}{?" + name + ",same}";
    in.variables[name] = i;
  }
  in.variables["same"] = "s";
  return in;
}

// Accept headers of at least `bytes` bytes, each hostile in its own way; every
// one ends in (or is) a range for application/problem+json.
struct accept_headers {
  std::string many_ranges;      // "text/plain;q=0.5, " repeated, the match last
  std::string many_parameters;  // one range with ";a=b" repeated
  std::string many_commas;      // empty elements, then the match
  std::string unterminated;     // a quoted string that never closes
  std::string malformed;        // each element fails at a different place
};

inline std::string repeat_until(std::string text, std::string_view piece, std::size_t bytes) {
  while (text.size() < bytes)
    text += piece;
  return text;
}

inline accept_headers accepts_of(std::size_t bytes) {
  accept_headers a;
  a.many_ranges = repeat_until("", "text/plain;q=0.5, ", bytes) + "application/problem+json;q=0.9";
  a.many_parameters = repeat_until("application/problem+json", ";a=b", bytes);
  a.many_commas = std::string(bytes, ',') + "application/problem+json";
  a.unterminated = "x/y;p=\"" + std::string(bytes, 'a') + ", application/problem+json";
  a.malformed =
      repeat_until("", "a, /b, c/, d/e;, f/g;=h, i/j;k, ", bytes) + "application/problem+json";
  return a;
}

// "text/plain" with the quoted-pair parameter ;charset="a\"b" repeated.
inline std::string content_type_of(std::size_t bytes) {
  return repeat_until("text/plain", ";charset=\"a\\\"b\"", bytes);
}

// A 400 problem with count validation errors and count extensions ext<i> = i.
inline nlohmann::json problem_document(std::size_t count) {
  nlohmann::json errors = nlohmann::json::array();
  nlohmann::json document = {{"title", "Bad Request"}, {"status", 400}};
  for (std::size_t i = 0; i < count; ++i) {
    errors.push_back({{"detail", "d"}, {"pointer", "#/" + std::to_string(i)}});
    document["ext" + std::to_string(i)] = i;
  }
  document["errors"] = std::move(errors);
  return document;
}

// A 400 problem with count extensions ext<i> = i, built by code.
inline envelope::problem problem_with_extensions(std::size_t count) {
  envelope::problem p = envelope::problem::from_status(400);
  for (std::size_t i = 0; i < count; ++i) {
    p.extensions["ext" + std::to_string(i)] = i;
  }
  return p;
}

}  // namespace size_inputs

#endif  // ENVELOPE_TESTS_SIZE_INPUTS_HPP
