// The documents the benchmarks build, serialize and parse, each written twice: once
// through envelope and once by hand with nlohmann/json, from the same inputs, so both
// paths copy the same strings and produce the same bytes.
#ifndef ENVELOPE_BENCHMARKS_DOCUMENTS_HPP
#define ENVELOPE_BENCHMARKS_DOCUMENTS_HPP

#include <envelope/hal.hpp>
#include <envelope/problem.hpp>

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace envelope_bench {

struct item_input {
  std::string sku;
  std::string name;
  int quantity = 0;
  double unit_price = 0.0;
  std::string self;
  std::string product;
  std::string reviews;
};

// An order: 10 relations beside the curies, 20 embedded items with 3 links each.
struct order_input {
  std::string id = "ord-1042";
  std::string status = "processing";
  double total = 149.97;
  std::string currency = "EUR";
  std::string placed_at = "2024-05-01T10:15:00Z";
  std::string customer_id = "cus-7";
  std::string customer_name = "Ada \"the Countess\" Lovelace";
  std::string curie = "https://docs.acme.example/rels/{rel}";
  std::string self = "/orders/1042";
  std::string collection = "/orders";
  std::string customer = "/customers/7";
  std::string payment = "/orders/1042/payment";
  std::string cancel = "/orders/1042/cancellation";
  std::string invoice = "/orders/1042/invoice.pdf";
  std::string shipments = "/orders/1042/shipments";
  std::string refund = "/orders/1042/refunds";
  std::string edit = "/orders/1042";
  std::string find = "/orders{?q,status}";
  std::vector<item_input> items;

  order_input() {
    for (int i = 0; i < 20; ++i) {
      const std::string n = std::to_string(i);
      items.push_back(item_input{"sku-" + n, "Widget n\u00b0" + n, i % 3 + 1, 4.99 + i,
                                 "/orders/1042/items/" + n, "/products/sku-" + n,
                                 "/products/sku-" + n + "/reviews{?page}"});
    }
  }
};

// The state is written the same way on both paths, so that the paths differ only in
// how the links and embedded resources are made and written.
inline nlohmann::json order_state(const order_input& in) {
  nlohmann::json order(nlohmann::json::value_t::object);
  order["id"] = in.id;
  order["status"] = in.status;
  order["total"] = in.total;
  order["currency"] = in.currency;
  order["placedAt"] = in.placed_at;
  nlohmann::json& customer = order["customer"];
  customer["id"] = in.customer_id;
  customer["name"] = in.customer_name;
  return order;
}

inline nlohmann::json item_state(const item_input& item) {
  nlohmann::json r(nlohmann::json::value_t::object);
  r["sku"] = item.sku;
  r["name"] = item.name;
  r["quantity"] = item.quantity;
  r["unitPrice"] = item.unit_price;
  return r;
}

inline envelope::resource build_order(const order_input& in) {
  envelope::resource order(order_state(in));
  order.add_curie("acme", in.curie);
  order.set_link("self", in.self);
  order.set_link("collection", in.collection);
  order.set_link("customer", envelope::link(in.customer).with_title(in.customer_name));
  order.set_link("payment", in.payment);
  order.set_link("acme:cancel", in.cancel);
  order.set_link("acme:invoice", envelope::link(in.invoice).with_type("application/pdf"));
  order.set_link("acme:shipments", in.shipments);
  order.set_link("acme:refund", in.refund);
  order.set_link("edit", in.edit);
  order.set_link("find", envelope::link(in.find).with_templated());
  std::vector<envelope::resource> items;
  items.reserve(in.items.size());
  for (const item_input& item : in.items) {
    envelope::resource r(item_state(item));
    r.set_link("self", item.self);
    r.set_link("product", item.product);
    r.set_link("acme:reviews", envelope::link(item.reviews).with_templated());
    items.push_back(std::move(r));
  }
  order.set_embedded("acme:items", std::move(items));
  return order;
}

// What a service writes without the library, the way nlohmann's README shows:
// initializer lists.
inline nlohmann::json build_order_by_hand_initializer_lists(const order_input& in) {
  using nlohmann::json;
  json links = json::object();
  links["curies"] = json::array({{{"name", "acme"}, {"href", in.curie}, {"templated", true}}});
  links["self"] = {{"href", in.self}};
  links["collection"] = {{"href", in.collection}};
  links["customer"] = {{"href", in.customer}, {"title", in.customer_name}};
  links["payment"] = {{"href", in.payment}};
  links["acme:cancel"] = {{"href", in.cancel}};
  links["acme:invoice"] = {{"href", in.invoice}, {"type", "application/pdf"}};
  links["acme:shipments"] = {{"href", in.shipments}};
  links["acme:refund"] = {{"href", in.refund}};
  links["edit"] = {{"href", in.edit}};
  links["find"] = {{"href", in.find}, {"templated", true}};
  json items = json::array();
  for (const item_input& item : in.items) {
    json r = {{"sku", item.sku},
              {"name", item.name},
              {"quantity", item.quantity},
              {"unitPrice", item.unit_price}};
    r["_links"] = {{"self", {{"href", item.self}}},
                   {"product", {{"href", item.product}}},
                   {"acme:reviews", {{"href", item.reviews}, {"templated", true}}}};
    items.push_back(std::move(r));
  }
  json order = {{"id", in.id},
                {"status", in.status},
                {"total", in.total},
                {"currency", in.currency},
                {"placedAt", in.placed_at},
                {"customer", {{"id", in.customer_id}, {"name", in.customer_name}}}};
  order["_links"] = std::move(links);
  order["_embedded"] = {{"acme:items", std::move(items)}};
  return order;
}

// The careful hand: members assigned in place, nothing copied twice. The yardstick
// the ratios are taken against, since it is the faster of the two.
inline nlohmann::json href_object(const std::string& href) {
  nlohmann::json link(nlohmann::json::value_t::object);
  link["href"] = href;
  return link;
}

inline nlohmann::json build_order_by_hand(const order_input& in) {
  using nlohmann::json;
  json order = order_state(in);
  json& links = order["_links"];
  json& curie = links["curies"][0];
  curie["name"] = "acme";
  curie["href"] = in.curie;
  curie["templated"] = true;
  links["self"] = href_object(in.self);
  links["collection"] = href_object(in.collection);
  json& customer_link = links["customer"] = href_object(in.customer);
  customer_link["title"] = in.customer_name;
  links["payment"] = href_object(in.payment);
  links["acme:cancel"] = href_object(in.cancel);
  json& invoice = links["acme:invoice"] = href_object(in.invoice);
  invoice["type"] = "application/pdf";
  links["acme:shipments"] = href_object(in.shipments);
  links["acme:refund"] = href_object(in.refund);
  links["edit"] = href_object(in.edit);
  json& find = links["find"] = href_object(in.find);
  find["templated"] = true;
  json& items = order["_embedded"]["acme:items"];
  items = json::array();
  items.get_ref<json::array_t&>().reserve(in.items.size());
  for (const item_input& item : in.items) {
    json& r = items.emplace_back(item_state(item));
    json& item_links = r["_links"];
    item_links["self"] = href_object(item.self);
    item_links["product"] = href_object(item.product);
    json& reviews = item_links["acme:reviews"] = href_object(item.reviews);
    reviews["templated"] = true;
  }
  return order;
}

struct problem_input {
  std::string type = "https://api.acme.example/problems/validation";
  std::string title = "Your request is not valid";
  std::string detail = "Request failed validation";
  std::string instance = "/orders/1042/attempts/3";
  std::string trace_id = "4bf92f3577b34da6a3ce929d0e0e4736";
  std::string account = "/accounts/12345";
  struct error_input {
    std::string pointer;
    std::string detail;
  };
  std::vector<error_input> errors = {{"#/age", "must be a positive integer"},
                                     {"#/email", "must be an e-mail address"},
                                     {"#/items/0/quantity", "must be at most 99"},
                                     {"#/currency", "must be an ISO 4217 code, not \"euro\""},
                                     {"#/placedAt", "must be an RFC 3339 date-time"}};
};

// 5 validation errors and 3 extensions.
inline envelope::problem build_problem(const problem_input& in) {
  envelope::problem p;
  p.type = in.type;
  p.title = in.title;
  p.status = 400;
  p.detail = in.detail;
  p.instance = in.instance;
  p.errors.reserve(in.errors.size());
  for (const auto& e : in.errors)
    p.errors.push_back(envelope::validation_error::at(e.pointer, e.detail));
  p.with("traceId", in.trace_id).with("account", in.account).with("retryable", false);
  return p;
}

// Members assigned in place, the faster of the two ways nlohmann offers.
inline nlohmann::json build_problem_by_hand(const problem_input& in) {
  using nlohmann::json;
  json p(json::value_t::object);
  p["type"] = in.type;
  p["title"] = in.title;
  p["status"] = 400;
  p["detail"] = in.detail;
  p["instance"] = in.instance;
  json& errors = p["errors"] = json::array();
  errors.get_ref<json::array_t&>().reserve(in.errors.size());
  for (const auto& e : in.errors) {
    json& error = errors.emplace_back(json::value_t::object);
    error["detail"] = e.detail;
    error["pointer"] = e.pointer;
  }
  p["traceId"] = in.trace_id;
  p["account"] = in.account;
  p["retryable"] = false;
  return p;
}

}  // namespace envelope_bench

#endif
