// The registry alone, as a service that only needs status codes would use it.
#include <envelope/http_status.hpp>

int main() {
  return envelope::find_status(404)->code == 404 ? 0 : 1;
}
