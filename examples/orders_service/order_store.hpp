#ifndef ORDERS_SERVICE_ORDER_STORE_HPP
#define ORDERS_SERVICE_ORDER_STORE_HPP

// The service's data: orders, shipment jobs and Idempotency-Key records, in a
// SQLite database. Each change is one transaction, so an order answered 201 is
// on disk before the answer leaves, and a key and its order are written together
// or not at all. Nothing here knows about HTTP.

#include <nlohmann/json.hpp>

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace orders {

// How long a shipment takes once accepted: long enough to see "pending" on the
// monitor, short enough for a demo.
inline constexpr std::chrono::milliseconds shipment_time{500};

struct order {
  std::uint64_t id = 0;
  std::string item;
  int quantity = 0;
  std::string status;  // "placed", "shipping" or "shipped"
};

struct job {
  std::uint64_t id = 0;
  std::uint64_t order_id = 0;
  bool done = false;
};

enum class create_outcome { created, replayed, key_conflict, key_order_gone };
enum class change_outcome { done, missing, shipping, shipped };

struct create_result {
  create_outcome outcome = create_outcome::created;
  order created;  // the new order, or the one an earlier request with the key created
};

// The database failed; what() holds SQLite's message, for the log only.
class store_error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Another connection held the write lock for longer than the busy timeout.
class store_busy : public store_error {
 public:
  using store_error::store_error;
};

// The database cannot take writes: the disk is full, the file or its directory
// is read-only, or the disk failed (SQLITE_FULL, SQLITE_READONLY, SQLITE_IOERR).
class store_unavailable : public store_error {
 public:
  using store_error::store_error;
};

class order_store {
 public:
  // Opens the database at `path`, creating it and its tables when absent;
  // ":memory:" keeps nothing past the process. Throws store_error when the file
  // cannot be opened or was not written by this service.
  explicit order_store(const std::string& path);
  ~order_store();
  order_store(const order_store&) = delete;
  order_store& operator=(const order_store&) = delete;

  // `request` is the parsed body, kept with the Idempotency-Key so that a
  // repeat can be told from a different request under the same key.
  create_result create(const std::string& item, int quantity, const nlohmann::json& request,
                       const std::optional<std::string>& idempotency_key);

  [[nodiscard]] std::optional<order> find(std::uint64_t id);

  // One page of orders in id order, and how many there are in all.
  std::pair<std::vector<order>, std::size_t> page(std::size_t number, std::size_t size);

  change_outcome remove(std::uint64_t id);

  // Starts the shipment of an order that has none; `started` receives its job.
  change_outcome ship(std::uint64_t id, job& started);

  [[nodiscard]] std::optional<job> find_job(std::uint64_t id);

 private:
  class connection;
  class lease;

  std::unique_ptr<connection> acquire_();
  void release_(std::unique_ptr<connection> c) noexcept;

  std::string path_;
  // Up to max_pooled connections, so that readers run beside the writer (WAL),
  // and no more whatever the server's thread count: each keeps its own cache of
  // pages, and SQLite runs one writer at a time anyway. A thread waits for a
  // free one. The mutex guards only this list of idle connections, never the
  // data. ":memory:" is one database per connection, so there it is one.
  static constexpr std::size_t max_pooled = 8;
  std::size_t max_connections_;
  std::size_t open_connections_ = 0;
  std::mutex idle_mutex_;
  std::condition_variable idle_available_;
  // Writers of this process take turns here, in the order they came, rather
  // than in SQLite's busy handler, which sleeps and retries: under load some
  // writer would lose every retry for seconds.
  std::mutex writer_mutex_;
  std::vector<std::unique_ptr<connection>> idle_;
};

}  // namespace orders

#endif  // ORDERS_SERVICE_ORDER_STORE_HPP
