// orders_service: the reference service of envelope's conventions. Prints the
// URL it listens on as its first line, then serves until SIGINT or SIGTERM.

#include "access_log.hpp"
#include "options.hpp"
#include "service.hpp"

#include <httplib.h>

#include <pthread.h>
#include <atomic>
#include <chrono>
#include <csignal>
#include <iostream>
#include <optional>
#include <string>
#include <string_view>
#include <thread>

int main(int argc, char** argv) {
  if (argc == 2 && (std::string_view(argv[1]) == "--help" || std::string_view(argv[1]) == "-h")) {
    std::cout << orders::usage;
    return 0;
  }
  const auto options = orders::parse_arguments(argc, argv);
  if (!options) return 2;

  // Blocked before any thread starts, so every thread inherits the mask and the
  // signals reach only the watcher's sigwait: no work in a signal handler.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  std::optional<orders::service> api;
  try {
    api.emplace(*options);
  } catch (const orders::store_error& e) {
    std::cerr << "orders_service: " << e.what() << '\n';
    return 1;
  }
  orders::access_log requests;  // outlives the server, whose threads write to it
  httplib::Server server;
  api->install(server);
  server.set_logger(
      [&requests](const httplib::Request& request, const httplib::Response& response) {
        requests.write(request.method + ' ' + request.path + ' ' + std::to_string(response.status));
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
