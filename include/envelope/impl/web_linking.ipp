#ifndef ENVELOPE_IMPL_WEB_LINKING_IPP
#define ENVELOPE_IMPL_WEB_LINKING_IPP

#include <envelope/web_linking.hpp>

#include <envelope/detail/ascii.hpp>
#include <envelope/detail/utf8.hpp>

namespace envelope {

ENVELOPE_INLINE link_header_error::link_header_error(std::size_t offset, const std::string& problem)
    : error_with("Link header: " + problem + " at byte " + std::to_string(offset)),
      offset_(offset) {}

namespace detail::web {

constexpr bool is_ctl(char c) noexcept {
  return static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) == 0x7F;
}

// RFC 8187 §3.2.1: attr-char.
constexpr bool is_attr_char(char c) noexcept {
  return is_alpha(c) || is_digit(c) ||
         std::string_view("!#$&+-.^_`|~").find(c) != std::string_view::npos;
}

constexpr int hex_digit(char c) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

inline std::string lowercase(std::string_view text) {
  std::string out(text);
  for (char& c : out)
    c = lower(c);
  return out;
}

inline bool is_utf8(std::string_view text) noexcept {
  for (std::size_t i = 0; i < text.size();) {
    if (static_cast<unsigned char>(text[i]) < 0x80) {
      ++i;
      continue;
    }
    char32_t cp = 0;
    const std::size_t n = decode_utf8(text, i, cp);
    if (n == 0) return false;
    i += n;
  }
  return true;
}

// RFC 8187 §3.2: charset'language'value-chars, in UTF-8 or ISO-8859-1. nullopt
// for anything else, which RFC 8288 Appendix B lets a recipient ignore.
inline std::optional<std::string> decode_ext_value(std::string_view text, std::string& language) {
  const std::size_t first = text.find('\'');
  if (first == std::string_view::npos) return std::nullopt;
  const std::size_t second = text.find('\'', first + 1);
  if (second == std::string_view::npos) return std::nullopt;
  const std::string_view charset = text.substr(0, first);
  const bool utf8 = iequals(charset, "UTF-8");
  if (!utf8 && !iequals(charset, "ISO-8859-1")) return std::nullopt;
  std::string bytes;
  for (std::size_t i = second + 1; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '%') {
      const int high = i + 1 < text.size() ? hex_digit(text[i + 1]) : -1;
      const int low = i + 2 < text.size() ? hex_digit(text[i + 2]) : -1;
      if (high < 0 || low < 0) return std::nullopt;
      bytes += static_cast<char>(high * 16 + low);
      i += 2;
    } else if (is_attr_char(c)) {
      bytes += c;
    } else {
      return std::nullopt;
    }
  }
  if (utf8) {
    if (!is_utf8(bytes)) return std::nullopt;
  } else {
    std::string converted;
    for (char c : bytes) {
      const auto b = static_cast<unsigned char>(c);
      if (b < 0x80) {
        converted += c;
      } else {
        converted += static_cast<char>(0xC0 | (b >> 6));
        converted += static_cast<char>(0x80 | (b & 0x3F));
      }
    }
    bytes = std::move(converted);
  }
  language = std::string(text.substr(first + 1, second - first - 1));
  return bytes;
}

struct raw_param {
  std::string name;
  std::string value;
};

class link_parser {
 public:
  explicit link_parser(std::string_view text) noexcept : text_(text) {}

  std::vector<web_link> parse() {
    std::vector<web_link> links;
    while (true) {
      skip_ows();
      if (at_end()) break;
      if (peek() == ',') {  // RFC 9110 §5.6.1: empty list elements are ignored
        ++pos_;
        continue;
      }
      if (peek() != '<') fail("a link starts with '<'");
      const std::size_t close = text_.find('>', pos_ + 1);
      if (close == std::string_view::npos) fail("the target has no '>'");
      const std::string_view target = text_.substr(pos_ + 1, close - pos_ - 1);
      for (std::size_t i = 0; i < target.size(); ++i) {
        if (is_ctl(target[i]) || target[i] == '<') {
          fail_at(pos_ + 1 + i, "a control character or '<' in the target");
        }
      }
      pos_ = close + 1;
      links.push_back(build(std::string(target), parse_params()));
      skip_ows();
      if (at_end()) break;
      if (peek() != ',') fail("expected ';' or ',' after a link");
      ++pos_;
    }
    return links;
  }

 private:
  [[nodiscard]] bool at_end() const noexcept { return pos_ >= text_.size(); }
  [[nodiscard]] char peek() const noexcept { return at_end() ? '\0' : text_[pos_]; }
  void skip_ows() noexcept {
    while (!at_end() && is_ows(text_[pos_]))
      ++pos_;
  }
  [[noreturn]] void fail(const std::string& problem) const {
    throw link_header_error(pos_, problem);
  }
  [[noreturn]] void fail_at(std::size_t at, const std::string& problem) const {
    throw link_header_error(at, problem);
  }

  std::vector<raw_param> parse_params() {
    std::vector<raw_param> params;
    while (true) {
      skip_ows();
      if (peek() != ';') return params;
      ++pos_;
      skip_ows();
      if (at_end() || peek() == ',') return params;  // a trailing ';' says nothing
      const std::size_t start = pos_;
      while (!at_end() && is_tchar(text_[pos_]))
        ++pos_;
      if (pos_ == start) fail("a parameter name is a token");
      raw_param p{lowercase(text_.substr(start, pos_ - start)), {}};
      skip_ows();
      if (peek() == '=') {
        ++pos_;
        skip_ows();
        p.value = peek() == '"' ? quoted_string() : bare_value();
      }
      params.push_back(std::move(p));
    }
  }

  std::string quoted_string() {
    const std::size_t start = pos_;
    ++pos_;
    std::string out;
    while (!at_end()) {
      char c = text_[pos_];
      if (c == '"') {
        ++pos_;
        return out;
      }
      if (c == '\\') {
        ++pos_;
        if (at_end()) break;
        c = text_[pos_];
      }
      if (is_ctl(c) && c != '\t') fail("a control character in a quoted string");
      out += c;
      ++pos_;
    }
    fail_at(start, "a quoted string has no closing '\"'");
  }

  // Appendix B.3: an unquoted value runs to the next ';' or ','. Real services
  // send type=text/html unquoted, so more than tokens is accepted.
  std::string bare_value() {
    const std::size_t start = pos_;
    while (!at_end() && text_[pos_] != ';' && text_[pos_] != ',' && !is_ows(text_[pos_])) {
      if (is_ctl(text_[pos_]) || text_[pos_] == '"') fail("not allowed in an unquoted value");
      ++pos_;
    }
    if (pos_ == start) fail("a parameter value is missing after '='");
    return std::string(text_.substr(start, pos_ - start));
  }

  // RFC 8288 Appendix B.2, steps 9-16, keeping what a caller may want to see.
  static web_link build(std::string target, std::vector<raw_param> params) {
    web_link link;
    link.target = std::move(target);
    bool seen_rel = false;
    bool seen_title_star = false;
    std::optional<std::string> plain_title;
    for (auto& p : params) {
      if (p.name == "rel") {
        if (seen_rel) continue;  // §3.3: occurrences after the first are ignored
        seen_rel = true;
        std::size_t i = 0;
        while (i < p.value.size()) {
          while (i < p.value.size() && is_ows(p.value[i]))
            ++i;
          const std::size_t start = i;
          while (i < p.value.size() && !is_ows(p.value[i]))
            ++i;
          if (i > start)
            link.rel.push_back(lowercase(std::string_view(p.value).substr(start, i - start)));
        }
      } else if (p.name == "anchor") {
        if (!link.anchor) link.anchor = std::move(p.value);
      } else if (p.name == "title") {
        if (!plain_title) plain_title = std::move(p.value);
      } else if (p.name == "title*") {
        if (seen_title_star) continue;
        seen_title_star = true;
        std::string language;
        if (auto decoded = decode_ext_value(p.value, language)) {
          link.title = std::move(*decoded);
          link.title_language = std::move(language);
        }
      } else if (p.name == "type") {
        if (!link.type) link.type = std::move(p.value);
      } else if (p.name == "media") {
        if (!link.media) link.media = std::move(p.value);
      } else if (p.name == "hreflang") {
        link.hreflang.push_back(std::move(p.value));
      } else {
        link.params.emplace_back(std::move(p.name), std::move(p.value));
      }
    }
    if (!link.title && plain_title) link.title = std::move(plain_title);
    return link;
  }

  std::string_view text_;
  std::size_t pos_ = 0;
};

inline void write_quoted(std::string& out, std::string_view value, std::string_view what) {
  out += '"';
  for (char c : value) {
    if (is_ctl(c) || static_cast<unsigned char>(c) >= 0x80) {
      throw argument_error("format_link_header: the " + std::string(what) +
                           " holds a control or non-ASCII character");
    }
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  out += '"';
}

inline bool is_printable_ascii(std::string_view text) noexcept {
  for (char c : text) {
    if (is_ctl(c) || static_cast<unsigned char>(c) >= 0x80) return false;
  }
  return true;
}

inline void write_ext_value(std::string& out, std::string_view text, std::string_view language) {
  static constexpr char hex[] = "0123456789ABCDEF";
  if (!is_utf8(text)) throw argument_error("format_link_header: the title is not UTF-8");
  for (char c : text) {
    if (is_ctl(c)) throw argument_error("format_link_header: the title holds a control character");
  }
  for (char c : language) {
    if (!is_alpha(c) && !is_digit(c) && c != '-') {
      throw argument_error("format_link_header: \"" + std::string(language) +
                           "\" is not a language tag");
    }
  }
  out += "UTF-8'";
  out += language;
  out += '\'';
  for (char c : text) {
    if (is_attr_char(c)) {
      out += c;
    } else {
      const auto b = static_cast<unsigned char>(c);
      out += '%';
      out += hex[b >> 4];
      out += hex[b & 15];
    }
  }
}

}  // namespace detail::web

ENVELOPE_INLINE bool web_link::has_rel(std::string_view relation) const noexcept {
  for (const auto& r : rel) {
    if (detail::iequals(r, relation)) return true;
  }
  return false;
}

ENVELOPE_INLINE const std::string* web_link::param(std::string_view name) const noexcept {
  for (const auto& p : params) {
    if (detail::iequals(p.first, name)) return &p.second;
  }
  return nullptr;
}

ENVELOPE_INLINE web_link& web_link::with_title(std::string text, std::string language) & {
  title = std::move(text);
  title_language = std::move(language);
  return *this;
}

ENVELOPE_INLINE web_link& web_link::with_type(std::string media_type) & {
  type = std::move(media_type);
  return *this;
}

ENVELOPE_INLINE web_link& web_link::with_anchor(std::string uri) & {
  anchor = std::move(uri);
  return *this;
}

ENVELOPE_INLINE web_link& web_link::with_param(std::string name, std::string value) & {
  params.emplace_back(std::move(name), std::move(value));
  return *this;
}

ENVELOPE_INLINE std::vector<web_link> parse_link_header(std::string_view field_value) {
  return detail::web::link_parser(field_value).parse();
}

ENVELOPE_INLINE std::string format_link_header(const std::vector<web_link>& links) {
  using namespace detail::web;
  if (links.empty()) throw argument_error("format_link_header: no links");
  std::string out;
  for (const auto& link : links) {
    if (!out.empty()) out += ", ";
    for (char c : link.target) {
      if (is_ctl(c) || c == ' ' || c == '<' || c == '>' || c == '"' ||
          static_cast<unsigned char>(c) >= 0x80) {
        throw argument_error("format_link_header: the target \"" + link.target +
                             "\" is not a URI-reference (percent-encode it)");
      }
    }
    if (link.rel.empty()) throw argument_error("format_link_header: a link has no relation type");
    out += '<';
    out += link.target;
    out += ">; rel=\"";
    bool first = true;
    for (const auto& r : link.rel) {
      if (r.empty() || !is_printable_ascii(r) || r.find_first_of(" \"\\") != std::string::npos) {
        throw argument_error("format_link_header: \"" + r + "\" is not a relation type");
      }
      if (!first) out += ' ';
      first = false;
      out += r;
    }
    out += '"';
    if (link.anchor) {
      out += "; anchor=";
      write_quoted(out, *link.anchor, "anchor");
    }
    if (link.title) {
      if (link.title_language.empty() && is_printable_ascii(*link.title)) {
        out += "; title=";
        write_quoted(out, *link.title, "title");
      } else {
        out += "; title*=";
        write_ext_value(out, *link.title, link.title_language);
      }
    }
    if (link.type) {
      out += "; type=";
      write_quoted(out, *link.type, "type");
    }
    for (const auto& lang : link.hreflang) {
      out += "; hreflang=";
      if (is_token(lang)) {
        out += lang;
      } else {
        write_quoted(out, lang, "hreflang");
      }
    }
    if (link.media) {
      out += "; media=";
      write_quoted(out, *link.media, "media");
    }
    for (const auto& [name, value] : link.params) {
      if (!is_token(name)) {
        throw argument_error("format_link_header: \"" + name + "\" is not a parameter name");
      }
      const std::string lowered = lowercase(name);
      if (lowered == "rel" || lowered == "anchor" || lowered == "title" || lowered == "title*" ||
          lowered == "type" || lowered == "media" || lowered == "hreflang") {
        throw argument_error("format_link_header: \"" + name + "\" has its own member of web_link");
      }
      out += "; ";
      out += name;
      if (value.empty()) continue;
      out += '=';
      if (name.back() == '*') {
        for (char c : value) {
          if (!is_attr_char(c) && c != '%' && c != '\'') {
            throw argument_error("format_link_header: the value of " + name +
                                 " is not an RFC 8187 ext-value");
          }
        }
        out += value;
      } else if (is_token(value)) {
        out += value;
      } else {
        write_quoted(out, value, name);
      }
    }
  }
  return out;
}

ENVELOPE_INLINE const web_link* find_web_link(const std::vector<web_link>& links,
                                              std::string_view relation) noexcept {
  for (const auto& link : links) {
    if (link.has_rel(relation)) return &link;
  }
  return nullptr;
}

ENVELOPE_INLINE std::vector<web_link> links_of(const response& r) {
  std::string joined;
  for (const auto& [name, value] : r.headers) {
    if (!detail::iequals(name, "Link")) continue;
    if (!joined.empty()) joined += ", ";
    joined += value;
  }
  return parse_link_header(joined);
}

ENVELOPE_INLINE void add_links(response& r, const std::vector<web_link>& links) {
  if (links.empty()) return;
  r.add_header("Link", format_link_header(links));
}

}  // namespace envelope

#endif  // ENVELOPE_IMPL_WEB_LINKING_IPP
