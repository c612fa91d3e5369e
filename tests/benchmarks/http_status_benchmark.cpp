// Registry look-ups over every code 100-599 against a hand-written switch.
#include <envelope/http_status.hpp>

#include <benchmark/benchmark.h>

#include <string_view>

namespace {

// What a service would write without the library (the convention's codes and
// the rest of the common ones).
std::string_view switch_reason(int code) noexcept {
  switch (code) {
    case 100:
      return "Continue";
    case 101:
      return "Switching Protocols";
    case 200:
      return "OK";
    case 201:
      return "Created";
    case 202:
      return "Accepted";
    case 204:
      return "No Content";
    case 206:
      return "Partial Content";
    case 301:
      return "Moved Permanently";
    case 302:
      return "Found";
    case 303:
      return "See Other";
    case 304:
      return "Not Modified";
    case 307:
      return "Temporary Redirect";
    case 308:
      return "Permanent Redirect";
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 406:
      return "Not Acceptable";
    case 409:
      return "Conflict";
    case 410:
      return "Gone";
    case 412:
      return "Precondition Failed";
    case 413:
      return "Content Too Large";
    case 415:
      return "Unsupported Media Type";
    case 422:
      return "Unprocessable Content";
    case 428:
      return "Precondition Required";
    case 429:
      return "Too Many Requests";
    case 500:
      return "Internal Server Error";
    case 501:
      return "Not Implemented";
    case 502:
      return "Bad Gateway";
    case 503:
      return "Service Unavailable";
    case 504:
      return "Gateway Timeout";
    default:
      return {};
  }
}

void hand_switch_reason_phrase(benchmark::State& state) {
  for (auto _ : state) {
    std::size_t total = 0;
    for (int code = 100; code < 600; ++code) {
      int c = code;
      benchmark::DoNotOptimize(c);
      total += switch_reason(c).size();
    }
    benchmark::DoNotOptimize(total);
  }
}
BENCHMARK(hand_switch_reason_phrase);

void envelope_reason_phrase(benchmark::State& state) {
  for (auto _ : state) {
    std::size_t total = 0;
    for (int code = 100; code < 600; ++code) {
      int c = code;
      benchmark::DoNotOptimize(c);
      total += envelope::reason_phrase(c).size();
    }
    benchmark::DoNotOptimize(total);
  }
}
BENCHMARK(envelope_reason_phrase);

void envelope_find_status(benchmark::State& state) {
  for (auto _ : state) {
    std::size_t total = 0;
    for (int code = 100; code < 600; ++code) {
      int c = code;
      benchmark::DoNotOptimize(c);
      const envelope::status_info* info = envelope::find_status(c);
      total += info != nullptr ? info->content_type.size() : 0;
    }
    benchmark::DoNotOptimize(total);
  }
}
BENCHMARK(envelope_find_status);

}  // namespace

BENCHMARK_MAIN();
