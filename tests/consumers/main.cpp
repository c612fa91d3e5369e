#include <envelope/envelope.hpp>

#include <cstdio>
#include <string_view>

int main() {
  const envelope::status_info* info = envelope::find_status(422);
  if (info == nullptr || info->title != std::string_view("Unprocessable Content")) {
    std::puts("envelope::find_status(422) is wrong");
    return 1;
  }
  std::printf("%d %.*s (envelope %d.%d.%d)\n", info->code, static_cast<int>(info->title.size()),
              info->title.data(), ENVELOPE_VERSION_MAJOR, ENVELOPE_VERSION_MINOR,
              ENVELOPE_VERSION_PATCH);
  return 0;
}
