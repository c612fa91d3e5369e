#ifndef ENVELOPE_IMPL_STRUCTURED_FIELDS_IPP
#define ENVELOPE_IMPL_STRUCTURED_FIELDS_IPP

#include <envelope/structured_fields.hpp>

#include <envelope/detail/utf8.hpp>

#include <cmath>

namespace envelope::sf {

ENVELOPE_INLINE parse_error::parse_error(std::size_t offset, const std::string& problem)
    : error_with("structured field: " + problem + " at byte " + std::to_string(offset)),
      offset_(offset) {}

ENVELOPE_INLINE void bare_item::wrong_type(std::size_t asked) const {
  // In the order of value_type's alternatives.
  static constexpr const char* names[] = {"std::int64_t", "sf::decimal",       "std::string",
                                          "sf::token",    "sf::byte_sequence", "bool",
                                          "sf::date",     "sf::display_string"};
  static_assert(sizeof(names) / sizeof(names[0]) == std::variant_size_v<value_type>);
  throw argument_error(std::string("sf::bare_item: get<") + names[asked] +
                       ">() on a bare item that holds a " + names[value_.index()]);
}

ENVELOPE_INLINE decimal::decimal(double value) {
  if (!std::isfinite(value) || std::fabs(value) >= 1e15) {
    throw argument_error("sf::decimal: the value is not finite or is 1e15 or more");
  }
  // RFC 9651 §4.1.5 rounds to three fractional digits, ties to even.
  const double scaled = value * 1000.0;
  double whole = std::floor(scaled);
  const double rest = scaled - whole;
  if (rest > 0.5 || (rest == 0.5 && std::fmod(whole, 2.0) != 0.0)) whole += 1.0;
  thousandths_ = static_cast<std::int64_t>(whole);
}

namespace detail_sf {

constexpr bool is_lcalpha(char c) noexcept {
  return c >= 'a' && c <= 'z';
}
constexpr bool is_alpha(char c) noexcept {
  return is_lcalpha(c) || (c >= 'A' && c <= 'Z');
}
constexpr bool is_digit(char c) noexcept {
  return c >= '0' && c <= '9';
}
constexpr bool is_tchar(char c) noexcept {
  return is_alpha(c) || is_digit(c) ||
         std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}
constexpr bool is_key_char(char c) noexcept {
  return is_lcalpha(c) || is_digit(c) || c == '_' || c == '-' || c == '.' || c == '*';
}
constexpr bool is_base64(char c) noexcept {
  return is_alpha(c) || is_digit(c) || c == '+' || c == '/';
}
constexpr int base64_value(char c) noexcept {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  return c == '+' ? 62 : 63;
}
constexpr int hex_value(char c) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;  // RFC 9651 §4.2.10: only lowercase hex digits
}

constexpr std::int64_t max_integer = 999'999'999'999'999;

// A cursor over one field value; every step of RFC 9651 §4.2 is a member.
class parser {
 public:
  explicit parser(std::string_view text) noexcept : text_(text) {}

  void skip_sp() noexcept {
    while (pos_ < text_.size() && text_[pos_] == ' ')
      ++pos_;
  }
  void skip_ows() noexcept {
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t'))
      ++pos_;
  }
  [[nodiscard]] bool at_end() const noexcept { return pos_ >= text_.size(); }
  [[nodiscard]] char peek() const noexcept { return at_end() ? '\0' : text_[pos_]; }
  [[noreturn]] void fail(const std::string& problem) const { throw parse_error(pos_, problem); }
  [[noreturn]] void fail_at(std::size_t at, const std::string& problem) const {
    throw parse_error(at, problem);
  }

  // RFC 9651 §4.2: leading and trailing spaces are discarded.
  template <class F>
  auto whole(F&& parse_one) {
    skip_sp();
    auto result = parse_one();
    skip_sp();
    if (!at_end()) fail("unexpected character after the value");
    return result;
  }

  list parse_list() {
    list members;
    while (!at_end()) {
      members.push_back(parse_member());
      skip_ows();
      if (at_end()) break;
      if (peek() != ',') fail("expected ',' between list members");
      ++pos_;
      skip_ows();
      if (at_end()) fail("a trailing ',' ends the list");
    }
    return members;
  }

  dictionary parse_dictionary() {
    std::vector<dictionary::entry> entries;
    while (!at_end()) {
      std::string key = parse_key();
      if (peek() == '=') {
        ++pos_;
        entries.emplace_back(std::move(key), parse_member());
      } else {
        parameters params = parse_parameters();
        entries.emplace_back(std::move(key), item(bare_item(true), std::move(params)));
      }
      skip_ows();
      if (at_end()) break;
      if (peek() != ',') fail("expected ',' between dictionary members");
      ++pos_;
      skip_ows();
      if (at_end()) fail("a trailing ',' ends the dictionary");
    }
    return dictionary(std::move(entries));
  }

  member parse_member() {
    if (peek() == '(') return parse_inner_list();
    return parse_item();
  }

  inner_list parse_inner_list() {
    ++pos_;  // '('
    inner_list result;
    while (!at_end()) {
      skip_sp();
      if (peek() == ')') {
        ++pos_;
        result.params = parse_parameters();
        return result;
      }
      result.items.push_back(parse_item());
      if (peek() != ' ' && peek() != ')') fail("expected ' ' or ')' in an inner list");
    }
    fail("an inner list has no ')'");
  }

  item parse_item() {
    bare_item value = parse_bare_item();
    return item(std::move(value), parse_parameters());
  }

  parameters parse_parameters() {
    std::vector<parameters::entry> entries;
    while (peek() == ';') {
      ++pos_;
      skip_sp();
      std::string key = parse_key();
      if (peek() == '=') {
        ++pos_;
        entries.emplace_back(std::move(key), parse_bare_item());
      } else {
        entries.emplace_back(std::move(key), bare_item(true));
      }
    }
    if (entries.empty()) return {};
    return parameters(std::move(entries));
  }

  std::string parse_key() {
    const std::size_t start = pos_;
    if (at_end() || !(is_lcalpha(peek()) || peek() == '*')) {
      fail("a key starts with a lowercase letter or '*'");
    }
    while (!at_end() && is_key_char(text_[pos_]))
      ++pos_;
    return std::string(text_.substr(start, pos_ - start));
  }

  bare_item parse_bare_item() {
    const char c = peek();
    if (at_end()) fail("expected an item, found the end");
    if (c == '-' || is_digit(c)) return parse_number();
    if (c == '"') return parse_string();
    if (c == '*' || is_alpha(c)) return parse_token();
    if (c == ':') return parse_byte_sequence();
    if (c == '?') return parse_boolean();
    if (c == '@') return parse_date();
    if (c == '%') return parse_display_string();
    fail("no item starts with this character");
  }

  bare_item parse_number() {
    const std::size_t start = pos_;
    bool negative = false;
    if (peek() == '-') {
      negative = true;
      ++pos_;
    }
    if (at_end() || !is_digit(peek())) fail("expected a digit");
    std::int64_t integer = 0;
    std::int64_t fraction = 0;
    std::size_t integer_digits = 0;
    std::size_t fraction_digits = 0;
    bool is_decimal = false;
    while (!at_end()) {
      const char c = text_[pos_];
      if (is_digit(c)) {
        if (is_decimal) {
          if (++fraction_digits > 3) fail("a decimal has at most 3 fractional digits");
          fraction = fraction * 10 + (c - '0');
        } else {
          if (++integer_digits > 15) fail_at(start, "an integer has at most 15 digits");
          integer = integer * 10 + (c - '0');
        }
      } else if (c == '.' && !is_decimal) {
        if (integer_digits > 12) fail_at(start, "a decimal has at most 12 integer digits");
        is_decimal = true;
      } else {
        break;
      }
      ++pos_;
    }
    if (!is_decimal) return negative ? -integer : integer;
    if (fraction_digits == 0) fail("a decimal ends with '.'");
    for (std::size_t i = fraction_digits; i < 3; ++i)
      fraction *= 10;
    const std::int64_t thousandths = integer * 1000 + fraction;
    return decimal::from_thousandths(negative ? -thousandths : thousandths);
  }

  bare_item parse_string() {
    ++pos_;  // '"'
    std::string out;
    while (!at_end()) {
      const char c = text_[pos_];
      if (c == '\\') {
        ++pos_;
        if (at_end()) fail("a string ends in an escape");
        const char next = text_[pos_];
        if (next != '"' && next != '\\') fail("only '\"' and '\\' may be escaped");
        out += next;
      } else if (c == '"') {
        ++pos_;
        return out;
      } else if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) > 0x7E) {
        fail("a string holds only printable ASCII");
      } else {
        out += c;
      }
      ++pos_;
    }
    fail("a string has no closing '\"'");
  }

  bare_item parse_token() {
    const std::size_t start = pos_;
    ++pos_;
    while (!at_end() && (is_tchar(text_[pos_]) || text_[pos_] == ':' || text_[pos_] == '/')) {
      ++pos_;
    }
    return token{std::string(text_.substr(start, pos_ - start))};
  }

  bare_item parse_byte_sequence() {
    ++pos_;  // ':'
    const std::size_t start = pos_;
    std::size_t data_end = start;
    while (!at_end() && is_base64(text_[pos_]))
      ++pos_;
    data_end = pos_;
    // RFC 9651 §4.2.7: recipients need not insist on padding, nor on zero pad bits.
    std::size_t padding = 0;
    while (!at_end() && text_[pos_] == '=') {
      ++pos_;
      ++padding;
    }
    if (at_end() || text_[pos_] != ':') fail("a byte sequence holds base64 and ends with ':'");
    const std::size_t data = data_end - start;
    if (data % 4 == 1 || padding > 2 || (padding > 0 && (data + padding) % 4 != 0)) {
      fail_at(start, "not valid base64");
    }
    ++pos_;
    std::string bytes;
    bytes.reserve(data / 4 * 3 + 2);
    std::uint32_t buffer = 0;
    int bits = 0;
    for (std::size_t i = start; i < data_end; ++i) {
      buffer = (buffer << 6) | static_cast<std::uint32_t>(base64_value(text_[i]));
      bits += 6;
      if (bits >= 8) {
        bits -= 8;
        bytes += static_cast<char>((buffer >> bits) & 0xFFu);
      }
    }
    return byte_sequence{std::move(bytes)};
  }

  bare_item parse_boolean() {
    ++pos_;  // '?'
    if (peek() == '1' || peek() == '0') {
      const bool value = peek() == '1';
      ++pos_;
      return value;
    }
    fail("a boolean is ?1 or ?0");
  }

  bare_item parse_date() {
    ++pos_;  // '@'
    const bare_item number = parse_number();
    const auto* seconds = number.get_if<std::int64_t>();
    if (seconds == nullptr) fail("a date is an integer");
    return date{*seconds};
  }

  bare_item parse_display_string() {
    ++pos_;  // '%'
    if (peek() != '"') fail("a display string starts with %\"");
    ++pos_;
    const std::size_t start = pos_;
    std::string bytes;
    while (!at_end()) {
      const char c = text_[pos_];
      if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) > 0x7E) {
        fail("a display string holds only printable ASCII and %-escapes");
      }
      if (c == '%') {
        const int high = pos_ + 1 < text_.size() ? hex_value(text_[pos_ + 1]) : -1;
        const int low = pos_ + 2 < text_.size() ? hex_value(text_[pos_ + 2]) : -1;
        if (high < 0 || low < 0) fail("'%' is followed by two lowercase hex digits");
        bytes += static_cast<char>(high * 16 + low);
        pos_ += 3;
        continue;
      }
      if (c == '"') {
        for (std::size_t i = 0; i < bytes.size();) {
          if (static_cast<unsigned char>(bytes[i]) < 0x80) {
            ++i;
            continue;
          }
          char32_t cp = 0;
          const std::size_t n = envelope::detail::decode_utf8(bytes, i, cp);
          if (n == 0) fail_at(start, "a display string is not UTF-8");
          i += n;
        }
        ++pos_;
        return display_string{std::move(bytes)};
      }
      bytes += c;
      ++pos_;
    }
    fail("a display string has no closing '\"'");
  }

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
};

inline void write_integer(std::string& out, std::int64_t value, const char* what) {
  if (value > max_integer || value < -max_integer) {
    throw serialize_error(std::string("sf::serialize: ") + what + " beyond 15 digits");
  }
  out += std::to_string(value);
}

inline void write_key(std::string& out, std::string_view key) {
  if (!is_valid_key(key)) {
    throw serialize_error("sf::serialize: \"" + std::string(key) + "\" is not a valid key");
  }
  out += key;
}

inline void write_bare_item(std::string& out, const bare_item& value) {
  struct visitor {
    std::string& out;
    void operator()(std::int64_t v) const { write_integer(out, v, "an integer"); }
    void operator()(decimal v) const {
      std::int64_t t = v.thousandths();
      if (t < 0) {
        out += '-';
        t = -t;
      }
      const std::int64_t whole = t / 1000;
      if (whole > 999'999'999'999) {
        throw serialize_error("sf::serialize: a decimal beyond 12 integer digits");
      }
      out += std::to_string(whole);
      out += '.';
      std::int64_t fraction = t % 1000;
      char digits[3] = {static_cast<char>('0' + fraction / 100),
                        static_cast<char>('0' + fraction / 10 % 10),
                        static_cast<char>('0' + fraction % 10)};
      std::size_t n = 3;
      while (n > 1 && digits[n - 1] == '0')
        --n;
      out.append(digits, n);
    }
    void operator()(const std::string& v) const {
      out.reserve(out.size() + v.size() + 2);
      out += '"';
      for (char c : v) {
        if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) > 0x7E) {
          throw serialize_error(
              "sf::serialize: a string holds only printable ASCII (use a display_string)");
        }
        if (c == '"' || c == '\\') out += '\\';
        out += c;
      }
      out += '"';
    }
    void operator()(const token& v) const {
      if (!is_valid_token(v.value)) {
        throw serialize_error("sf::serialize: \"" + v.value + "\" is not a valid token");
      }
      out += v.value;
    }
    void operator()(const byte_sequence& v) const {
      static constexpr char alphabet[] =
          "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
      out += ':';
      const auto byte = [&](std::size_t i) {
        return static_cast<std::uint32_t>(static_cast<unsigned char>(v.bytes[i]));
      };
      std::size_t i = 0;
      for (; i + 3 <= v.bytes.size(); i += 3) {
        const std::uint32_t n = byte(i) << 16 | byte(i + 1) << 8 | byte(i + 2);
        out += alphabet[n >> 18 & 63];
        out += alphabet[n >> 12 & 63];
        out += alphabet[n >> 6 & 63];
        out += alphabet[n & 63];
      }
      if (v.bytes.size() - i == 1) {
        const std::uint32_t n = byte(i) << 16;
        out += alphabet[n >> 18 & 63];
        out += alphabet[n >> 12 & 63];
        out += "==";
      } else if (v.bytes.size() - i == 2) {
        const std::uint32_t n = byte(i) << 16 | byte(i + 1) << 8;
        out += alphabet[n >> 18 & 63];
        out += alphabet[n >> 12 & 63];
        out += alphabet[n >> 6 & 63];
        out += '=';
      }
      out += ':';
    }
    void operator()(bool v) const { out += v ? "?1" : "?0"; }
    void operator()(date v) const {
      out += '@';
      write_integer(out, v.seconds, "a date");
    }
    void operator()(const display_string& v) const {
      static constexpr char hex[] = "0123456789abcdef";
      out += "%\"";
      for (std::size_t i = 0; i < v.value.size(); ++i) {
        const auto c = static_cast<unsigned char>(v.value[i]);
        if (c >= 0x80) {
          char32_t cp = 0;
          const std::size_t n = envelope::detail::decode_utf8(v.value, i, cp);
          if (n == 0) throw serialize_error("sf::serialize: a display string is not UTF-8");
          for (std::size_t k = 0; k < n; ++k) {
            const auto b = static_cast<unsigned char>(v.value[i + k]);
            out += '%';
            out += hex[b >> 4];
            out += hex[b & 15];
          }
          i += n - 1;
        } else if (c == '%' || c == '"' || c < 0x20 || c == 0x7F) {
          out += '%';
          out += hex[c >> 4];
          out += hex[c & 15];
        } else {
          out += static_cast<char>(c);
        }
      }
      out += '"';
    }
  };
  std::visit(visitor{out}, value.value());
}

inline void write_parameters(std::string& out, const parameters& params) {
  for (const auto& [key, value] : params) {
    out += ';';
    write_key(out, key);
    if (const bool* b = value.get_if<bool>(); b == nullptr || !*b) {
      out += '=';
      write_bare_item(out, value);
    }
  }
}

inline void write_item(std::string& out, const item& value) {
  write_bare_item(out, value.value);
  write_parameters(out, value.params);
}

inline void write_member(std::string& out, const member& value) {
  if (const auto* i = std::get_if<item>(&value)) {
    write_item(out, *i);
    return;
  }
  const auto& inner = std::get<inner_list>(value);
  out += '(';
  bool first = true;
  for (const auto& i : inner.items) {
    if (!first) out += ' ';
    first = false;
    write_item(out, i);
  }
  out += ')';
  write_parameters(out, inner.params);
}

}  // namespace detail_sf

ENVELOPE_INLINE item parse_item(std::string_view field_value) {
  detail_sf::parser p(field_value);
  return p.whole([&] { return p.parse_item(); });
}

ENVELOPE_INLINE list parse_list(std::string_view field_value) {
  detail_sf::parser p(field_value);
  return p.whole([&] { return p.parse_list(); });
}

ENVELOPE_INLINE dictionary parse_dictionary(std::string_view field_value) {
  detail_sf::parser p(field_value);
  return p.whole([&] { return p.parse_dictionary(); });
}

ENVELOPE_INLINE std::string serialize(const bare_item& value) {
  std::string out;
  detail_sf::write_bare_item(out, value);
  return out;
}

ENVELOPE_INLINE std::string serialize(const item& value) {
  std::string out;
  detail_sf::write_item(out, value);
  return out;
}

ENVELOPE_INLINE std::string serialize(const list& value) {
  std::string out;
  bool first = true;
  for (const auto& m : value) {
    if (!first) out += ", ";
    first = false;
    detail_sf::write_member(out, m);
  }
  return out;
}

ENVELOPE_INLINE std::string serialize(const dictionary& value) {
  std::string out;
  bool first = true;
  for (const auto& [key, m] : value) {
    if (!first) out += ", ";
    first = false;
    detail_sf::write_key(out, key);
    const auto* i = std::get_if<item>(&m);
    const bool* flag = i != nullptr ? i->value.get_if<bool>() : nullptr;
    if (flag != nullptr && *flag) {
      detail_sf::write_parameters(out, i->params);
    } else {
      out += '=';
      detail_sf::write_member(out, m);
    }
  }
  return out;
}

ENVELOPE_INLINE bool is_valid_key(std::string_view text) noexcept {
  if (text.empty() || !(detail_sf::is_lcalpha(text[0]) || text[0] == '*')) return false;
  for (char c : text) {
    if (!detail_sf::is_key_char(c)) return false;
  }
  return true;
}

ENVELOPE_INLINE bool is_valid_token(std::string_view text) noexcept {
  if (text.empty() || !(detail_sf::is_alpha(text[0]) || text[0] == '*')) return false;
  for (char c : text) {
    if (!(detail_sf::is_tchar(c) || c == ':' || c == '/')) return false;
  }
  return true;
}

}  // namespace envelope::sf

#endif  // ENVELOPE_IMPL_STRUCTURED_FIELDS_IPP
