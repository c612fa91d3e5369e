// Prints the registry entries behind the status codes the API conventions use.
#include <envelope/http_status.hpp>

#include <cstdio>
#include <initializer_list>

int main() {
  using envelope::status;
  const auto conventions = {status::ok,
                            status::created,
                            status::accepted,
                            status::no_content,
                            status::bad_request,
                            status::unauthorized,
                            status::forbidden,
                            status::not_found,
                            status::method_not_allowed,
                            status::conflict,
                            status::content_too_large,
                            status::unprocessable_content,
                            status::too_many_requests,
                            status::internal_server_error,
                            status::not_implemented,
                            status::service_unavailable};
  std::printf("%-4s  %-24s  %-26s  %s\n", "code", "title", "content type", "defined in");
  for (status s : conventions) {
    const envelope::status_info* info = envelope::find_status(s);
    if (info == nullptr) return 1;
    const auto content_type =
        info->content_type.empty() ? std::string_view("(no body)") : info->content_type;
    std::printf("%-4d  %-24.*s  %-26.*s  %.*s\n", info->code, static_cast<int>(info->title.size()),
                info->title.data(), static_cast<int>(content_type.size()), content_type.data(),
                static_cast<int>(info->reference.size()), info->reference.data());
  }
  return 0;
}
