#include <envelope/envelope.hpp>

int odr_b_value() {
  const auto* info = envelope::find_status(404);
  return info != nullptr ? info->code : -1;
}
