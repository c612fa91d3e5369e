#include "options.hpp"

#include <charconv>
#include <iostream>
#include <string_view>
#include <system_error>

namespace orders {

const char* const usage =
    "usage: orders_service [--db orders.db] [--host 127.0.0.1] [--port 8080]\n"
    "                      [--body-limit 65536] [--rate-limit N/SECONDS] [--stock 100]\n"
    "                      [--write-token demo-write-token] [--read-token demo-read-token]\n"
    "                      [--threads 16] [--timeout 5]\n"
    "                      [--maintenance] [--enable-fault-routes]\n"
    "  --db takes a file name or a SQLite URI (file:orders.db?mode=ro opens it read-only).\n";

namespace {

template <class Number>
std::optional<Number> number(std::string_view text) {
  Number value{};
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

}  // namespace

std::optional<service_options> parse_arguments(int argc, char** argv) {
  service_options options;
  for (int i = 1; i < argc; ++i) {
    const std::string_view flag = argv[i];
    if (flag == "--maintenance") {
      options.maintenance = true;
      continue;
    }
    if (flag == "--enable-fault-routes") {
      options.enable_fault_routes = true;
      continue;
    }
    if (i + 1 >= argc) {
      std::cerr << "orders_service: " << flag
                << (flag.rfind("--", 0) == 0 ? " needs a value\n" : " is not an option\n") << usage;
      return std::nullopt;
    }
    const std::string_view value = argv[++i];
    bool valid = true;
    if (flag == "--db") {
      options.db = std::string(value);
      valid = !value.empty();
    } else if (flag == "--host") {
      options.host = std::string(value);
      valid = !value.empty();
    } else if (flag == "--port") {
      const auto port = number<int>(value);
      valid = port && *port >= 0 && *port <= 65535;
      if (valid) options.port = *port;
    } else if (flag == "--body-limit") {
      const auto limit = number<std::size_t>(value);
      valid = limit && *limit > 0;
      if (valid) options.body_limit = *limit;
    } else if (flag == "--rate-limit") {
      const auto slash = value.find('/');
      const auto count = number<std::size_t>(value.substr(0, slash));
      // A plain long, not an optional: gcc 12 at -O2 reports a maybe-uninitialized
      // optional here (a false positive that -Werror turns into a failure).
      const long seconds =
          slash == std::string_view::npos ? 0 : number<long>(value.substr(slash + 1)).value_or(0);
      valid = count && *count > 0 && seconds > 0;
      if (valid) {
        options.rate_limit = *count;
        options.rate_window = std::chrono::seconds(seconds);
      }
    } else if (flag == "--stock") {
      const auto stock = number<int>(value);
      valid = stock && *stock >= 0;
      if (valid) options.stock = *stock;
    } else if (flag == "--threads") {
      const auto threads = number<std::size_t>(value);
      valid = threads && *threads > 0 && *threads <= 1024;
      if (valid) options.threads = *threads;
    } else if (flag == "--timeout") {
      const auto seconds = number<long>(value);
      valid = seconds && *seconds > 0 && *seconds <= 3600;
      if (valid) options.timeout = std::chrono::seconds(*seconds);
    } else if (flag == "--write-token") {
      options.write_token = std::string(value);
      valid = !value.empty();
    } else if (flag == "--read-token") {
      options.read_token = std::string(value);
      valid = !value.empty();
    } else {
      std::cerr << "orders_service: unknown option " << flag << '\n' << usage;
      return std::nullopt;
    }
    if (!valid) {
      std::cerr << "orders_service: " << flag << ": invalid value \"" << value << "\"\n" << usage;
      return std::nullopt;
    }
  }
  if (options.read_token == options.write_token) {
    std::cerr << "orders_service: the read and write tokens must differ\n";
    return std::nullopt;
  }
  return options;
}

}  // namespace orders
