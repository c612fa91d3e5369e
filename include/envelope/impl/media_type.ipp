#ifndef ENVELOPE_IMPL_MEDIA_TYPE_IPP
#define ENVELOPE_IMPL_MEDIA_TYPE_IPP

#include <envelope/media_type.hpp>

#include <cstddef>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace envelope {

ENVELOPE_INLINE std::string media_type::parsed::essence() const {
  return type + '/' + subtype;
}

ENVELOPE_INLINE std::optional<std::string_view> media_type::parsed::parameter(
    std::string_view name) const noexcept {
  for (const auto& p : parameters) {
    if (detail::iequals(p.first, name)) return std::string_view(p.second);
  }
  return std::nullopt;
}

ENVELOPE_INLINE std::string_view media_type::parse_result::message() const noexcept {
  switch (error) {
    case media_type::errc::ok:
      return "ok";
    case media_type::errc::empty_type:
      return "empty type";
    case media_type::errc::missing_slash:
      return "missing \"/\" after the type";
    case media_type::errc::empty_subtype:
      return "empty subtype";
    case media_type::errc::invalid_character:
      return "invalid character";
    case media_type::errc::empty_parameter_name:
      return "empty parameter name";
    case media_type::errc::missing_parameter_value:
      return "parameter without a value";
    case media_type::errc::unterminated_quote:
      return "unterminated quoted-string";
  }
  return "unknown error";
}

namespace detail::media {

// Accept parsing and matching: used only by the definitions in this file.

// Compares two raw values by the characters they stand for, without unescaping
// into a buffer. The scanner guarantees a backslash in quoted text is followed
// by the character it escapes.
[[nodiscard]] constexpr bool values_equal(const raw_parameter& a, const raw_parameter& b,
                                          bool fold_case) noexcept {
  std::size_t i = 0;
  std::size_t j = 0;
  for (;;) {
    const bool a_end = i == a.value.size();
    const bool b_end = j == b.value.size();
    if (a_end || b_end) return a_end && b_end;
    if (a.quoted && a.value[i] == '\\') ++i;
    if (b.quoted && b.value[j] == '\\') ++j;
    char x = a.value[i++];
    char y = b.value[j++];
    if (fold_case) {
      x = lower(x);
      y = lower(y);
    }
    if (x != y) return false;
  }
}

// RFC 9110 §12.4.2: qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] ),
// in thousandths so that comparisons are exact. Anything else is invalid (-1).
[[nodiscard]] constexpr int parse_qvalue(const raw_parameter& p) noexcept {
  const std::string_view v = p.value;
  if (p.quoted || v.empty() || v.size() > 5) return -1;
  if (v[0] != '0' && v[0] != '1') return -1;
  if (v.size() > 1 && v[1] != '.') return -1;
  int thousandths = 0;
  int scale = 100;
  for (std::size_t i = 2; i < v.size(); ++i, scale /= 10) {
    if (v[i] < '0' || v[i] > '9') return -1;
    thousandths += (v[i] - '0') * scale;
  }
  if (v[0] == '1') return thousandths == 0 ? 1000 : -1;
  return thousandths;
}

struct media_range {
  std::string_view type;
  std::string_view subtype;
  const std::vector<raw_parameter>* parameters;  // those before the weight
  int q;                                         // thousandths
};

// Calls on_range(const media_range&) for each usable media range of an Accept
// field value, in order, in one pass; returns how many there were. Malformed
// elements and ranges with an invalid weight are skipped (the rest of the field
// still counts), as are "*/subtype" forms, which RFC 9110 §12.5.1 does not allow.
template <class OnRange>
std::size_t for_each_media_range(std::string_view accept, OnRange&& on_range) {
  std::vector<raw_parameter> parameters;
  std::size_t count = 0;
  std::size_t pos = 0;
  const std::size_t n = accept.size();
  while (pos < n) {
    if (is_ows(accept[pos]) || accept[pos] == ',') {
      ++pos;
      continue;
    }
    parameters.clear();
    bool weighted = false;
    int q = 1000;
    std::string_view type;
    std::string_view subtype;
    const media_type::errc error =
        scan(accept, pos, true, type, subtype, [&](const raw_parameter& parameter) {
          // RFC 9110 §12.5.1: parameters after the weight are accept-ext; ignored.
          if (weighted) return;
          if (parameter.name.size() == 1 && lower(parameter.name[0]) == 'q') {
            weighted = true;
            q = parse_qvalue(parameter);
            return;
          }
          parameters.push_back(parameter);
        });
    if (error == media_type::errc::unterminated_quote) break;  // it swallowed the rest
    if (error != media_type::errc::ok) {
      // Resynchronize at the next element. `pos` is where scanning stopped, so no
      // character is scanned twice: the pass stays linear in the field's size.
      while (pos < n && accept[pos] != ',')
        ++pos;
      continue;
    }
    if (q < 0) continue;
    if (type == "*" && subtype != "*") continue;
    ++count;
    on_range(media_range{type, subtype, &parameters, q});
  }
  return count;
}

ENVELOPE_INLINE std::string unescape(const raw_parameter& p) {
  if (!p.quoted) return std::string(p.value);
  std::string out;
  out.reserve(p.value.size());
  for (std::size_t i = 0; i < p.value.size(); ++i) {
    if (p.value[i] == '\\') ++i;
    out += p.value[i];
  }
  return out;
}

// JSON text exchanged between systems is UTF-8 (RFC 8259 §8.1), so a JSON offer
// without a charset is UTF-8 all the same.
[[nodiscard]] ENVELOPE_INLINE bool implies_utf8(std::string_view subtype,
                                                const std::vector<raw_parameter>& offer) noexcept {
  const bool json = iequals(subtype, "json") ||
                    (subtype.size() > 5 && iequals(subtype.substr(subtype.size() - 5), "+json"));
  if (!json) return false;
  for (const raw_parameter& have : offer) {
    if (iequals(have.name, "charset")) return false;
  }
  return true;
}

// Every parameter of the range must appear in the offer with the same value.
// charset values are case-insensitive (RFC 9110 §8.3.2); others are compared as
// sent. "application/json;charset=utf-8", which clients often send, accepts a
// JSON offer that names no charset.
[[nodiscard]] ENVELOPE_INLINE bool parameters_match(
    const std::vector<raw_parameter>& range, std::string_view offer_subtype,
    const std::vector<raw_parameter>& offer) noexcept {
  static constexpr raw_parameter utf8{"charset", "utf-8", false};
  for (const raw_parameter& wanted : range) {
    const bool fold = iequals(wanted.name, "charset");
    bool found = false;
    for (const raw_parameter& have : offer) {
      if (iequals(wanted.name, have.name) && values_equal(wanted, have, fold)) {
        found = true;
        break;
      }
    }
    if (!found && fold && values_equal(wanted, utf8, true) && implies_utf8(offer_subtype, offer)) {
      found = true;
    }
    if (!found) return false;
  }
  return true;
}

struct offer_state {
  std::string_view type;
  std::string_view subtype;
  std::vector<raw_parameter> parameters;
  bool valid = false;
  bool matched = false;
  int level = 0;  // of the deciding range: 0 "*/*", 1 "type/*", 2 "type/subtype"
  std::size_t parameter_count = 0;
  int q = 0;
};

// The weight, in thousandths, the Accept field value gives each offer.
// O(accept size + ranges x offers x parameters); one pass over the field.
ENVELOPE_INLINE std::vector<int> weigh(std::string_view accept, const std::string_view* offers,
                                       std::size_t offer_count) {
  std::vector<offer_state> states(offer_count);
  for (std::size_t i = 0; i < offer_count; ++i) {
    offer_state& state = states[i];
    std::size_t pos = 0;
    state.valid = scan_whole(offers[i], pos, state.type, state.subtype,
                             [&](const raw_parameter& p) { state.parameters.push_back(p); }) ==
                  media_type::errc::ok;
  }

  const std::size_t ranges = for_each_media_range(accept, [&](const media_range& range) {
    const int level = range.type == "*" ? 0 : range.subtype == "*" ? 1 : 2;
    const std::size_t parameter_count = range.parameters->size();
    for (offer_state& state : states) {
      if (!state.valid) continue;
      if (level >= 1 && !iequals(range.type, state.type)) continue;
      if (level == 2 && !iequals(range.subtype, state.subtype)) continue;
      // RFC 9110 §12.5.1: the most specific matching range decides; among equally
      // specific ones, the first listed.
      if (state.matched && (level < state.level ||
                            (level == state.level && parameter_count <= state.parameter_count))) {
        continue;
      }
      if (!parameters_match(*range.parameters, state.subtype, state.parameters)) continue;
      state.matched = true;
      state.level = level;
      state.parameter_count = parameter_count;
      state.q = range.q;
    }
  });

  std::vector<int> weights(offer_count, 0);
  for (std::size_t i = 0; i < offer_count; ++i) {
    const offer_state& state = states[i];
    if (!state.valid) continue;
    // RFC 9110 §12.5.1: no Accept means any media type. A field with no usable
    // range expresses no preference either, so it is treated the same way.
    if (ranges == 0) {
      weights[i] = 1000;
    } else if (state.matched) {
      weights[i] = state.q;
    }
  }
  return weights;
}

ENVELOPE_INLINE std::optional<std::string_view> negotiate(std::string_view accept,
                                                          const std::string_view* offers,
                                                          std::size_t offer_count) {
  const std::vector<int> weights = weigh(accept, offers, offer_count);
  std::optional<std::string_view> best;
  int best_q = 0;
  for (std::size_t i = 0; i < offer_count; ++i) {
    // Strictly greater: on a tie the earlier offer, the server's preference, stays.
    if (weights[i] > best_q) {
      best_q = weights[i];
      best = offers[i];
    }
  }
  return best;
}

}  // namespace detail::media

ENVELOPE_INLINE media_type::parse_result media_type::parse_detailed(std::string_view text) {
  media_type::parse_result result;
  media_type::parsed parsed;
  std::size_t pos = 0;
  std::string_view type;
  std::string_view subtype;
  result.error = detail::media::scan_whole(
      text, pos, type, subtype, [&](const detail::media::raw_parameter& p) {
        std::string name(p.name);
        for (char& c : name)
          c = detail::lower(c);
        parsed.parameters.emplace_back(std::move(name), detail::media::unescape(p));
      });
  if (result.error != media_type::errc::ok) {
    result.offset = pos;
    return result;
  }
  parsed.type.reserve(type.size());
  for (char c : type)
    parsed.type += detail::lower(c);
  parsed.subtype.reserve(subtype.size());
  for (char c : subtype)
    parsed.subtype += detail::lower(c);
  result.value = std::move(parsed);
  return result;
}

ENVELOPE_INLINE std::optional<media_type::parsed> media_type::parse(std::string_view text) {
  return std::move(media_type::parse_detailed(text).value);
}

ENVELOPE_INLINE std::optional<std::string_view> negotiate(
    std::string_view accept, std::initializer_list<std::string_view> offers) {
  return detail::media::negotiate(accept, offers.begin(), offers.size());
}

ENVELOPE_INLINE std::optional<std::string_view> negotiate(
    std::string_view accept, const std::vector<std::string_view>& offers) {
  return detail::media::negotiate(accept, offers.data(), offers.size());
}

ENVELOPE_INLINE double quality(std::string_view accept, std::string_view offer) {
  return detail::media::weigh(accept, &offer, 1).front() / 1000.0;
}

}  // namespace envelope

#endif  // ENVELOPE_IMPL_MEDIA_TYPE_IPP
