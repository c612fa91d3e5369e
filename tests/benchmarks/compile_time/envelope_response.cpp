// What a service's handler compiles: the umbrella header and one response built
// from a resource.
#include <envelope/envelope.hpp>

int main() {
  envelope::resource order({{"id", "ord-1042"}, {"status", "processing"}});
  order.set_link("self", "/orders/1042");
  const envelope::response r = envelope::created(order);
  return r.body.empty() ? 1 : 0;
}
