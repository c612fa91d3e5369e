#ifndef ENVELOPE_MEDIA_TYPE_HPP
#define ENVELOPE_MEDIA_TYPE_HPP

// Media types: the constants the conventions use, Content-Type parsing (RFC 9110
// §8.3.1, §5.6.6) and Accept negotiation (RFC 9110 §12.5.1). No nlohmann/json
// here: a service can read Content-Type and Accept without the JSON library.

#include <envelope/detail/config.hpp>

#include <cstddef>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace envelope {

namespace media_type {
inline constexpr std::string_view hal_json = "application/hal+json";
inline constexpr std::string_view problem_json = "application/problem+json";
inline constexpr std::string_view problem_xml = "application/problem+xml";
inline constexpr std::string_view json = "application/json";
}  // namespace media_type

// Why a media type did not parse; media_type_result::offset says where.
enum class media_type_errc : unsigned char {
  ok,
  empty_type,               // nothing before "/"
  missing_slash,            // a type with no "/subtype"
  empty_subtype,            // nothing after "/"
  invalid_character,        // a character the grammar does not allow there
  empty_parameter_name,     // ";=value"
  missing_parameter_value,  // ";name" or ";name=" (RFC 9110 §5.6.6 requires a value)
  unterminated_quote,       // a quoted-string with no closing DQUOTE
};

struct parsed_media_type {
  std::string type;     // lower-cased: RFC 9110 §8.3.1 makes type and subtype case-insensitive
  std::string subtype;  // lower-cased
  // In order, duplicates kept. Names lower-cased (RFC 9110 §5.6.6); values as sent,
  // with a quoted-string's quotes and backslash escapes removed (RFC 9110 §5.6.4).
  std::vector<std::pair<std::string, std::string>> parameters;

  // "type/subtype", without parameters.
  [[nodiscard]] std::string essence() const;

  // The structured syntax suffix (RFC 6838 §4.2.8): "json" for "hal+json", "" for none.
  [[nodiscard]] std::string_view suffix() const noexcept {
    const std::size_t plus = subtype.rfind('+');
    if (plus == std::string::npos) return {};
    return std::string_view(subtype).substr(plus + 1);
  }

  // The first parameter of that name, compared case-insensitively.
  [[nodiscard]] std::optional<std::string_view> parameter(std::string_view name) const noexcept;

  // application/json or any +json type (RFC 6839 §3.1).
  [[nodiscard]] bool is_json() const noexcept {
    return (type == "application" && subtype == "json") || suffix() == "json";
  }

  friend bool operator==(const parsed_media_type& a, const parsed_media_type& b) {
    return a.type == b.type && a.subtype == b.subtype && a.parameters == b.parameters;
  }
  friend bool operator!=(const parsed_media_type& a, const parsed_media_type& b) {
    return !(a == b);
  }
};

// parse_media_type_detailed's answer: the media type, or why and where it failed.
struct media_type_result {
  std::optional<parsed_media_type> value;
  media_type_errc error = media_type_errc::ok;
  std::size_t offset = 0;  // byte offset into the text of the first offending character

  explicit operator bool() const noexcept { return value.has_value(); }
  [[nodiscard]] std::string_view message() const noexcept;
};

namespace detail::media {

[[nodiscard]] constexpr bool is_tchar(char c) noexcept {
  // RFC 9110 §5.6.2: tchar = "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-"
  // / "." / "^" / "_" / "`" / "|" / "~" / DIGIT / ALPHA
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

[[nodiscard]] constexpr bool is_ows(char c) noexcept {
  return c == ' ' || c == '\t';
}

[[nodiscard]] constexpr char lower(char c) noexcept {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

[[nodiscard]] constexpr bool iequals(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

// RFC 9110 §5.6.4: qdtext = HTAB / SP / %x21 / %x23-5B / %x5D-7E / obs-text
[[nodiscard]] constexpr bool is_qdtext(char c) noexcept {
  const auto u = static_cast<unsigned char>(c);
  return u == '\t' || u == ' ' || u == 0x21 || (u >= 0x23 && u <= 0x5B) ||
         (u >= 0x5D && u <= 0x7E) || u >= 0x80;
}

// RFC 9110 §5.6.4: quoted-pair = "\" ( HTAB / SP / VCHAR / obs-text )
[[nodiscard]] constexpr bool is_escapable(char c) noexcept {
  const auto u = static_cast<unsigned char>(c);
  return u == '\t' || (u >= 0x20 && u != 0x7F);
}

[[nodiscard]] constexpr std::size_t skip_ows(std::string_view text, std::size_t pos) noexcept {
  while (pos < text.size() && is_ows(text[pos]))
    ++pos;
  return pos;
}

[[nodiscard]] constexpr std::size_t token_end(std::string_view text, std::size_t pos) noexcept {
  while (pos < text.size() && is_tchar(text[pos]))
    ++pos;
  return pos;
}

// A parameter as it stands in the text: for a quoted-string, `value` is what lies
// between the quotes, escapes still in place.
struct raw_parameter {
  std::string_view name;
  std::string_view value;
  bool quoted = false;
};

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

// Does `c` end what came before it, so that a missing piece (rather than a stray
// character) is the better diagnosis?
[[nodiscard]] constexpr bool ends_part(std::string_view text, std::size_t pos,
                                       bool in_list) noexcept {
  return pos == text.size() || is_ows(text[pos]) || text[pos] == ';' ||
         (in_list && text[pos] == ',');
}

// Scans `type "/" subtype *( OWS ";" OWS [ parameter ] ) OWS` (RFC 9110 §5.6.6,
// §8.3.1) from `pos`, calling on_parameter(raw_parameter) for each parameter. In
// a list (Accept, RFC 9110 §5.6.1) it stops before a ","; otherwise only at the
// end. On success `pos` is where it stopped; on failure, the offending offset.
// Each character is looked at a bounded number of times: linear in the text.
template <class OnParameter>
constexpr media_type_errc scan(std::string_view text, std::size_t& pos, bool in_list,
                               std::string_view& type, std::string_view& subtype,
                               OnParameter&& on_parameter) {
  const std::size_t n = text.size();
  std::size_t p = token_end(text, pos);
  if (p == pos) {
    const bool empty = p == n || text[p] == '/' || ends_part(text, p, in_list);
    pos = p;
    return empty ? media_type_errc::empty_type : media_type_errc::invalid_character;
  }
  if (p == n || text[p] != '/') {
    const bool missing = ends_part(text, p, in_list);
    pos = p;
    return missing ? media_type_errc::missing_slash : media_type_errc::invalid_character;
  }
  type = text.substr(pos, p - pos);
  const std::size_t subtype_begin = p + 1;
  p = token_end(text, subtype_begin);
  if (p == subtype_begin) {
    const bool missing = ends_part(text, p, in_list);
    pos = p;
    return missing ? media_type_errc::empty_subtype : media_type_errc::invalid_character;
  }
  subtype = text.substr(subtype_begin, p - subtype_begin);

  for (;;) {
    p = skip_ows(text, p);
    if (p == n || (in_list && text[p] == ',')) {
      pos = p;
      return media_type_errc::ok;
    }
    if (text[p] != ';') {
      pos = p;
      return media_type_errc::invalid_character;
    }
    p = skip_ows(text, p + 1);
    // RFC 9110 §5.6.6 allows an empty parameter: "text/plain;;charset=utf-8", "text/plain;".
    if (p == n || text[p] == ';' || (in_list && text[p] == ',')) continue;
    const std::size_t name_begin = p;
    p = token_end(text, p);
    if (p == name_begin) {
      pos = p;
      return text[p] == '=' ? media_type_errc::empty_parameter_name
                            : media_type_errc::invalid_character;
    }
    // RFC 9110 §5.6.6: no whitespace around "=".
    if (p == n || text[p] != '=') {
      const bool missing = ends_part(text, p, in_list);
      pos = p;
      return missing ? media_type_errc::missing_parameter_value
                     : media_type_errc::invalid_character;
    }
    raw_parameter parameter;
    parameter.name = text.substr(name_begin, p - name_begin);
    const std::size_t value_begin = p + 1;
    if (value_begin < n && text[value_begin] == '"') {
      p = value_begin + 1;
      for (;;) {
        if (p == n) {
          pos = value_begin;
          return media_type_errc::unterminated_quote;
        }
        const char c = text[p];
        if (c == '"') break;
        if (c == '\\') {
          if (p + 1 == n) {
            pos = value_begin;
            return media_type_errc::unterminated_quote;
          }
          if (!is_escapable(text[p + 1])) {
            pos = p + 1;
            return media_type_errc::invalid_character;
          }
          p += 2;
          continue;
        }
        if (!is_qdtext(c)) {
          pos = p;
          return media_type_errc::invalid_character;
        }
        ++p;
      }
      parameter.value = text.substr(value_begin + 1, p - value_begin - 1);
      parameter.quoted = true;
      ++p;
    } else {
      p = token_end(text, value_begin);
      if (p == value_begin) {
        const bool missing = ends_part(text, p, in_list);
        pos = p;
        return missing ? media_type_errc::missing_parameter_value
                       : media_type_errc::invalid_character;
      }
      parameter.value = text.substr(value_begin, p - value_begin);
    }
    on_parameter(parameter);
  }
}

// A whole field value: optional OWS around one media type (RFC 9110 §5.5 trims it).
template <class OnParameter>
constexpr media_type_errc scan_whole(std::string_view text, std::size_t& pos,
                                     std::string_view& type, std::string_view& subtype,
                                     OnParameter&& on_parameter) {
  pos = skip_ows(text, 0);
  return scan(text, pos, false, type, subtype, on_parameter);
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
    const media_type_errc error =
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
    if (error == media_type_errc::unterminated_quote) break;  // it swallowed the rest
    if (error != media_type_errc::ok) {
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

}  // namespace detail::media

// Parses a Content-Type field value; on failure says why and at which offset.
[[nodiscard]] media_type_result parse_media_type_detailed(std::string_view text);

// Parses a Content-Type field value (RFC 9110 §8.3); nullopt when malformed.
[[nodiscard]] std::optional<parsed_media_type> parse_media_type(std::string_view text);

// application/json or any +json type (RFC 6839 §3.1), parameters ignored; false
// for a malformed value.
[[nodiscard]] constexpr bool is_json_media_type(std::string_view content_type) noexcept {
  std::size_t pos = 0;
  std::string_view type;
  std::string_view subtype;
  if (detail::media::scan_whole(content_type, pos, type, subtype,
                                [](const detail::media::raw_parameter&) {}) !=
      media_type_errc::ok) {
    return false;
  }
  if (detail::media::iequals(type, "application") && detail::media::iequals(subtype, "json")) {
    return true;
  }
  const std::size_t plus = subtype.rfind('+');
  return plus != std::string_view::npos && detail::media::iequals(subtype.substr(plus + 1), "json");
}

// Same type and subtype, case-insensitively, parameters ignored; false when
// either is malformed.
[[nodiscard]] constexpr bool same_media_type(std::string_view a, std::string_view b) noexcept {
  std::size_t pos = 0;
  std::string_view a_type;
  std::string_view a_subtype;
  std::string_view b_type;
  std::string_view b_subtype;
  const auto ignore = [](const detail::media::raw_parameter&) {};
  if (detail::media::scan_whole(a, pos, a_type, a_subtype, ignore) != media_type_errc::ok ||
      detail::media::scan_whole(b, pos, b_type, b_subtype, ignore) != media_type_errc::ok) {
    return false;
  }
  return detail::media::iequals(a_type, b_type) && detail::media::iequals(a_subtype, b_subtype);
}

// The offer the Accept field value (RFC 9110 §12.5.1) weighs highest, ties going
// to the earlier offer; nullopt when none is acceptable (q=0 excludes). An empty
// `accept` means "*/*". The view returned refers to the offer's characters.
[[nodiscard]] std::optional<std::string_view> negotiate(
    std::string_view accept, std::initializer_list<std::string_view> offers);

[[nodiscard]] std::optional<std::string_view> negotiate(
    std::string_view accept, const std::vector<std::string_view>& offers);

// The weight, 0 to 1, the Accept field value gives `offer`; 0 for a malformed offer.
[[nodiscard]] double quality(std::string_view accept, std::string_view offer);

}  // namespace envelope

#if ENVELOPE_DEFINITIONS
namespace envelope {

ENVELOPE_INLINE std::string parsed_media_type::essence() const {
  return type + '/' + subtype;
}

ENVELOPE_INLINE std::optional<std::string_view> parsed_media_type::parameter(
    std::string_view name) const noexcept {
  for (const auto& p : parameters) {
    if (detail::media::iequals(p.first, name)) return std::string_view(p.second);
  }
  return std::nullopt;
}

ENVELOPE_INLINE std::string_view media_type_result::message() const noexcept {
  switch (error) {
    case media_type_errc::ok:
      return "ok";
    case media_type_errc::empty_type:
      return "empty type";
    case media_type_errc::missing_slash:
      return "missing \"/\" after the type";
    case media_type_errc::empty_subtype:
      return "empty subtype";
    case media_type_errc::invalid_character:
      return "invalid character";
    case media_type_errc::empty_parameter_name:
      return "empty parameter name";
    case media_type_errc::missing_parameter_value:
      return "parameter without a value";
    case media_type_errc::unterminated_quote:
      return "unterminated quoted-string";
  }
  return "unknown error";
}

namespace detail::media {

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
                  media_type_errc::ok;
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

ENVELOPE_INLINE media_type_result parse_media_type_detailed(std::string_view text) {
  media_type_result result;
  parsed_media_type parsed;
  std::size_t pos = 0;
  std::string_view type;
  std::string_view subtype;
  result.error = detail::media::scan_whole(
      text, pos, type, subtype, [&](const detail::media::raw_parameter& p) {
        std::string name(p.name);
        for (char& c : name)
          c = detail::media::lower(c);
        parsed.parameters.emplace_back(std::move(name), detail::media::unescape(p));
      });
  if (result.error != media_type_errc::ok) {
    result.offset = pos;
    return result;
  }
  parsed.type.reserve(type.size());
  for (char c : type)
    parsed.type += detail::media::lower(c);
  parsed.subtype.reserve(subtype.size());
  for (char c : subtype)
    parsed.subtype += detail::media::lower(c);
  result.value = std::move(parsed);
  return result;
}

ENVELOPE_INLINE std::optional<parsed_media_type> parse_media_type(std::string_view text) {
  return std::move(parse_media_type_detailed(text).value);
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
#endif  // ENVELOPE_DEFINITIONS

#endif  // ENVELOPE_MEDIA_TYPE_HPP
