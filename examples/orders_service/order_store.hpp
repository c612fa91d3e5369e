#ifndef ORDERS_SERVICE_ORDER_STORE_HPP
#define ORDERS_SERVICE_ORDER_STORE_HPP

// The service's data: orders, shipment jobs and Idempotency-Key records, in
// memory. httplib answers on a thread pool, so every member function takes the
// one mutex; nothing here knows about HTTP.

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace orders {

using clock = std::chrono::steady_clock;

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

class order_store {
 public:
  // `request` is the parsed body, kept with the Idempotency-Key so that a
  // repeat can be told from a different request under the same key.
  create_result create(std::string item, int quantity, const nlohmann::json& request,
                       const std::optional<std::string>& idempotency_key) {
    const std::lock_guard<std::mutex> lock(mutex_);
    if (idempotency_key) {
      const auto seen = keys_.find(*idempotency_key);
      if (seen != keys_.end()) {
        if (seen->second.request != request) return {create_outcome::key_conflict, {}};
        const auto existing = orders_.find(seen->second.order_id);
        if (existing == orders_.end()) return {create_outcome::key_order_gone, {}};
        return {create_outcome::replayed, view_(*existing)};
      }
    }
    const std::uint64_t id = next_order_id_++;
    orders_.emplace(id, stored_order{std::move(item), quantity, std::nullopt});
    if (idempotency_key) keys_.emplace(*idempotency_key, key_record{request, id});
    return {create_outcome::created, view_(orders_.at(id), id)};
  }

  std::optional<order> find(std::uint64_t id) const {
    const std::lock_guard<std::mutex> lock(mutex_);
    const auto it = orders_.find(id);
    if (it == orders_.end()) return std::nullopt;
    return view_(*it);
  }

  // One page of orders in id order, and how many there are in all.
  std::pair<std::vector<order>, std::size_t> page(std::size_t number, std::size_t size) const {
    const std::lock_guard<std::mutex> lock(mutex_);
    std::vector<order> items;
    const std::size_t first = number * size;
    std::size_t index = 0;
    for (const auto& entry : orders_) {
      if (index >= first && items.size() < size) items.push_back(view_(entry));
      ++index;
    }
    return {std::move(items), orders_.size()};
  }

  change_outcome remove(std::uint64_t id) {
    const std::lock_guard<std::mutex> lock(mutex_);
    const auto it = orders_.find(id);
    if (it == orders_.end()) return change_outcome::missing;
    if (const auto refused = refusal_(it->second)) return *refused;
    orders_.erase(it);
    return change_outcome::done;
  }

  // Starts the shipment of an order that has none; `started` receives its job.
  change_outcome ship(std::uint64_t id, job& started) {
    const std::lock_guard<std::mutex> lock(mutex_);
    const auto it = orders_.find(id);
    if (it == orders_.end()) return change_outcome::missing;
    if (const auto refused = refusal_(it->second)) return *refused;
    const std::uint64_t job_id = next_job_id_++;
    jobs_.emplace(job_id, stored_job{id, clock::now() + shipment_time});
    it->second.job_id = job_id;
    started = view_job_(job_id, jobs_.at(job_id));
    return change_outcome::done;
  }

  std::optional<job> find_job(std::uint64_t id) const {
    const std::lock_guard<std::mutex> lock(mutex_);
    const auto it = jobs_.find(id);
    if (it == jobs_.end()) return std::nullopt;
    return view_job_(id, it->second);
  }

 private:
  struct stored_order {
    std::string item;
    int quantity;
    std::optional<std::uint64_t> job_id;
  };
  // The work is time itself: a shipment is done once its time has passed, so
  // no worker thread has to be stopped when the service is.
  struct stored_job {
    std::uint64_t order_id;
    clock::time_point done_at;
  };
  struct key_record {
    nlohmann::json request;
    std::uint64_t order_id;
  };

  // Why an order can be neither deleted nor shipped again, if it cannot.
  std::optional<change_outcome> refusal_(const stored_order& o) const {
    if (!o.job_id) return std::nullopt;
    return clock::now() >= jobs_.at(*o.job_id).done_at ? change_outcome::shipped
                                                       : change_outcome::shipping;
  }

  order view_(const stored_order& o, std::uint64_t id) const {
    const auto refused = refusal_(o);
    return order{id, o.item, o.quantity,
                 !refused                               ? "placed"
                 : *refused == change_outcome::shipping ? "shipping"
                                                        : "shipped"};
  }
  order view_(const std::pair<const std::uint64_t, stored_order>& entry) const {
    return view_(entry.second, entry.first);
  }

  static job view_job_(std::uint64_t id, const stored_job& j) {
    return job{id, j.order_id, clock::now() >= j.done_at};
  }

  mutable std::mutex mutex_;
  std::map<std::uint64_t, stored_order> orders_;
  std::map<std::uint64_t, stored_job> jobs_;
  std::map<std::string, key_record> keys_;
  std::uint64_t next_order_id_ = 1;
  std::uint64_t next_job_id_ = 1;
};

}  // namespace orders

#endif  // ORDERS_SERVICE_ORDER_STORE_HPP
