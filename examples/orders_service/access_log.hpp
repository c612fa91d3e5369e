#ifndef ORDERS_SERVICE_ACCESS_LOG_HPP
#define ORDERS_SERVICE_ACCESS_LOG_HPP

// One line per request, gathered in memory and written to stderr every 200 ms
// by a thread of its own, as web servers buffer their access logs: a write
// to stderr for every request costs more than the rest of a small response.
// A line is at most 200 ms late; the lines of the last 200 ms before a crash
// are lost.

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <string>
#include <thread>

namespace orders {

class access_log {
 public:
  access_log() : writer_([this] { run(); }) {}
  ~access_log() {
    {
      const std::lock_guard<std::mutex> lock(mutex_);
      stopping_ = true;
    }
    wake_.notify_one();
    writer_.join();
  }
  access_log(const access_log&) = delete;
  access_log& operator=(const access_log&) = delete;

  void write(const std::string& line) {
    const std::lock_guard<std::mutex> lock(mutex_);
    pending_ += line;
    pending_ += '\n';
  }

 private:
  void run() {
    std::unique_lock<std::mutex> lock(mutex_);
    while (true) {
      wake_.wait_for(lock, std::chrono::milliseconds(200), [this] { return stopping_; });
      std::string lines;
      lines.swap(pending_);
      const bool last = stopping_;
      lock.unlock();
      std::fwrite(lines.data(), 1, lines.size(), stderr);
      if (last) return;
      lock.lock();
    }
  }

  std::mutex mutex_;
  std::condition_variable wake_;
  std::string pending_;
  bool stopping_ = false;
  std::thread writer_;  // last: it starts once the members above exist
};

}  // namespace orders

#endif  // ORDERS_SERVICE_ACCESS_LOG_HPP
