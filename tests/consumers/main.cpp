#include <envelope/envelope.hpp>

#include <cstdio>
#include <string_view>

int main() {
  const envelope::status_info* info = envelope::find_status(422);
  if (info == nullptr || info->title != std::string_view("Unprocessable Content")) {
    std::puts("envelope::find_status(422) is wrong");
    return 1;
  }
  // A builder as well: in the separately compiled mode it lives in the library,
  // so a missing or mislinked library fails the link here.
  const envelope::response r = envelope::not_found("no order 7");
  if (r.status != 404 || r.header("Content-Type") != "application/problem+json" ||
      r.body.find("no order 7") == std::string::npos) {
    std::puts("envelope::not_found() is wrong");
    return 1;
  }
  std::printf("%d %.*s (envelope %d.%d.%d)\n", info->code, static_cast<int>(info->title.size()),
              info->title.data(), ENVELOPE_VERSION_MAJOR, ENVELOPE_VERSION_MINOR,
              ENVELOPE_VERSION_PATCH);
  return 0;
}
