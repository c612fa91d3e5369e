#include "service.hpp"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdint>
#include <exception>
#include <iostream>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

namespace orders {
namespace {

constexpr const char* realm = "orders";
constexpr std::size_t default_page_size = 20;
constexpr std::size_t max_page_size = 100;
constexpr int max_quantity = 1000;  // the schema's maximum
constexpr const char* rate_policy = "default";

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
  // Only a placed order may be shipped or cancelled (deleted); once its shipment
  // has started it offers neither, so the templates come and go with its status.
  if (o.status == "placed") {
    r.set_template("ship", envelope::form_template("POST")
                               .with_title("Ship the order")
                               .with_target(order_path(o.id) + "/shipments"));
    r.set_template("cancel", envelope::form_template("DELETE")
                                 .with_title("Cancel the order")
                                 .with_target(order_path(o.id)));
  }
  return r;
}

// The curie belongs on each document's root; embedded resources are in its scope.
envelope::resource documented(envelope::resource r) {
  r.add_curie("ord", "/docs/rels/{rel}");
  return r;
}

// The root never changes: built and serialized once, copied for each GET /.
envelope::response root_document() {
  envelope::resource root({{"name", "orders"}});
  root.set_link("self", "/");
  root.set_link("orders", envelope::link("/orders{?page,size}").with_templated());
  return envelope::ok(documented(std::move(root)));
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

// What can be ordered: the choices of the create template and of the schema.
const std::vector<std::string>& catalog() {
  static const std::vector<std::string> items = {"widget", "gadget", "gizmo"};
  return items;
}

// The create body's shape, compiled once; its 400 carries the conventions'
// `errors`. It is the one source of truth for what a create accepts: the
// template below advertises the same items and bounds to clients.
nlohmann::json order_schema() {
  // Written as JSON text, as a schema file would be. (Bounds built from C++ ints
  // are signed numbers, which json_schema in 0.3 misorders against the unsigned
  // numbers the parser makes: a built maximum of 1000 refused a quantity of 2.)
  auto schema = nlohmann::json::parse(R"({
    "type": "object",
    "required": ["item", "quantity"],
    "properties": {
      "item": {"type": "string"},
      "quantity": {"type": "integer", "minimum": 1, "maximum": 1000}
    }
  })");
  schema["properties"]["item"]["enum"] = catalog();
  return schema;
}

// The collection's HAL-FORMS `default` template: place an order. The quantity's
// upper bound is the stock (more is a 422), within the schema's bound.
envelope::form_template create_template(int stock) {
  return envelope::form_template("POST")
      .with_title("Place an order")
      .with_content_type("application/json")
      .add_property(envelope::form_property("item").with_required().with_options(
          envelope::form_options::of(catalog()).with_items(1, 1)))
      .add_property(envelope::form_property("quantity")
                        .with_required()
                        .with_type("number")
                        .with_range(1, std::min(stock, max_quantity))
                        .with_step(1));
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

}  // namespace

service::service(service_options options)
    : options_(std::move(options)),
      store_(options_.db),
      limiter_(options_.rate_limit, options_.rate_window),
      root_(root_document()),
      order_schema_(order_schema()),
      create_template_(create_template(options_.stock)) {}

void service::install(httplib::Server& server) {
  envelope::adapters::httplib_options settings;
  settings.limits.body_limit = options_.body_limit;
  settings.threads = options_.threads;
  settings.read_timeout = settings.write_timeout = settings.keep_alive_timeout = options_.timeout;
  // Internal text goes to the log, never to the client (RFC 9457 §5).
  settings.log = [](std::exception_ptr error, std::string_view request) {
    std::string what = "unknown exception";
    try {
      std::rethrow_exception(error);
    } catch (const std::exception& e) {
      what = e.what();
    } catch (...) {
    }
    std::cerr << std::string(request) + ": " + what + '\n';
  };
  router_.emplace(server, std::move(settings));

  const auto route = [this](access needs, handler answer) {
    return [this, needs, answer](const httplib::Request& request) {
      return respond(request, needs, answer);
    };
  };
  router_->get("/", route(access::read, &service::get_root))
      .get("/orders", route(access::read, &service::list_orders))
      .post("/orders", route(access::write, &service::create_order))
      .get(R"(/orders/(\d+))", route(access::read, &service::get_order))
      .delete_(R"(/orders/(\d+))", route(access::write, &service::delete_order))
      .post(R"(/orders/(\d+)/shipments)", route(access::write, &service::ship_order))
      .get(R"(/orders/(\d+)/invoice)", route(access::read, &service::get_invoice))
      .get(R"(/order/(\d+))", route(access::read, &service::get_order_deprecated))
      .get(R"(/jobs/(\d+))", route(access::read, &service::get_job))
      .get(R"(/docs/rels/([a-z]+))", route(access::read, &service::get_relation));
  if (options_.enable_fault_routes)
    router_->get("/debug/fail", route(access::read, &service::fail))
        .get("/debug/slow", route(access::read, &service::slow));

  server.set_pre_routing_handler(
      [this](const httplib::Request& request, httplib::Response& response) {
        auto refusal = admit(request, response);
        if (!refusal) return httplib::Server::HandlerResponse::Unhandled;
        envelope::adapters::to_httplib(*refusal, response);
        return httplib::Server::HandlerResponse::Handled;
      });
}

std::optional<envelope::response> service::admit(const httplib::Request& request,
                                                 httplib::Response& response) {
  if (options_.maintenance) {
    return envelope::service_unavailable(std::chrono::seconds(60),
                                         "The service is down for maintenance.");
  }
  if (options_.rate_limit == 0) return std::nullopt;
  const caller who = identify(request);
  const bool known = who == caller::reader || who == caller::writer;
  const std::string client = known ? "token " + request.get_header_value("Authorization")
                                   : "address " + request.remote_addr;
  const auto decision = limiter_.admit(client);
  const auto quota = static_cast<std::int64_t>(options_.rate_limit);
  const auto remaining = static_cast<std::int64_t>(decision.remaining);
  if (!decision.admitted) {
    auto refusal = envelope::too_many_requests(
        decision.reset, "More than " + std::to_string(options_.rate_limit) + " requests in " +
                            std::to_string(options_.rate_window.count()) + " seconds.");
    envelope::set_rate_limit(refusal, rate_policy, quota, options_.rate_window, 0, decision.reset);
    return refusal;
  }
  // The fields ride on whatever answers the request (a route, or the router's
  // 404/405): the router replaces only the fields its own answer carries.
  response.set_header("RateLimit-Policy",
                      envelope::format_rate_limit_policy(
                          {{rate_policy, quota, options_.rate_window.count(), {}, {}}}));
  // A success that used the last request of the window says r=0 nowhere (lint
  // reads r=0 beside a 2xx as a contradiction); the next request's 429 says it.
  if (remaining > 0) {
    response.set_header("RateLimit", envelope::format_rate_limit(
                                         {{rate_policy, remaining, decision.reset.count(), {}}}));
  }
  return std::nullopt;
}

// Reads are open to anyone; a token that is sent must be valid. Writes need the
// write token (RFC 6750 §3.1 for the error codes).
envelope::response service::respond(const httplib::Request& request, access needs, handler answer) {
  const caller who = identify(request);
  if (who == caller::invalid) {
    return envelope::unauthorized(envelope::challenge::bearer(realm).with_error("invalid_token"),
                                  "The access token is not valid.");
  }
  if (needs == access::write && who == caller::reader) {
    return envelope::insufficient_scope("write", realm,
                                        "This token may read orders but not change them.");
  }
  if (needs == access::write && who != caller::writer) {
    return envelope::unauthorized(envelope::challenge::bearer(realm),
                                  "Changing orders needs the write token as a Bearer token.");
  }
  try {
    return (this->*answer)(request);
  } catch (const store_busy&) {
    // Another writer held the database past the busy timeout: nothing was changed.
    return envelope::service_unavailable(std::chrono::seconds(1),
                                         "The database is busy; try again in a second.");
  } catch (const store_unavailable& e) {
    // The disk is full or the file read-only: the transaction rolled back, reads
    // still work, and an operator has to act; SQLite's text goes to the log only.
    std::cerr << request.method + ' ' + request.path + ": " + e.what() + '\n';
    return envelope::service_unavailable(std::chrono::seconds(60),
                                         "Orders cannot be changed at the moment; reading them "
                                         "still works. Try again later.");
  }
}

service::caller service::identify(const httplib::Request& request) const {
  if (!request.has_header("Authorization")) return caller::anonymous;
  const std::string authorization = request.get_header_value("Authorization");
  const auto token = envelope::bearer_token(authorization);
  if (!token) return caller::invalid;
  // Compared in constant time: how long a refusal takes tells nothing of how
  // much of a guessed token was right.
  if (envelope::secret_equals(*token, options_.write_token)) return caller::writer;
  if (envelope::secret_equals(*token, options_.read_token)) return caller::reader;
  return caller::invalid;
}

envelope::response service::get_root(const httplib::Request&) {
  return root_;
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
  envelope::resource listed =
      envelope::paged_resource(pages, {number, *size}, total, std::move(items), "orders");
  listed.set_template("default", create_template_);
  // The same first/prev/next/last in a Link field, for clients that page by headers.
  const auto paging = envelope::paging_links(listed);
  auto answer = envelope::ok(documented(std::move(listed)));
  envelope::add_links(answer, paging);
  return answer;
}

envelope::response service::create_order(const httplib::Request& request) {
  // 415 unless JSON, 413 past the body limit, 400 naming the byte where it stops being JSON.
  const nlohmann::json body = router_->read_json(request);
  if (auto errors = order_schema_.validate(body); !errors.empty()) {
    return envelope::bad_request(std::move(errors));
  }
  const auto item = body.at("item").get<std::string>();
  const int quantity = body.at("quantity").get<int>();
  if (quantity > options_.stock) {
    return envelope::unprocessable_content(
        {envelope::validation_error::titled(
            "insufficient_stock", "`body.quantity` is " + std::to_string(quantity) + ", but only " +
                                      std::to_string(options_.stock) + " are in stock.")},
        "Only " + std::to_string(options_.stock) + " of each item are in stock.");
  }
  std::optional<std::string> key;
  if (request.has_header("Idempotency-Key")) key = request.get_header_value("Idempotency-Key");
  const auto result = store_.create(item, quantity, body, key);
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

// The first version's singular path, kept for old clients: Deprecation (RFC 9745)
// since 1 January 2026, Sunset (RFC 8594) on 1 January 2027, and the path that
// replaces it as its successor-version.
envelope::response service::get_order_deprecated(const httplib::Request& request) {
  envelope::response answer = get_order(request);
  const auto id = path_id(request);
  envelope::deprecate(answer,
                      std::chrono::system_clock::time_point(std::chrono::seconds(1767225600)));
  envelope::sunset(answer, std::chrono::system_clock::time_point(std::chrono::seconds(1798761600)));
  if (id) envelope::add_links(answer, {envelope::web_link(order_path(*id), "successor-version")});
  return answer;
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

// A request that takes ?ms= milliseconds (1000 by default, at most 10000), for
// the tests that stop the service while requests are in flight.
envelope::response service::slow(const httplib::Request& request) {
  const auto ms = query_number(request, "ms", 1000);
  if (!ms || *ms > 10000) {
    return envelope::bad_request(
        {envelope::validation_error::titled("invalid_value", "`ms` must be 0 to 10000.")});
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(*ms));
  return envelope::ok(envelope::resource({{"slept_ms", *ms}}).set_link("self", "/debug/slow"));
}

}  // namespace orders
