// nlohmann/json alone, the yardstick for the registry's compile cost.
#include <nlohmann/json.hpp>

int main() {
  return nlohmann::json::object().empty() ? 0 : 1;
}
