#ifndef ENVELOPE_IMPL_RESPONSE_IPP
#define ENVELOPE_IMPL_RESPONSE_IPP

#include <envelope/response.hpp>

#include <envelope/detail/uri.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace envelope {

ENVELOPE_INLINE const response_options& response_options::defaults() {
  static const response_options instance;
  return instance;
}

namespace detail {

// The first link of a registered relation ("self", "monitor"), as stored. A
// registered name has no colon, so find_link would never expand a curie for it;
// looking it up directly keeps the builders from compiling the curie and URI
// Template machinery into every translation unit that makes a response.
[[nodiscard]] ENVELOPE_INLINE const link* registered_link(const resource& r,
                                                          std::string_view rel) noexcept {
  for (const resource::link_relation& relation : r.links()) {
    if (relation.rel == rel) return relation.links.empty() ? nullptr : &relation.links.front();
  }
  return nullptr;
}

// Joins an absolute-path reference to the base's scheme and authority; other
// relative forms are joined to the base as a prefix. Absolute URIs stay as they are.
ENVELOPE_INLINE std::string resolve_against(std::string_view base, std::string_view reference) {
  if (base.empty() || has_scheme(reference)) return std::string(reference);
  if (reference.substr(0, 2) == "//") {
    const auto colon = base.find(':');
    return std::string(base.substr(0, colon + 1)) + std::string(reference);
  }
  if (!reference.empty() && reference.front() == '/') {
    const auto authority = base.find("//");
    const auto path =
        authority == std::string_view::npos ? base.find('/') : base.find('/', authority + 2);
    const auto origin = path == std::string_view::npos ? base : base.substr(0, path);
    return std::string(origin) + std::string(reference);
  }
  std::string joined(base);
  if (joined.back() != '/') joined += '/';
  joined += reference;
  return joined;
}

ENVELOPE_INLINE response_error builder_error(const std::string& message) {
  return response_error(response_rule::invalid_argument, message);
}

// make_response(status, problem) without the rules on headers that the caller
// has not had a chance to add yet; unauthorized and method_not_allowed add them.
[[nodiscard]] ENVELOPE_INLINE response problem_response(int status, const envelope::problem& body,
                                                        const response_options& options) {
  detail::check_status(status);
  if (!is_error(status)) {
    throw detail::builder_error("problem details describe a 4xx or 5xx response, not a " +
                                std::to_string(status));
  }
  if (body.status && *body.status != status) {
    const std::string member = std::to_string(*body.status);
    throw response_error(
        response_rule::problem_status_mismatch,
        rule_message(response_rule::problem_status_mismatch, {status, {}, member, 0}));
  }
  response r;
  r.status = status;
  r.body = dump(body, problem_options{options.write_about_blank}, options.pretty ? 2 : -1);
  r.headers.emplace_back("Content-Type", std::string(options.registry.content_type(status)));
  return r;
}

// The conventions give every problem a detail ("all responses contain a title
// and detail"); where the caller has none, the conventions' own description of
// the status stands in, and a sentence built from the title for other codes.
[[nodiscard]] ENVELOPE_INLINE std::string default_detail(int status, std::string_view title) {
  switch (status) {
    case 400:
      return "The request is not well-formed, syntactically incorrect, or violates schema.";
    case 401:
      return "The request lacks valid credentials for the target resource.";
    case 403:
      return "The credentials given do not permit this request.";
    case 404:
      return "The specified resource does not exist.";
    case 405:
      return "The target resource does not support this method.";
    case 406:
      return "None of the representations the request accepts can be offered.";
    case 409:
      return "The request conflicts with the current state of the resource.";
    case 413:
      return "The request content is larger than the server accepts.";
    case 415:
      return "The request content is in a format the target resource does not support.";
    case 422:
      return "The request is well formed but fails a business rule.";
    case 429:
      return "Too many requests have been sent in a given amount of time.";
    case 500:
      return std::string(internal_error_detail);
    case 501:
      return "The server does not support the functionality the request needs.";
    case 503:
      return "The service is unavailable at the moment.";
    default:
      return "The request failed: " + std::string(title) + ".";
  }
}

// A problem for status from the registry's title (the options' own registry
// first) and the detail, or the default detail when none is given.
[[nodiscard]] ENVELOPE_INLINE envelope::problem status_problem(int status, std::string detail,
                                                               const response_options& options) {
  envelope::problem p = envelope::problem::from_status(status);
  if (const status_info* own = options.registry.find(status)) p.title = std::string(own->title);
  p.detail = detail.empty() ? default_detail(status, p.title.value_or("")) : std::move(detail);
  return p;
}

}  // namespace detail

ENVELOPE_INLINE response make_response(int status, const resource& body,
                                       const response_options& options) {
  detail::check_status(status);
  if (!allows_body(status)) {
    throw response_error(response_rule::body_not_allowed,
                         "a " + std::to_string(status) +
                             " response has no content (RFC 9110 Section 6.4.1); use "
                             "make_response(status) instead");
  }
  if (is_error(status)) {
    throw detail::builder_error("a " + std::to_string(status) +
                                " response carries problem details, not a HAL resource");
  }
  response r;
  r.status = status;
  r.body = dump(body, options.pretty ? 2 : -1);
  r.headers.emplace_back("Content-Type", std::string(options.registry.content_type(status)));
  return r;
}

ENVELOPE_INLINE response make_response(int status, const problem& body,
                                       const response_options& options) {
  response r = detail::problem_response(status, body, options);
  check_response(r);
  return r;
}

ENVELOPE_INLINE response make_response(const problem& body, const response_options& options) {
  if (!body.status) {
    throw detail::builder_error(
        "the problem has no status member: give one, or call make_response(status, problem)");
  }
  return make_response(*body.status, body, options);
}

ENVELOPE_INLINE response make_response(const problem_exception& thrown,
                                       const response_options& options) {
  const problem& details = thrown.details();
  response r = detail::problem_response(details.status.value_or(500), details, options);
  for (const auto& [name, value] : thrown.fields())
    r.set_header(name, value);
  check_response(r);
  return r;
}

ENVELOPE_INLINE response make_response(int status) {
  response r;
  r.status = status;
  check_response(r);
  return r;
}

ENVELOPE_INLINE response ok(const resource& body, const response_options& options) {
  return make_response(200, body, options);
}

ENVELOPE_INLINE response created(const resource& body, std::string_view location,
                                 const response_options& options) {
  std::string target(location);
  if (target.empty()) {
    const link* self = detail::registered_link(body, "self");
    if (self == nullptr || self->href.empty()) {
      throw detail::builder_error("201 Created needs a Location: give one or a self link");
    }
    if (self->templated) {
      throw detail::builder_error(
          "201 Created needs a Location URI, but the self link is a URI Template: give one");
    }
    target = self->href;
  }
  response r = make_response(201, body, options);
  r.add_header("Location", detail::resolve_against(options.base_uri, target));
  return r;
}

ENVELOPE_INLINE response created_or_ok(bool created_now, const resource& body,
                                       const response_options& options) {
  return created_now ? created(body, {}, options) : ok(body, options);
}

ENVELOPE_INLINE response accepted(const resource& monitor, const response_options& options) {
  const link* target = detail::registered_link(monitor, "monitor");
  if (target == nullptr) target = detail::registered_link(monitor, "self");
  if (target == nullptr || target->href.empty()) {
    throw detail::builder_error(
        "202 Accepted needs a status monitor: the resource has no "
        "\"monitor\" or \"self\" link");
  }
  if (target->templated) {
    throw detail::builder_error(
        "202 Accepted needs a Location URI, but the \"" +
        std::string(target == detail::registered_link(monitor, "monitor") ? "monitor" : "self") +
        "\" link is a URI Template");
  }
  response r = make_response(202, monitor, options);
  r.add_header("Location", detail::resolve_against(options.base_uri, target->href));
  return r;
}

ENVELOPE_INLINE response no_content() {
  return make_response(204);
}

ENVELOPE_INLINE response error_response(int status, std::string detail,
                                        const response_options& options) {
  return make_response(status, detail::status_problem(status, std::move(detail), options), options);
}

ENVELOPE_INLINE response bad_request(std::vector<validation_error> errors, std::string detail,
                                     const response_options& options) {
  problem p = problem::from_status(400);
  p.detail = std::move(detail);
  p.errors = std::move(errors);
  return make_response(400, p, options);
}

ENVELOPE_INLINE response unauthorized(const challenge& how, const problem& body,
                                      const response_options& options) {
  response r = detail::problem_response(401, body, options);
  r.add_header("WWW-Authenticate", how.to_string());
  return r;
}

ENVELOPE_INLINE response unauthorized(const challenge& how, std::string detail,
                                      const response_options& options) {
  return unauthorized(how, detail::status_problem(401, std::move(detail), options), options);
}

ENVELOPE_INLINE response forbidden(std::string detail, const response_options& options) {
  return error_response(403, std::move(detail), options);
}

ENVELOPE_INLINE response insufficient_scope(std::string scope, std::string realm,
                                            std::string detail, const response_options& options) {
  response r = error_response(403, std::move(detail), options);
  r.add_header("WWW-Authenticate", challenge::bearer(std::move(realm))
                                       .with_error("insufficient_scope")
                                       .with("scope", std::move(scope))
                                       .to_string());
  return r;
}

ENVELOPE_INLINE response not_found(std::string detail, const response_options& options) {
  return error_response(404, std::move(detail), options);
}

ENVELOPE_INLINE response method_not_allowed(const std::vector<std::string>& allowed,
                                            const problem& body, const response_options& options) {
  std::string allow;
  for (const auto& method : allowed) {
    if (!is_token(method)) {
      throw detail::builder_error("Allow: \"" + method + "\" is not a method token");
    }
    if (!allow.empty()) allow += ", ";
    allow += method;
  }
  response r = detail::problem_response(405, body, options);
  r.add_header("Allow", allow);
  return r;
}

ENVELOPE_INLINE response method_not_allowed(const std::vector<std::string>& allowed,
                                            std::string detail, const response_options& options) {
  return method_not_allowed(allowed, detail::status_problem(405, std::move(detail), options),
                            options);
}

ENVELOPE_INLINE response not_acceptable(std::string detail, const response_options& options) {
  return error_response(406, std::move(detail), options);
}

ENVELOPE_INLINE response conflict(std::string detail, const response_options& options) {
  return error_response(409, std::move(detail), options);
}

ENVELOPE_INLINE response content_too_large(std::optional<retry_after> when, std::string detail,
                                           const response_options& options) {
  response r = error_response(413, std::move(detail), options);
  if (when) r.add_header("Retry-After", when->value());
  return r;
}

ENVELOPE_INLINE response unsupported_media_type(const std::vector<std::string>& accepted,
                                                std::string detail,
                                                const response_options& options) {
  response r = error_response(415, std::move(detail), options);
  std::string accept;
  for (const auto& type : accepted) {
    if (!accept.empty()) accept += ", ";
    accept += type;
  }
  if (!accept.empty()) r.add_header("Accept", std::move(accept));
  return r;
}

ENVELOPE_INLINE response unprocessable_content(std::vector<validation_error> errors,
                                               std::string detail,
                                               const response_options& options) {
  problem p = detail::status_problem(422, std::move(detail), options);
  p.errors = std::move(errors);
  return make_response(422, p, options);
}

ENVELOPE_INLINE response too_many_requests(const retry_after& when, std::string detail,
                                           const response_options& options) {
  response r = error_response(429, std::move(detail), options);
  r.add_header("Retry-After", when.value());
  return r;
}

ENVELOPE_INLINE response internal_server_error(const response_options& options) {
  return error_response(500, {}, options);  // default_detail(500): internal_error_detail
}

ENVELOPE_INLINE response not_implemented(std::string detail, const response_options& options) {
  return error_response(501, std::move(detail), options);
}

ENVELOPE_INLINE response service_unavailable(std::optional<retry_after> when, std::string detail,
                                             const response_options& options) {
  response r = error_response(503, std::move(detail), options);
  if (when) r.add_header("Retry-After", when->value());
  return r;
}

ENVELOPE_INLINE std::optional<response> check_acceptable(std::string_view accept,
                                                         std::string_view offered,
                                                         const response_options& options) {
  if (negotiate(accept, {offered, media_type::json})) return std::nullopt;
  response refusal = not_acceptable("This resource is available as " + std::string(offered) +
                                        " or " + std::string(media_type::json) + ".",
                                    options);
  refusal.add_header("Vary", "Accept");
  return refusal;
}

ENVELOPE_INLINE response negotiate_response(response r, std::string_view accept,
                                            const response_options& options) {
  if (is_error(r.status) || r.body.empty()) return r;
  const auto own = r.header("Content-Type");
  if (!own) return r;
  const std::string offered(*own);
  // A resource with HAL-FORMS templates is also offered as HAL-FORMS; the same bytes
  // stay HAL for a client that asks for HAL (templates are members it may ignore).
  const bool forms = offered == media_type::hal_json && detail::hal_forms::has_templates(r.body);
  const auto chosen = forms ? negotiate(accept, {std::string_view(offered),
                                                 media_type::hal_forms_json, media_type::json})
                            : negotiate(accept, {std::string_view(offered), media_type::json});
  if (!chosen) return *check_acceptable(accept, offered, options);
  r.set_header("Content-Type", std::string(*chosen));
  r.add_header("Vary", "Accept");
  return r;
}

ENVELOPE_INLINE void page_request::negative_(std::string_view name, long long value) {
  // A size is at least 1; a page number at least 0 here, whichever page is the first.
  const char* least = name == "size" ? "1" : "0";
  throw problem_exception(problem::validation_failed({validation_error::titled(
      "too_small", "`query." + std::string(name) + "` is `" + std::to_string(value) +
                       "`, but at least `" + least + "` is expected.")}));
}

namespace detail {
// The paging errors in the validation vocabulary, naming the query parameter as
// the conventions name a body member.
ENVELOPE_INLINE validation_error paging_bound(std::string_view code, std::string_view name,
                                              std::size_t actual, std::string_view relation,
                                              std::size_t limit) {
  return validation_error::titled(std::string(code), "`query." + std::string(name) + "` is `" +
                                                         std::to_string(actual) + "`, but " +
                                                         std::string(relation) + " `" +
                                                         std::to_string(limit) + "` is expected.");
}
}  // namespace detail

ENVELOPE_INLINE resource paged_resource(const uri_template& link_template, page_request page,
                                        std::size_t total_items, std::vector<resource> items,
                                        std::string_view rel, nlohmann::json variables,
                                        const paging_options& options) {
  if (options.first_page > 1) {
    throw detail::builder_error("paged_resource: paging_options::first_page is 0 or 1, not " +
                                std::to_string(options.first_page));
  }
  if (options.max_size == 0) {
    throw detail::builder_error("paged_resource: paging_options::max_size must be positive");
  }
  if (!variables.is_object()) {
    throw detail::builder_error("paged_resource: variables must be a JSON object");
  }
  // The size is checked first: without it there is no last page to compare with.
  if (page.size == 0 || page.size > options.max_size) {
    throw problem_exception(problem::validation_failed(
        {page.size == 0
             ? detail::paging_bound("too_small", "size", 0, "at least", 1)
             : detail::paging_bound("too_big", "size", page.size, "at most", options.max_size)}));
  }
  const std::size_t total_pages = total_items / page.size + (total_items % page.size != 0 ? 1 : 0);
  // An empty collection still has its first page, with no items.
  const std::size_t first = options.first_page;
  const std::size_t last = first + (total_pages == 0 ? 0 : total_pages - 1);
  if (page.number < first) {
    throw problem_exception(problem::validation_failed(
        {detail::paging_bound("too_small", "page", page.number, "at least", first)}));
  }
  if (page.number > last) {
    throw problem_exception(problem::validation_failed(
        {detail::paging_bound("too_big", "page", page.number, "at most", last)}));
  }
  const auto href = [&](std::size_t number) {
    variables["page"] = number;
    variables["size"] = page.size;
    return link_template.expand(variables);
  };
  resource r;
  r.set_link("self", link(href(page.number)));
  r.set_link("first", link(href(first)));
  if (page.number > first) r.set_link("prev", link(href(page.number - 1)));
  if (page.number < last) r.set_link("next", link(href(page.number + 1)));
  r.set_link("last", link(href(last)));
  r.state()["page"] = {{"size", page.size},
                       {"totalElements", total_items},
                       {"totalPages", total_pages},
                       {"number", page.number}};
  r.set_embedded(std::string(rel), std::move(items));
  return r;
}

ENVELOPE_INLINE std::vector<web_link> paging_links(const resource& page) {
  std::vector<web_link> links;
  for (const char* rel : {"first", "prev", "next", "last"}) {
    const link* l = page.find_link(rel);
    if (l == nullptr || l->templated) continue;
    web_link w(l->href, rel);
    w.type = l->type;
    w.title = l->title;
    links.push_back(std::move(w));
  }
  return links;
}

ENVELOPE_INLINE bool parsed_response::equal_(const parsed_response& a, const parsed_response& b) {
  return a.status == b.status && a.body == b.body;
}

}  // namespace envelope

#endif  // ENVELOPE_IMPL_RESPONSE_IPP
