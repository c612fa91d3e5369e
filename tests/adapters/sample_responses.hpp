// The responses both loopback tests serve, built by hand so that the adapters'
// tests depend on message.hpp, authentication.hpp and http_date.hpp alone (no
// nlohmann/json), and the helpers that check what arrived.
#ifndef ENVELOPE_TESTS_ADAPTERS_SAMPLE_RESPONSES_HPP
#define ENVELOPE_TESTS_ADAPTERS_SAMPLE_RESPONSES_HPP

#include <envelope/authentication.hpp>
#include <envelope/detail/ascii.hpp>
#include <envelope/http_date.hpp>
#include <envelope/message.hpp>

#include <chrono>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace envelope_test {

struct sample {
  std::string path;
  envelope::response response;
};

inline envelope::response with_fields(int status,
                                      std::vector<std::pair<std::string, std::string>> fields,
                                      std::string body = {}) {
  envelope::response r;
  r.status = status;
  for (auto& field : fields)
    r.add_header(std::move(field.first), std::move(field.second));
  r.body = std::move(body);
  return r;
}

inline std::string problem_body(int status, std::string_view title) {
  return R"({"type":"about:blank","title":")" + std::string(title) + R"(","status":)" +
         std::to_string(status) + "}";
}

inline std::vector<sample> samples() {
  const std::string hal = "application/hal+json";
  const std::string problem = "application/problem+json";
  std::vector<sample> all;
  all.push_back({"/ok", with_fields(200, {{"Content-Type", hal}},
                                    R"({"_links":{"self":{"href":"/orders/1"}},"total":30})")});
  all.push_back({"/created", with_fields(201, {{"Content-Type", hal}, {"Location", "/orders/2"}},
                                         R"({"_links":{"self":{"href":"/orders/2"}},"total":0})")});
  all.push_back({"/no-content", with_fields(204, {})});
  all.push_back(
      {"/method-not-allowed", with_fields(405, {{"Content-Type", problem}, {"Allow", "GET, HEAD"}},
                                          problem_body(405, "Method Not Allowed"))});
  all.push_back(
      {"/unauthorized",
       with_fields(401,
                   {{"Content-Type", problem},
                    {"WWW-Authenticate", envelope::challenge::bearer("orders")
                                             .with_error("invalid_token", "the \"token\" expired")
                                             .to_string()}},
                   problem_body(401, "Unauthorized"))});
  all.push_back(
      {"/too-many-requests",
       with_fields(429,
                   {{"Content-Type", problem},
                    {"Retry-After", envelope::retry_after(std::chrono::seconds(120)).value()}},
                   problem_body(429, "Too Many Requests"))});
  all.push_back({"/two-links", with_fields(200,
                                           {{"Content-Type", hal},
                                            {"Link", "</orders?page=2>; rel=\"next\""},
                                            {"Vary", "Accept"},
                                            {"Link", "</orders?page=9>; rel=\"last\""}},
                                           R"({"_links":{"self":{"href":"/orders"}}})")});
  all.push_back({"/unprocessable", with_fields(422, {{"Content-Type", problem}},
                                               problem_body(422, "Unprocessable Content"))});
  return all;
}

// The values of every field named `name` (case-insensitively), in order.
template <class Fields>
std::vector<std::string> values_of(const Fields& fields, std::string_view name) {
  std::vector<std::string> values;
  for (const auto& field : fields) {
    if (envelope::detail::iequals(field.first, name)) values.emplace_back(field.second);
  }
  return values;
}

}  // namespace envelope_test

#endif
