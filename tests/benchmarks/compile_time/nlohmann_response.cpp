// The yardstick for envelope_response.cpp: the same 201 body built by hand with
// nlohmann/json and dumped.
#include <nlohmann/json.hpp>

#include <string>

int main() {
  nlohmann::json order = {{"id", "ord-1042"}, {"status", "processing"}};
  order["_links"] = {{"self", {{"href", "/orders/1042"}}}};
  const std::string body = order.dump();
  return body.empty() ? 1 : 0;
}
