#ifndef ENVELOPE_WEB_LINKING_HPP
#define ENVELOPE_WEB_LINKING_HPP

// Web Linking (RFC 8288): the Link header field, read into links and written from
// them, e.g. `Link: <https://api.example/orders?page=2>; rel="next"`. Targets
// stay as written (a URI-reference, perhaps relative): resolving them needs the
// request URI, which the caller has. No nlohmann/json here.

#include <envelope/detail/config.hpp>
#include <envelope/error.hpp>
#include <envelope/message.hpp>

#include <cstddef>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace envelope {

// A Link field value that does not follow RFC 8288 §3; offset() is the byte
// (from 0) where reading stopped.
class link_header_error : public detail::error_with<std::runtime_error> {
 public:
  link_header_error(std::size_t offset, const std::string& problem);
  [[nodiscard]] std::size_t offset() const noexcept { return offset_; }

 private:
  std::size_t offset_;
};

// One link-value of a Link field (RFC 8288 §3): its target, its relation types
// and its target attributes.
struct web_link {
  std::string target;  // the URI-reference between < and >
  // Relation types (RFC 8288 §3.3), lowercased as §B.2 says; "next", "prev",
  // "http://example.net/rel" ...
  std::vector<std::string> rel;
  std::optional<std::string> anchor;  // the context, when not the resource itself (§3.2)
  // The title in UTF-8: from title* (RFC 8187) when given, else from title (§3.4.1).
  std::optional<std::string> title;
  std::string title_language;  // the language of title*, e.g. "de"; "" when none
  std::optional<std::string> type;
  std::vector<std::string> hreflang;  // may repeat (§3.4.1)
  std::optional<std::string> media;
  // Every other parameter in order, names lowercased; a name ending in '*' keeps
  // its RFC 8187 value undecoded. A parameter without a value has "".
  std::vector<std::pair<std::string, std::string>> params;

  web_link() = default;
  web_link(std::string target_uri, std::string relation)
      : target(std::move(target_uri)), rel{std::move(relation)} {}

  // Whether one of the relation types is `relation`, compared case-insensitively.
  [[nodiscard]] bool has_rel(std::string_view relation) const noexcept;
  // The value of another parameter (`params`), or nullptr.
  [[nodiscard]] const std::string* param(std::string_view name) const noexcept;

  web_link& with_title(std::string text, std::string language = {}) &;
  web_link with_title(std::string text, std::string language = {}) && {
    with_title(std::move(text), std::move(language));
    return std::move(*this);
  }
  web_link& with_type(std::string media_type) &;
  web_link with_type(std::string media_type) && {
    with_type(std::move(media_type));
    return std::move(*this);
  }
  web_link& with_anchor(std::string uri) &;
  web_link with_anchor(std::string uri) && {
    with_anchor(std::move(uri));
    return std::move(*this);
  }
  web_link& with_param(std::string name, std::string value) &;
  web_link with_param(std::string name, std::string value) && {
    with_param(std::move(name), std::move(value));
    return std::move(*this);
  }

  friend bool operator==(const web_link& a, const web_link& b) {
    return a.target == b.target && a.rel == b.rel && a.anchor == b.anchor && a.title == b.title &&
           a.title_language == b.title_language && a.type == b.type && a.hreflang == b.hreflang &&
           a.media == b.media && a.params == b.params;
  }
  friend bool operator!=(const web_link& a, const web_link& b) { return !(a == b); }
};

// Reads a Link field value (several field lines joined with ", "). Strict about
// syntax (throws link_header_error with the offset), tolerant where RFC 8288
// §3 and Appendix B say to ignore: a second rel, anchor, title, title*, type or
// media is dropped; a title* in an unknown charset or badly encoded is dropped
// (title stays); empty list elements are skipped (RFC 9110 §5.6.1).
[[nodiscard]] std::vector<web_link> parse_link_header(std::string_view field_value);

// Writes links as one Link field value: relation types, anchor, type and media
// quoted; a title with non-ASCII characters (or a language) as title*=UTF-8''...
// (RFC 8187). Throws argument_error for what cannot be written: an empty link
// list or relation list, a target or value with control characters, a target
// with spaces, '<', '>' or non-ASCII bytes, a parameter name that is not a token,
// a title that is not UTF-8.
[[nodiscard]] std::string format_link_header(const std::vector<web_link>& links);

// The first link with that relation type, or nullptr.
[[nodiscard]] const web_link* find_web_link(const std::vector<web_link>& links,
                                            std::string_view relation) noexcept;

// The links of every Link field of a response, in order. Throws link_header_error
// when one does not parse.
[[nodiscard]] std::vector<web_link> links_of(const response& r);

// Adds links to a response's Link field (appended to an existing one).
void add_links(response& r, const std::vector<web_link>& links);

}  // namespace envelope

#if ENVELOPE_HEADER_ONLY
#include <envelope/impl/web_linking.ipp>
#endif

#endif  // ENVELOPE_WEB_LINKING_HPP
