#include "service.hpp"

#include <envelope/adapters/httplib.hpp>

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <exception>
#include <iostream>
#include <iterator>
#include <map>
#include <optional>
#include <regex>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace orders {
namespace {

constexpr const char* realm = "orders";
constexpr std::size_t default_page_size = 20;
constexpr std::size_t max_page_size = 100;
constexpr int max_quantity = 1000;

// What each of our own relations means, served at /docs/rels/{rel} (the curie's target).
const std::map<std::string, std::string, std::less<>>& relation_docs() {
  static const std::map<std::string, std::string, std::less<>> docs = {
      {"shipments", "POST here to ship the order; the answer is 202 with a status monitor."},
      {"invoice", "The order's invoice (not implemented yet: 501)."},
      {"result", "What a finished job produced."},
  };
  return docs;
}

std::string order_path(std::uint64_t id) {
  return "/orders/" + std::to_string(id);
}

envelope::resource order_resource(const order& o) {
  envelope::resource r(
      {{"id", o.id}, {"item", o.item}, {"quantity", o.quantity}, {"status", o.status}});
  r.set_link("self", order_path(o.id));
  r.set_link("collection", "/orders");
  r.set_link("ord:shipments", order_path(o.id) + "/shipments");
  r.set_link("ord:invoice", order_path(o.id) + "/invoice");
  return r;
}

// The curie belongs on each document's root; embedded resources are in its scope.
envelope::resource documented(envelope::resource r) {
  r.add_curie("ord", "/docs/rels/{rel}");
  return r;
}

envelope::resource job_resource(const job& j) {
  envelope::resource r({{"id", j.id}, {"status", j.done ? "done" : "pending"}});
  r.set_link("self", "/jobs/" + std::to_string(j.id));
  if (j.done) r.set_link("ord:result", order_path(j.order_id));
  return documented(std::move(r));
}

// The {id} of a route; nullopt for digits that do not fit, which no order has.
std::optional<std::uint64_t> path_id(const httplib::Request& request) {
  const std::string text = request.matches[1];
  std::uint64_t id = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return id;
}

envelope::response no_order(std::uint64_t id) {
  return envelope::not_found("There is no order " + std::to_string(id) + ".");
}

envelope::validation_error failed(std::string kind, std::string pointer, std::string what) {
  auto e = envelope::validation_error::titled(std::move(kind), std::move(what));
  e.pointer = std::move(pointer);
  return e;
}

// The conventions' wording: "`body.item` is `undefined`, but `string` is expected."
envelope::validation_error wrong_type(const std::string& member, const nlohmann::json* value,
                                      std::string_view expected) {
  const std::string got = value == nullptr ? "undefined" : value->type_name();
  return failed(
      "invalid_type", "/" + member,
      "`body." + member + "` is `" + got + "`, but `" + std::string(expected) + "` is expected.");
}

struct order_request {
  std::string item;
  int quantity = 0;
};

// The schema: {"item": non-empty string, "quantity": integer 1..1000}.
std::variant<order_request, std::vector<envelope::validation_error>> read_order(
    const nlohmann::json& body) {
  std::vector<envelope::validation_error> errors;
  if (!body.is_object()) {
    errors.push_back(
        failed("invalid_type", "",
               std::string("`body` is `") + body.type_name() + "`, but `object` is expected."));
    return errors;
  }
  order_request out;
  const auto item = body.find("item");
  if (item == body.end() || !item->is_string()) {
    errors.push_back(wrong_type("item", item == body.end() ? nullptr : &*item, "string"));
  } else if (item->get_ref<const std::string&>().empty()) {
    errors.push_back(failed("too_small", "/item", "`body.item` must not be empty."));
  } else {
    out.item = item->get<std::string>();
  }
  const auto quantity = body.find("quantity");
  if (quantity == body.end() || !quantity->is_number_integer()) {
    errors.push_back(
        wrong_type("quantity", quantity == body.end() ? nullptr : &*quantity, "integer"));
  } else if (*quantity < 1) {
    errors.push_back(failed("too_small", "/quantity", "`body.quantity` must be at least 1."));
  } else if (*quantity > max_quantity) {
    errors.push_back(
        failed("too_big", "/quantity",
               "`body.quantity` must be at most " + std::to_string(max_quantity) + "."));
  } else {
    out.quantity = quantity->get<int>();
  }
  if (!errors.empty()) return errors;
  return out;
}

// A query parameter as a count; nullopt when it is not one.
std::optional<std::size_t> query_number(const httplib::Request& request, const char* name,
                                        std::size_t fallback) {
  if (!request.has_param(name)) return fallback;
  const std::string text = request.get_param_value(name);
  std::size_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc() || end != text.data() + text.size()) {
    return std::nullopt;
  }
  return value;
}

envelope::response problem_for_own_error(const httplib::Request& request, int status,
                                         std::size_t body_limit) {
  // httplib routes only the methods it knows and answers any other (TRACE, a
  // made-up one) with 400; RFC 9110 §15.6.2 makes that a 501.
  static constexpr std::string_view routed[] = {"GET",    "HEAD",    "POST", "PUT",
                                                "DELETE", "OPTIONS", "PATCH"};
  if (status == 400 && !request.method.empty() &&
      std::find(std::begin(routed), std::end(routed), request.method) == std::end(routed)) {
    return envelope::not_implemented("This service does not implement the method " +
                                     request.method + ".");
  }
  // httplib 0.11.4 reads a POST, PUT or PATCH body only by its Content-Length
  // (or chunked) and answers 400 without one: say what to send instead.
  if (status == 400 && !request.has_header("Content-Length") &&
      !request.has_header("Transfer-Encoding") &&
      (request.method == "POST" || request.method == "PUT" || request.method == "PATCH")) {
    return envelope::error_response(
        411, "A " + request.method + " needs Content-Length, 0 when there is no body.");
  }
  switch (status) {
    case 413:
      return envelope::content_too_large(std::nullopt,
                                         "The body is larger than this service's limit of " +
                                             std::to_string(body_limit) + " bytes.");
    case 404:
      return envelope::not_found("There is no resource at this URI.");
    case 400:
      return envelope::error_response(400, "The request is not a well-formed HTTP request.");
    default:
      return envelope::error_response(status, "The server could not process the request.");
  }
}

}  // namespace

service::service(service_options options)
    : options_(std::move(options)), limiter_(options_.rate_limit, options_.rate_window) {
  routes_ = {
      {"GET", "/", access::read, &service::get_root},
      {"GET", "/orders", access::read, &service::list_orders},
      {"POST", "/orders", access::write, &service::create_order},
      {"GET", R"(/orders/(\d+))", access::read, &service::get_order},
      {"DELETE", R"(/orders/(\d+))", access::write, &service::delete_order},
      {"POST", R"(/orders/(\d+)/shipments)", access::write, &service::ship_order},
      {"GET", R"(/orders/(\d+)/invoice)", access::read, &service::get_invoice},
      {"GET", R"(/jobs/(\d+))", access::read, &service::get_job},
      {"GET", R"(/docs/rels/([a-z]+))", access::read, &service::get_relation},
  };
  if (options_.enable_fault_routes) {
    routes_.push_back({"GET", "/debug/fail", access::read, &service::fail});
  }
  // Allow per resource (RFC 9110 §10.2.1); httplib answers HEAD with the GET handler.
  for (const route& r : routes_) {
    auto it = resources_.begin();
    while (it != resources_.end() && it->first != r.pattern)
      ++it;
    if (it == resources_.end()) it = resources_.insert(it, {r.pattern, {}});
    it->second.push_back(r.method);
    if (r.method == "GET") it->second.push_back("HEAD");
  }
}

void service::install(httplib::Server& server) {
  for (const route& r : routes_) {
    auto answer = [this, &r](const httplib::Request& request, httplib::Response& response) {
      envelope::adapters::to_httplib(respond(request, r), response);
    };
    if (r.method == "GET") server.Get(r.pattern, answer);
    if (r.method == "POST") server.Post(r.pattern, answer);
    if (r.method == "DELETE") server.Delete(r.pattern, answer);
  }
  // Registered last, so they see only what no route matched: 404 or 405 as problems.
  const auto fallback = [this](const httplib::Request& request, httplib::Response& response) {
    static const route any{"", ".*", access::read, &service::unrouted};
    envelope::adapters::to_httplib(respond(request, any), response);
  };
  server.Get(".*", fallback);
  server.Post(".*", fallback);
  server.Put(".*", fallback);
  server.Patch(".*", fallback);
  server.Delete(".*", fallback);
  server.Options(".*", fallback);

  // httplib's own refusals (a body past the payload limit, a malformed request)
  // come with an empty body; ours always carry problem details.
  const std::size_t limit = options_.body_limit;
  server.set_error_handler(httplib::Server::HandlerWithResponse(
      [limit](const httplib::Request& request, httplib::Response& response) {
        if (!response.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
        envelope::adapters::to_httplib(problem_for_own_error(request, response.status, limit),
                                       response);
        return httplib::Server::HandlerResponse::Handled;
      }));
  // Internal text goes to the log, never to the client (RFC 9457 §5).
  server.set_exception_handler(
      [](const httplib::Request& request, httplib::Response& response, std::exception_ptr error) {
        try {
          std::rethrow_exception(error);
        } catch (const std::exception& e) {
          std::cerr << request.method << ' ' << request.path << ": " << e.what() << '\n';
        } catch (...) {
          std::cerr << request.method << ' ' << request.path << ": unknown exception\n";
        }
        response.headers.clear();
        response.body.clear();
        envelope::adapters::to_httplib(
            envelope::error_response(500, "The server failed to complete the request."), response);
      });
  server.set_payload_max_length(options_.body_limit);
}

// The rules every route shares, in order: maintenance, rate limit, token, then
// the route's own answer, offered as HAL or JSON as the client accepts.
envelope::response service::respond(const httplib::Request& request, const route& r) {
  if (options_.maintenance) {
    return envelope::service_unavailable(std::chrono::seconds(60),
                                         "The service is down for maintenance.");
  }
  const caller who = identify(request);
  const bool known = who == caller::reader || who == caller::writer;
  const std::string client = known ? "token " + request.get_header_value("Authorization")
                                   : "address " + request.remote_addr;
  if (const auto wait = limiter_.admit(client)) {
    return envelope::too_many_requests(
        *wait, "More than " + std::to_string(options_.rate_limit) + " requests in " +
                   std::to_string(options_.rate_window.count()) + " seconds.");
  }
  if (auto refusal = authorize(request, r.needs)) return std::move(*refusal);
  const std::string accept = envelope::adapters::accept_header(request);
  // A change is refused before it is made when its answer could not be sent.
  if (r.needs == access::write) {
    if (auto refusal = envelope::check_acceptable(accept)) return std::move(*refusal);
  }
  return envelope::negotiate_response((this->*r.answer)(request), accept);
}

envelope::response service::unrouted(const httplib::Request& request) {
  for (const auto& [pattern, methods] : resources_) {
    if (std::regex_match(request.path, std::regex(pattern))) {
      return envelope::method_not_allowed(methods, request.method + " is not supported here.");
    }
  }
  return envelope::not_found("There is no resource at this URI.");
}

service::caller service::identify(const httplib::Request& request) const {
  if (!request.has_header("Authorization")) return caller::anonymous;
  const std::string& value = request.get_header_value("Authorization");
  // RFC 6750 §2.1: "Bearer" SP token; the scheme is case-insensitive (RFC 9110 §11.1).
  const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; };
  std::string scheme = value.substr(0, 7);
  for (char& c : scheme)
    c = lower(c);
  if (scheme != "bearer ") return caller::invalid;
  const std::string token = value.substr(7);
  if (token == options_.write_token) return caller::writer;
  if (token == options_.read_token) return caller::reader;
  return caller::invalid;
}

// Reads are open to anyone; a token that is sent must be valid. Writes need the
// write token (RFC 6750 §3.1 for the error codes).
std::optional<envelope::response> service::authorize(const httplib::Request& request,
                                                     access needs) const {
  const caller who = identify(request);
  if (who == caller::invalid) {
    return envelope::unauthorized(envelope::challenge::bearer(realm).with_error("invalid_token"),
                                  "The access token is not valid.");
  }
  if (needs == access::read || who == caller::writer) return std::nullopt;
  if (who == caller::reader) {
    return envelope::insufficient_scope("write", realm,
                                        "This token may read orders but not change them.");
  }
  return envelope::unauthorized(envelope::challenge::bearer(realm),
                                "Changing orders needs the write token as a Bearer token.");
}

envelope::response service::get_root(const httplib::Request&) {
  envelope::resource root({{"name", "orders"}});
  root.set_link("self", "/");
  root.set_link("orders", envelope::link("/orders{?page,size}").with_templated());
  return envelope::ok(documented(std::move(root)));
}

envelope::response service::list_orders(const httplib::Request& request) {
  const auto page = query_number(request, "page", 0);
  const auto size = query_number(request, "size", default_page_size);
  std::vector<envelope::validation_error> errors;
  if (!page) {
    errors.push_back(envelope::validation_error::titled(
        "invalid_type", "`query.page` is not a non-negative integer."));
  }
  if (!size) {
    errors.push_back(envelope::validation_error::titled(
        "invalid_type", "`query.size` is not a non-negative integer."));
  } else if (*size < 1 || *size > max_page_size) {
    errors.push_back(envelope::validation_error::titled(
        *size < 1 ? "too_small" : "too_big",
        "`query.size` must be between 1 and " + std::to_string(max_page_size) + "."));
  }
  if (!errors.empty()) return envelope::bad_request(std::move(errors));
  // Far past the end there is nothing to show; the links still lead back.
  const std::size_t number = std::min<std::size_t>(*page, 1000000000);
  auto [orders, total] = store_.page(number, *size);
  std::vector<envelope::resource> items;
  items.reserve(orders.size());
  for (const order& o : orders)
    items.push_back(order_resource(o));
  static const envelope::uri_template pages("/orders{?page,size}");
  return envelope::ok(documented(
      envelope::paged_resource(pages, {number, *size}, total, std::move(items), "orders")));
}

envelope::response service::create_order(const httplib::Request& request) {
  if (request.body.size() > options_.body_limit) {
    return envelope::content_too_large(std::nullopt,
                                       "The body is larger than this service's limit of " +
                                           std::to_string(options_.body_limit) + " bytes.");
  }
  const auto type = envelope::media_type::parse(request.get_header_value("Content-Type"));
  if (!type || !type->is_json()) {
    return envelope::unsupported_media_type({std::string(envelope::media_type::json)},
                                            "The body must be JSON (application/json).");
  }
  nlohmann::json body;
  try {
    body = envelope::parse_request_json(request.body);
  } catch (const envelope::problem_exception& e) {
    return envelope::make_response(e.details());
  }
  auto checked = read_order(body);
  if (auto* errors = std::get_if<std::vector<envelope::validation_error>>(&checked)) {
    return envelope::bad_request(std::move(*errors));
  }
  auto& wanted = std::get<order_request>(checked);
  if (wanted.quantity > options_.stock) {
    return envelope::unprocessable_content(
        {envelope::validation_error::titled(
            "insufficient_stock", "`body.quantity` is " + std::to_string(wanted.quantity) +
                                      ", but only " + std::to_string(options_.stock) +
                                      " are in stock.")},
        "Only " + std::to_string(options_.stock) + " of each item are in stock.");
  }
  std::optional<std::string> key;
  if (request.has_header("Idempotency-Key")) key = request.get_header_value("Idempotency-Key");
  const auto result = store_.create(std::move(wanted.item), wanted.quantity, body, key);
  switch (result.outcome) {
    case create_outcome::key_conflict:
      return envelope::conflict(
          "This Idempotency-Key was used before with a different request body.");
    case create_outcome::key_order_gone:
      return envelope::conflict(
          "The order created with this Idempotency-Key has since been deleted.");
    case create_outcome::created:
    case create_outcome::replayed:
      break;
  }
  return envelope::created_or_ok(result.outcome == create_outcome::created,
                                 documented(order_resource(result.created)));
}

envelope::response service::get_order(const httplib::Request& request) {
  const auto id = path_id(request);
  const auto found = id ? store_.find(*id) : std::nullopt;
  if (!found) return no_order(id.value_or(0));
  return envelope::ok(documented(order_resource(*found)));
}

envelope::response service::delete_order(const httplib::Request& request) {
  const auto id = path_id(request);
  switch (id ? store_.remove(*id) : change_outcome::missing) {
    case change_outcome::done:
      return envelope::no_content();
    case change_outcome::missing:
      return no_order(id.value_or(0));
    case change_outcome::shipping:
      return envelope::conflict("The order is being shipped and can no longer be deleted.");
    case change_outcome::shipped:
      return envelope::conflict("The order has been shipped and can no longer be deleted.");
  }
  throw std::logic_error("delete_order: unhandled outcome");
}

envelope::response service::ship_order(const httplib::Request& request) {
  const auto id = path_id(request);
  job started;
  switch (id ? store_.ship(*id, started) : change_outcome::missing) {
    case change_outcome::done:
      break;
    case change_outcome::missing:
      return no_order(id.value_or(0));
    case change_outcome::shipping:
    case change_outcome::shipped:
      return envelope::conflict("The order's shipment has already started.");
  }
  envelope::resource monitor = job_resource(started);
  monitor.set_link("monitor", "/jobs/" + std::to_string(started.id));
  return envelope::accepted(monitor);
}

envelope::response service::get_invoice(const httplib::Request& request) {
  const auto id = path_id(request);
  if (!id || !store_.find(*id)) return no_order(id.value_or(0));
  return envelope::not_implemented("Invoices are not available yet.");
}

envelope::response service::get_job(const httplib::Request& request) {
  const auto id = path_id(request);
  const auto found = id ? store_.find_job(*id) : std::nullopt;
  if (!found) return envelope::not_found("There is no job " + std::to_string(id.value_or(0)) + ".");
  return envelope::ok(job_resource(*found));
}

envelope::response service::get_relation(const httplib::Request& request) {
  const std::string rel = request.matches[1];
  const auto doc = relation_docs().find(rel);
  if (doc == relation_docs().end()) return envelope::not_found("No relation of that name.");
  envelope::resource r({{"relation", "ord:" + rel}, {"description", doc->second}});
  r.set_link("self", "/docs/rels/" + rel);
  return envelope::ok(r);
}

// A deliberate failure, to show that an exception's text stays in the log.
envelope::response service::fail(const httplib::Request&) {
  throw std::runtime_error("simulated failure: connection to db-primary:5432 refused");
}

}  // namespace orders
