#ifndef ENVELOPE_ERROR_HPP
#define ENVELOPE_ERROR_HPP

// The one base of every exception envelope throws: `catch (const envelope::error& e)`
// catches them all, and e.what() says what was wrong. Each exception also keeps
// its standard base (std::invalid_argument for a call the library refuses,
// std::runtime_error for input it cannot read), so existing catches still work.
// Where an error has a place, it says so the same way everywhere: pointer() is
// an RFC 6901 JSON Pointer, offset() a byte offset counted from 0. Class
// definitions only, so no impl/ files.

#include <stdexcept>

namespace envelope {

class error {
 public:
  error() = default;
  error(const error&) = default;
  error& operator=(const error&) = default;
  virtual ~error() = default;

  [[nodiscard]] virtual const char* what() const noexcept = 0;
};

namespace detail {

// An envelope::error that is also a Std exception; what() is Std's message.
template <class Std>
class error_with : public Std, public error {
 public:
  using Std::Std;

  [[nodiscard]] const char* what() const noexcept override { return Std::what(); }
};

}  // namespace detail

// An argument the library cannot accept: a reserved member name, a state that is
// not a JSON object, a code outside 100-599 given to a registry.
class argument_error : public detail::error_with<std::invalid_argument> {
 public:
  using error_with::error_with;
};

}  // namespace envelope

#endif  // ENVELOPE_ERROR_HPP
