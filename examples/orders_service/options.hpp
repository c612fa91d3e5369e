#ifndef ORDERS_SERVICE_OPTIONS_HPP
#define ORDERS_SERVICE_OPTIONS_HPP

// The service's settings, and the command line that sets them.

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>

namespace orders {

struct service_options {
  std::string db = "orders.db";  // a SQLite file; ":memory:" keeps nothing
  std::string host = "127.0.0.1";
  int port = 8080;
  std::size_t body_limit = 65536;
  std::size_t rate_limit = 0;  // requests per rate_window and client; 0: no limit
  std::chrono::seconds rate_window{1};
  int stock = 100;
  std::size_t threads = 16;         // connections served at once (each holds a thread)
  std::chrono::seconds timeout{5};  // read, write and keep-alive idle timeout
  std::string write_token = "demo-write-token";
  std::string read_token = "demo-read-token";
  bool maintenance = false;
  bool enable_fault_routes = false;
};

extern const char* const usage;

// The options of the command line; nullopt after printing to stderr what is
// wrong with it.
std::optional<service_options> parse_arguments(int argc, char** argv);

}  // namespace orders

#endif  // ORDERS_SERVICE_OPTIONS_HPP
