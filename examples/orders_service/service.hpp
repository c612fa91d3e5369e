#ifndef ORDERS_SERVICE_SERVICE_HPP
#define ORDERS_SERVICE_SERVICE_HPP

// The orders API: its routes, each answering with an envelope::response, and
// the rules they share (maintenance, rate limit, tokens). What no route
// answers, the body checks, negotiation and thrown exceptions are envelope's
// httplib_router's.

#include "options.hpp"
#include "order_store.hpp"
#include "rate_limiter.hpp"

#include <envelope/adapters/httplib.hpp>
#include <envelope/envelope.hpp>
#include <envelope/json_schema.hpp>

#include <httplib.h>

#include <optional>

namespace orders {

class service {
 public:
  // Opens the database; throws store_error when it cannot.
  explicit service(service_options options);

  // Routes the API on `server`, with envelope's conventions and defaults.
  void install(httplib::Server& server);

 private:
  enum class access { read, write };
  enum class caller { anonymous, reader, writer, invalid };
  using handler = envelope::response (service::*)(const httplib::Request&);

  // Maintenance and the rate limit, for every request, routed or not.
  // On a request it admits, it sets the RateLimit fields on `response`.
  std::optional<envelope::response> admit(const httplib::Request& request,
                                          httplib::Response& response);
  // Tokens, then the route's own answer.
  envelope::response respond(const httplib::Request& request, access needs, handler answer);
  [[nodiscard]] caller identify(const httplib::Request& request) const;

  envelope::response get_root(const httplib::Request& request);
  envelope::response list_orders(const httplib::Request& request);
  envelope::response create_order(const httplib::Request& request);
  envelope::response get_order(const httplib::Request& request);
  envelope::response get_order_deprecated(const httplib::Request& request);
  envelope::response delete_order(const httplib::Request& request);
  envelope::response ship_order(const httplib::Request& request);
  envelope::response get_invoice(const httplib::Request& request);
  envelope::response get_job(const httplib::Request& request);
  envelope::response get_relation(const httplib::Request& request);
  envelope::response fail(const httplib::Request& request);
  envelope::response slow(const httplib::Request& request);

  service_options options_;
  order_store store_;
  rate_limiter limiter_;
  envelope::response root_;
  envelope::json_schema order_schema_;  // the create body's shape, compiled once
  envelope::form_template create_template_;
  std::optional<envelope::adapters::httplib_router> router_;
};

}  // namespace orders

#endif  // ORDERS_SERVICE_SERVICE_HPP
