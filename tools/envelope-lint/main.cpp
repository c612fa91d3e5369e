// envelope-lint: checks HAL resources, problem details and live HTTP responses
// against the conventions envelope implements. See docs/envelope-lint.md.

#include "lint.hpp"

#include <envelope/detail/ascii.hpp>
#include <envelope/http_status.hpp>
#include <envelope/message.hpp>
#include <envelope/version.hpp>

#include <nlohmann/json.hpp>

#ifdef ENVELOPE_LINT_HAVE_HTTPLIB
#include <httplib.h>
#endif

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <exception>
#include <iostream>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace {

namespace lint = envelope::lint;

constexpr int exit_clean = 0;
constexpr int exit_findings = 1;
constexpr int exit_trouble = 2;

constexpr std::string_view usage_text =
    R"(Usage: envelope-lint [OPTIONS] FILE...
       envelope-lint [OPTIONS] --url URL [--header 'Name: value']... [--method METHOD] [--data BODY]

Checks HAL resources (application/hal+json) and RFC 9457 problem details
(application/problem+json) in files, or a live HTTP response against the
response conventions. FILE "-" reads standard input.

Options:
  --type hal|problem     read every FILE as this kind instead of detecting it
  --format text|json     text: FILE:POINTER: severity: message (default);
                         json: one object per line with file, pointer, severity, message
  --strict               warnings fail too (exit status 1)
  --url URL              request URL (plain http://) and check the whole response
  --header 'Name: value' add a request header field (repeatable)
  --method METHOD        request method (default GET)
  --data BODY            request body; Content-Type defaults to application/json
  --timeout SECONDS      connect, read and write timeout (default 10)
  --expect-status CODE   with --url: an error unless the response has this status
  -v, --verbose          with --url: print the request line, the status line and
                         the response header fields on standard error
  -h, --help             print this help and exit
  --version              print the version and exit

Exit status: 0 nothing wrong (info, and warnings without --strict, are only
printed), 1 findings, 2 usage or I/O error.
)";

struct options {
  std::optional<lint::document_kind> kind;
  bool json_output = false;
  bool strict = false;
  std::optional<std::string> url;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string method = "GET";
  std::optional<std::string> data;
  int timeout_seconds = 10;
  std::optional<int> expected_status;
  bool verbose = false;
  std::vector<std::string> files;
};

// Thrown for a command line we cannot act on; main prints it with a hint.
struct usage_error {
  std::string message;
};

struct run_state {
  bool failed = false;    // a finding that counts against the exit status
  bool troubled = false;  // an input we could not read
};

void report(const options& opts, const std::string& source,
            const std::vector<envelope::finding>& findings, run_state& state) {
  for (const envelope::finding& f : findings) {
    if (f.level == envelope::severity::error ||
        (opts.strict && f.level == envelope::severity::warning)) {
      state.failed = true;
    }
    if (opts.json_output) {
      // ordered_json keeps the members in the documented order.
      const nlohmann::ordered_json line = {{"file", source},
                                           {"pointer", f.pointer},
                                           {"severity", std::string(envelope::to_string(f.level))},
                                           {"message", f.message}};
      // Keys and values come from the input and may not be UTF-8; never throw on them.
      std::cout << line.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace)
                << '\n';
    } else {
      std::cout << source << ':' << f.pointer << ": " << envelope::to_string(f.level) << ": "
                << f.message << '\n';
    }
  }
  std::cout.flush();
}

// Reads a whole file or, for "-", standard input; nullopt after printing why not.
std::optional<std::string> read_input(const std::string& path) {
  std::FILE* file = path == "-" ? stdin : std::fopen(path.c_str(), "rb");
  if (file == nullptr) {
    const int error = errno;
    std::cerr << "envelope-lint: cannot open " << path << ": " << std::strerror(error)
              << "; check the path and its permissions\n";
    return std::nullopt;
  }
  std::string text;
  char buffer[65536];
  std::size_t n = 0;
  while ((n = std::fread(buffer, 1, sizeof buffer, file)) > 0)
    text.append(buffer, n);
  const bool failed = std::ferror(file) != 0;
  const int error = errno;
  if (file != stdin) std::fclose(file);
  if (failed) {
    std::cerr << "envelope-lint: cannot read " << path << ": " << std::strerror(error)
              << (error == EISDIR ? "; name the files inside it" : "") << '\n';
    return std::nullopt;
  }
  return text;
}

std::string option_value(int argc, char** argv, int& i, std::string_view name,
                         std::optional<std::string_view> inline_value) {
  if (inline_value) return std::string(*inline_value);
  if (i + 1 >= argc) throw usage_error{std::string(name) + " needs a value"};
  return argv[++i];
}

std::pair<std::string, std::string> parse_header(const std::string& text) {
  const std::size_t colon = text.find(':');
  if (colon == std::string::npos) {
    throw usage_error{"--header \"" + text + "\" is not of the form 'Name: value'"};
  }
  std::string name = text.substr(0, colon);
  std::size_t begin = colon + 1;
  while (begin < text.size() && (text[begin] == ' ' || text[begin] == '\t'))
    ++begin;
  std::size_t end = text.size();
  while (end > begin && (text[end - 1] == ' ' || text[end - 1] == '\t'))
    --end;
  std::string value = text.substr(begin, end - begin);
  try {
    envelope::check_header(name, value);
  } catch (const envelope::response_error& e) {
    throw usage_error{std::string("--header: ") + e.what()};
  }
  return {std::move(name), std::move(value)};
}

// A decimal of at most six digits; -1 for anything else.
int whole_number(const std::string& text) {
  if (text.empty() || text.size() > 6) return -1;
  int value = 0;
  for (const char c : text) {
    if (c < '0' || c > '9') return -1;
    value = value * 10 + (c - '0');
  }
  return value;
}

options parse_command_line(int argc, char** argv, bool& done) {
  options opts;
  bool only_files = false;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (only_files || arg == "-" || arg.empty() || arg[0] != '-') {
      opts.files.emplace_back(arg);
      continue;
    }
    if (arg == "--") {
      only_files = true;
      continue;
    }
    std::string_view name = arg;
    std::optional<std::string_view> inline_value;
    if (const std::size_t eq = arg.find('='); arg.substr(0, 2) == "--" && eq != arg.npos) {
      name = arg.substr(0, eq);
      inline_value = arg.substr(eq + 1);
    }
    const auto flag = [&] {
      if (inline_value) throw usage_error{std::string(name) + " takes no value"};
    };
    if (name == "-h" || name == "--help") {
      flag();
      std::cout << usage_text;
      done = true;
      return opts;
    }
    if (name == "--version") {
      flag();
      std::cout << "envelope-lint " << ENVELOPE_VERSION_MAJOR << '.' << ENVELOPE_VERSION_MINOR
                << '.' << ENVELOPE_VERSION_PATCH << '\n';
      done = true;
      return opts;
    }
    if (name == "--strict") {
      flag();
      opts.strict = true;
    } else if (name == "--type") {
      const std::string value = option_value(argc, argv, i, name, inline_value);
      opts.kind = lint::parse_kind(value);
      if (!opts.kind) throw usage_error{"--type is hal or problem, not \"" + value + "\""};
    } else if (name == "--format") {
      const std::string value = option_value(argc, argv, i, name, inline_value);
      if (value != "text" && value != "json") {
        throw usage_error{"--format is text or json, not \"" + value + "\""};
      }
      opts.json_output = value == "json";
    } else if (name == "--url") {
      if (opts.url) throw usage_error{"--url is given once; run envelope-lint once per URL"};
      opts.url = option_value(argc, argv, i, name, inline_value);
    } else if (name == "--header" || name == "-H") {
      opts.headers.push_back(parse_header(option_value(argc, argv, i, name, inline_value)));
    } else if (name == "--method" || name == "-X") {
      opts.method = option_value(argc, argv, i, name, inline_value);
      if (!envelope::is_token(opts.method)) {
        throw usage_error{"--method \"" + opts.method + "\" is not an HTTP method token"};
      }
    } else if (name == "--data" || name == "-d") {
      opts.data = option_value(argc, argv, i, name, inline_value);
    } else if (name == "-v" || name == "--verbose") {
      flag();
      opts.verbose = true;
    } else if (name == "--expect-status") {
      const std::string value = option_value(argc, argv, i, name, inline_value);
      const int code = whole_number(value);
      if (code < 100 || code > 599) {
        throw usage_error{"--expect-status is a status code 100-599, not \"" + value + "\""};
      }
      opts.expected_status = code;
    } else if (name == "--timeout") {
      const std::string value = option_value(argc, argv, i, name, inline_value);
      const int seconds = whole_number(value);
      if (seconds <= 0) {
        throw usage_error{"--timeout is a whole number of seconds from 1, not \"" + value + "\""};
      }
      opts.timeout_seconds = seconds;
    } else {
      throw usage_error{"unknown option " + std::string(name)};
    }
  }
  if (opts.url) {
    if (!opts.files.empty()) throw usage_error{"give FILE arguments or --url, not both"};
    if (opts.kind) {
      throw usage_error{"--type applies to files; with --url the status decides the kind"};
    }
  } else {
    if (opts.files.empty()) throw usage_error{"no FILE to check (use - for standard input)"};
    if (!opts.headers.empty() || opts.data || opts.method != "GET" || opts.expected_status ||
        opts.verbose) {
      throw usage_error{"--header, --method, --data, --expect-status and --verbose need --url"};
    }
  }
  return opts;
}

#ifdef ENVELOPE_LINT_HAVE_HTTPLIB

struct target {
  std::string origin;  // "http://host[:port]", as httplib::Client takes it
  std::string path;    // path and query, "/" when the URL has none
};

target parse_url(const std::string& url) {
  constexpr std::string_view scheme = "http://";
  const std::string_view start = std::string_view(url).substr(0, scheme.size() + 1);
  if (envelope::detail::iequals(start, "https://")) {
    throw usage_error{"--url " + url +
                      ": only plain http:// is supported; lint over TLS with "
                      "a local port or a proxy"};
  }
  if (!envelope::detail::iequals(start.substr(0, scheme.size()), scheme))
    throw usage_error{"--url " + url + " does not start with http://"};
  const std::string rest = url.substr(scheme.size());
  const std::size_t end = rest.find_first_of("/?#");
  const std::string authority = rest.substr(0, end);
  if (authority.empty()) throw usage_error{"--url " + url + " names no host"};
  if (authority.find('@') != std::string::npos) {
    throw usage_error{"--url " + url +
                      ": credentials in the URL are not supported; send them "
                      "with --header 'Authorization: ...'"};
  }
  for (const char c : authority) {
    if (static_cast<unsigned char>(c) <= ' ' || c == '"' || c == '\\') {
      throw usage_error{"--url " + url + ": the host holds a character a URL does not allow"};
    }
  }
  std::string path = end == std::string::npos ? std::string() : rest.substr(end);
  if (const std::size_t hash = path.find('#'); hash != std::string::npos) path.resize(hash);
  if (path.empty() || path[0] != '/') path.insert(0, "/");
  return {"http://" + authority, path};
}

std::optional<envelope::response> fetch(const options& opts) {
  const target where = parse_url(*opts.url);
  httplib::Client client(where.origin);
  if (!client.is_valid()) {
    std::cerr << "envelope-lint: cannot make a client for " << where.origin << '\n';
    return std::nullopt;
  }
  const auto seconds = static_cast<time_t>(opts.timeout_seconds);
  client.set_connection_timeout(seconds);
  client.set_read_timeout(seconds);
  client.set_write_timeout(seconds);
  // The response under test is the one the URL gives, not where it points.
  client.set_follow_location(false);
  // The path is sent as given, so that a test can lint an exact request target.
  client.set_url_encode(false);

  httplib::Request request;
  request.method = opts.method;
  request.path = where.path;
  bool has_content_type = false;
  for (const auto& [name, value] : opts.headers) {
    has_content_type = has_content_type || envelope::detail::iequals(name, "content-type");
    request.headers.emplace(name, value);
  }
  if (opts.data) {
    request.body = *opts.data;
    if (!has_content_type) request.headers.emplace("Content-Type", "application/json");
  }
  httplib::Response got;
  httplib::Error error = httplib::Error::Success;
  if (!client.send(request, got, error)) {
    std::cerr << "envelope-lint: " << opts.method << ' ' << *opts.url
              << " failed: " << httplib::to_string(error)
              << "; check that the service is running and the URL is right\n";
    return std::nullopt;
  }
  if (opts.verbose) {
    std::cerr << "> " << opts.method << ' ' << where.path << '\n'
              << "< " << got.status << ' ' << envelope::reason_phrase(got.status) << '\n';
    for (const auto& [name, value] : got.headers)
      std::cerr << "< " << name << ": " << value << '\n';
  }
  envelope::response r;
  r.status = got.status;
  for (const auto& [name, value] : got.headers)
    r.headers.emplace_back(name, value);
  r.body = std::move(got.body);
  return r;
}

#else

std::optional<envelope::response> fetch(const options&) {
  std::cerr << "envelope-lint: this build has no HTTP client (cpp-httplib was not found when it "
               "was configured); rebuild with cpp-httplib installed to use --url\n";
  return std::nullopt;
}

#endif

int run(int argc, char** argv) {
  bool done = false;
  options opts;
  try {
    opts = parse_command_line(argc, argv, done);
    if (done) return exit_clean;
  } catch (const usage_error& e) {
    std::cerr << "envelope-lint: " << e.message << "\nTry 'envelope-lint --help'.\n";
    return exit_trouble;
  }
  run_state state;
  if (opts.url) {
    std::optional<envelope::response> r;
    try {
      r = fetch(opts);
    } catch (const usage_error& e) {
      std::cerr << "envelope-lint: " << e.message << "\nTry 'envelope-lint --help'.\n";
      return exit_trouble;
    }
    if (!r) return exit_trouble;
    std::string accept;
    for (const auto& [name, value] : opts.headers) {
      if (envelope::detail::iequals(name, "accept")) accept += (accept.empty() ? "" : ", ") + value;
    }
    std::vector<envelope::finding> findings = lint::lint_response(*r, accept, opts.method);
    if (opts.expected_status && r->status != *opts.expected_status) {
      findings.insert(findings.begin(),
                      envelope::finding{envelope::severity::error, ":status",
                                        "the status is " + std::to_string(r->status) +
                                            ", not the " + std::to_string(*opts.expected_status) +
                                            " that --expect-status asks for"});
    }
    report(opts, *opts.url, findings, state);
  } else {
    for (const std::string& path : opts.files) {
      const std::optional<std::string> text = read_input(path);
      if (!text) {
        state.troubled = true;
        continue;
      }
      report(opts, path == "-" ? "<stdin>" : path, lint::lint_document(*text, opts.kind), state);
    }
  }
  if (state.troubled) return exit_trouble;
  return state.failed ? exit_findings : exit_clean;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(argc, argv);
  } catch (const std::exception& e) {
    // Out of memory and the like: still exit with the documented status.
    std::cerr << "envelope-lint: " << e.what() << '\n';
    return exit_trouble;
  }
}
