// The smallest real service on envelope and cpp-httplib, to copy: widgets kept
// in memory, created (201 with Location; 200 when an Idempotency-Key repeats),
// read (404), listed by pages, and refused with every failed check (400). The
// router answers the rest the conventions' way: unknown paths and methods,
// bodies too large or not JSON, exceptions.   Usage: starter [--port 8080]

#include <envelope/adapters/httplib.hpp>
#include <envelope/field_reader.hpp>
#include <envelope/response.hpp>

#include <charconv>
#include <cstdio>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace {

struct widget {
  long id;
  std::string name;
  int size;
};

envelope::resource to_resource(const widget& w) {
  return envelope::resource({{"id", w.id}, {"name", w.name}, {"size", w.size}})
      .set_link("self", envelope::link("/widgets/" + std::to_string(w.id)));
}

// Handlers run on several threads at once: one lock around the maps.
class widget_store {
 public:
  // The widget, and whether this call created it (false: its key was seen before).
  std::pair<widget, bool> create(const std::string& key, std::string name, int size) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (const auto seen = by_key_.find(key); !key.empty() && seen != by_key_.end())
      return {widgets_.at(seen->second), false};
    const widget w{next_id_++, std::move(name), size};
    widgets_.emplace(w.id, w);
    if (!key.empty()) by_key_.emplace(key, w.id);
    return {w, true};
  }
  std::optional<widget> find(long id) {
    std::lock_guard<std::mutex> lock(mutex_);
    const auto it = widgets_.find(id);
    return it == widgets_.end() ? std::nullopt : std::optional<widget>(it->second);
  }
  // The page's widgets as resources, and how many widgets there are.
  std::vector<envelope::resource> page(envelope::page_request page, std::size_t& total) {
    std::lock_guard<std::mutex> lock(mutex_);
    std::vector<envelope::resource> items;
    std::size_t index = 0;
    for (const auto& [id, w] : widgets_) {
      if (index++ / page.size == page.number) items.push_back(to_resource(w));
    }
    total = widgets_.size();
    return items;
  }

 private:
  std::mutex mutex_;
  std::map<long, widget> widgets_;
  std::map<std::string, long> by_key_;
  long next_id_ = 1;
};

// A query parameter read as a number from `low` to `high`; anything else is a 400.
std::size_t query_number(const httplib::Request& req, const std::string& name, std::size_t fallback,
                         std::size_t low, std::size_t high) {
  if (!req.has_param(name.c_str())) return fallback;
  const std::string text = req.get_param_value(name.c_str());
  std::size_t n = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec == std::errc() && end == text.data() + text.size() && n >= low && n <= high) return n;
  throw envelope::problem_exception(
      envelope::problem::validation_failed({envelope::validation_error::titled(
          "invalid_value", "`query." + name + "` must be from " + std::to_string(low) + " to " +
                               std::to_string(high) + ".")}));
}

}  // namespace

int main(int argc, char** argv) {
  const int port = argc == 3 && std::string(argv[1]) == "--port" ? std::atoi(argv[2]) : 8080;
  httplib::Server server;
  envelope::adapters::httplib_router router(server);  // the conventions and sane defaults
  widget_store store;
  const envelope::uri_template page_link("/widgets{?page,size}");

  router.post("/widgets", [&](const httplib::Request& req) {
    const auto body = router.read_json(req);  // 415, 413, or 400 naming the byte
    envelope::field_reader in(body);
    auto name = in.required<std::string>("name").length(1, 80);
    auto size = in.optional<int>("size").in_range(1, 100);
    in.no_other_members();
    in.check();  // 400 listing every failure
    const auto [w, created_now] =
        store.create(req.get_header_value("Idempotency-Key"), *name, size.value_or(10));
    return envelope::created_or_ok(created_now, to_resource(w));
  });
  router.get(R"(/widgets/(\d{1,18}))", [&](const httplib::Request& req) {
    const auto w = store.find(std::stol(req.matches[1]));
    if (!w) return envelope::not_found("There is no widget " + req.matches[1].str() + ".");
    return envelope::ok(to_resource(*w));
  });
  router.get("/widgets", [&](const httplib::Request& req) {
    const envelope::page_request page{query_number(req, "page", 0, 0, 1000000),
                                      query_number(req, "size", 20, 1, 100)};
    std::size_t total = 0;
    auto items = store.page(page, total);
    return envelope::ok(
        envelope::paged_resource(page_link, page, total, std::move(items), "widgets"));
  });

  const int bound = port == 0 ? server.bind_to_any_port("127.0.0.1")
                              : (server.bind_to_port("127.0.0.1", port) ? port : -1);
  if (bound < 0) {
    std::fprintf(stderr, "starter: cannot listen on port %d\n", port);
    return 1;
  }
  std::printf("http://127.0.0.1:%d\n", bound);
  std::fflush(stdout);
  return server.listen_after_bind() ? 0 : 1;
}
