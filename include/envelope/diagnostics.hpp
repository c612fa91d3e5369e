#ifndef ENVELOPE_DIAGNOSTICS_HPP
#define ENVELOPE_DIAGNOSTICS_HPP

// What a validation pass reports: shared by validate_hal and the problem-details
// checks. Kept free of nlohmann/json so that a consumer of findings (a logger, a
// test) does not pay for the JSON library. Too small to split: no impl/ files.

#include <string>
#include <string_view>

namespace envelope {

// error: a MUST of the specification is broken; a strict parser rejects the document.
// warning: a SHOULD is broken, or something is very likely a mistake.
// info: allowed and worth knowing (a deprecated link, a duplicate name).
enum class severity { error, warning, info };

[[nodiscard]] constexpr std::string_view to_string(severity s) noexcept {
  switch (s) {
    case severity::error:
      return "error";
    case severity::warning:
      return "warning";
    case severity::info:
      return "info";
  }
  return "";
}

struct finding {
  severity level = severity::error;
  // RFC 6901 JSON Pointer of the member the finding is about ("" is the whole document).
  std::string pointer;
  std::string message;

  friend bool operator==(const finding& a, const finding& b) {
    return a.level == b.level && a.pointer == b.pointer && a.message == b.message;
  }
  friend bool operator!=(const finding& a, const finding& b) { return !(a == b); }
};

namespace detail {

// One reference token of a JSON Pointer, with its leading '/': RFC 6901 §3
// writes '~' as "~0" and '/' as "~1".
[[nodiscard]] inline std::string json_pointer_token(std::string_view name) {
  std::string out;
  out.reserve(name.size() + 1);
  out += '/';
  for (const char c : name) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace detail

}  // namespace envelope

#endif  // ENVELOPE_DIAGNOSTICS_HPP
