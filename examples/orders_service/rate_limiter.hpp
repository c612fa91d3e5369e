#ifndef ORDERS_SERVICE_RATE_LIMITER_HPP
#define ORDERS_SERVICE_RATE_LIMITER_HPP

// A fixed-window rate limit: at most `limit` requests per client in each
// window of `window` seconds. A client is a token or an address.

#include <chrono>
#include <cstddef>
#include <iterator>
#include <map>
#include <mutex>
#include <optional>
#include <string>

namespace orders {

class rate_limiter {
 public:
  using clock = std::chrono::steady_clock;

  // A limit of 0 admits everything.
  rate_limiter(std::size_t limit, std::chrono::seconds window) : limit_(limit), window_(window) {}

  // Where a client stands after a request: admitted or not, the requests it has
  // left in its window, and the whole seconds until the window ends (at least 1,
  // as Retry-After needs, RFC 6585 §4).
  struct decision {
    bool admitted = true;
    std::size_t remaining = 0;
    std::chrono::seconds reset{0};
  };

  // Counts the request against the client's window.
  decision admit(const std::string& client) {
    if (limit_ == 0) return {};
    const auto now = clock::now();
    const std::lock_guard<std::mutex> lock(mutex_);
    // Forget ended windows now and then, so that many clients cannot grow the map forever.
    if (windows_.size() > 10000) {
      for (auto it = windows_.begin(); it != windows_.end();) {
        it = now >= it->second.start + window_ ? windows_.erase(it) : std::next(it);
      }
    }
    auto& counted = windows_[client];
    if (counted.count == 0 || now >= counted.start + window_) counted = {now, 0};
    const bool admitted = counted.count < limit_;
    if (admitted) ++counted.count;
    const auto seconds = std::chrono::ceil<std::chrono::seconds>(counted.start + window_ - now);
    return {admitted, limit_ - counted.count,
            seconds.count() < 1 ? std::chrono::seconds(1) : seconds};
  }

  [[nodiscard]] std::size_t limit() const noexcept { return limit_; }
  [[nodiscard]] std::chrono::seconds window() const noexcept { return window_; }

 private:
  struct window_count {
    clock::time_point start;
    std::size_t count = 0;
  };

  std::size_t limit_;
  std::chrono::seconds window_;
  std::mutex mutex_;
  std::map<std::string, window_count> windows_;
};

}  // namespace orders

#endif  // ORDERS_SERVICE_RATE_LIMITER_HPP
