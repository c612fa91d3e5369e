#include <envelope/envelope.hpp>

int odr_b_value();

int main() {
  // Both units take the same inline entities; a stray non-inline definition in
  // a header fails the link, a differing one fails the comparison.
  const auto* info = envelope::find_status(404);
  return (info != nullptr && odr_b_value() == info->code) ? 0 : 1;
}
