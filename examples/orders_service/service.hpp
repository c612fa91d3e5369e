#ifndef ORDERS_SERVICE_SERVICE_HPP
#define ORDERS_SERVICE_SERVICE_HPP

// The orders API: its routes, each answering with an envelope::response, and
// the rules every route shares (maintenance, rate limit, tokens, negotiation).

#include "order_store.hpp"
#include "rate_limiter.hpp"

#include <envelope/envelope.hpp>

#include <httplib.h>

#include <chrono>
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace orders {

struct service_options {
  std::string host = "127.0.0.1";
  int port = 8080;
  std::size_t body_limit = 65536;
  std::size_t rate_limit = 0;  // requests per rate_window and client; 0: no limit
  std::chrono::seconds rate_window{1};
  int stock = 100;
  std::string write_token = "demo-write-token";
  std::string read_token = "demo-read-token";
  bool maintenance = false;
  bool enable_fault_routes = false;
};

class service {
 public:
  explicit service(service_options options);

  // Registers the routes and the handlers for what no route answers.
  void install(httplib::Server& server);

 private:
  enum class access { read, write };
  enum class caller { anonymous, reader, writer, invalid };
  using handler = envelope::response (service::*)(const httplib::Request&);

  struct route {
    std::string method;
    std::string pattern;
    access needs;
    handler answer;
  };

  envelope::response respond(const httplib::Request& request, const route& r);
  envelope::response unrouted(const httplib::Request& request);
  [[nodiscard]] caller identify(const httplib::Request& request) const;
  [[nodiscard]] std::optional<envelope::response> authorize(const httplib::Request& request,
                                                            access needs) const;

  envelope::response get_root(const httplib::Request& request);
  envelope::response list_orders(const httplib::Request& request);
  envelope::response create_order(const httplib::Request& request);
  envelope::response get_order(const httplib::Request& request);
  envelope::response delete_order(const httplib::Request& request);
  envelope::response ship_order(const httplib::Request& request);
  envelope::response get_invoice(const httplib::Request& request);
  envelope::response get_job(const httplib::Request& request);
  envelope::response get_relation(const httplib::Request& request);
  envelope::response fail(const httplib::Request& request);

  service_options options_;
  order_store store_;
  rate_limiter limiter_;
  std::vector<route> routes_;
  std::vector<std::pair<std::string, std::vector<std::string>>> resources_;  // pattern, Allow
};

}  // namespace orders

#endif  // ORDERS_SERVICE_SERVICE_HPP
