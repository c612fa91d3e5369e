// orders_service: the reference service of envelope's conventions. Prints the
// URL it listens on as its first line, then serves until SIGINT or SIGTERM.

#include "service.hpp"

#include <httplib.h>

#include <pthread.h>
#include <atomic>
#include <charconv>
#include <chrono>
#include <csignal>
#include <cstddef>
#include <iostream>
#include <optional>
#include <string>
#include <string_view>
#include <thread>

namespace {

constexpr const char* usage =
    "usage: orders_service [--host 127.0.0.1] [--port 8080] [--body-limit 65536]\n"
    "                      [--rate-limit N/SECONDS] [--stock 100]\n"
    "                      [--write-token demo-write-token] [--read-token demo-read-token]\n"
    "                      [--maintenance] [--enable-fault-routes]\n";

template <class Number>
std::optional<Number> number(std::string_view text) {
  Number value{};
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

// nullopt after printing what is wrong with the command line.
std::optional<orders::service_options> parse_arguments(int argc, char** argv) {
  orders::service_options options;
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
    if (flag == "--host") {
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

}  // namespace

int main(int argc, char** argv) {
  if (argc == 2 && (std::string_view(argv[1]) == "--help" || std::string_view(argv[1]) == "-h")) {
    std::cout << usage;
    return 0;
  }
  const auto options = parse_arguments(argc, argv);
  if (!options) return 2;

  // Blocked before any thread starts, so every thread inherits the mask and the
  // signals reach only the watcher's sigwait: no work in a signal handler.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  orders::service api(*options);
  httplib::Server server;
  api.install(server);
  server.set_logger([](const httplib::Request& request, const httplib::Response& response) {
    std::cerr << request.method << ' ' << request.path << ' ' << response.status << '\n';
  });

  const int port = options->port == 0 ? server.bind_to_any_port(options->host)
                   : server.bind_to_port(options->host, options->port) ? options->port
                                                                       : -1;
  if (port < 0) {
    std::cerr << "orders_service: cannot listen on " << options->host << ':' << options->port
              << '\n';
    return 1;
  }
  const bool ipv6 = options->host.find(':') != std::string::npos;
  std::cout << "http://" << (ipv6 ? "[" + options->host + "]" : options->host) << ':' << port
            << std::endl;

  std::atomic<bool> listening_ended{false};
  std::thread watcher([&] {
    int received = 0;
    sigwait(&stop_signals, &received);
    // A signal right after bind may come before listen_after_bind has started,
    // when stop() would do nothing; wait for it (or for its failure) first.
    while (!server.is_running() && !listening_ended)
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    server.stop();
  });
  const bool served = server.listen_after_bind();
  listening_ended = true;
  // Wakes the watcher when listening ended without a signal.
  pthread_kill(watcher.native_handle(), SIGTERM);
  watcher.join();
  return served ? 0 : 1;
}
