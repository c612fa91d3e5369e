#include <envelope/problem.hpp>

#include "catch.hpp"

#include <cstdint>
#include <fstream>
#include <iterator>
#include <limits>
#include <sstream>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

using envelope::exception_detail;
using envelope::finding;
using envelope::problem;
using envelope::problem_catalogue;
using envelope::problem_exception;
using envelope::problem_options;
using envelope::problem_type;
using envelope::severity;
using envelope::validation_error;
using nlohmann::json;

namespace {

std::string read_data(const std::string& name) {
  std::ifstream in(std::string(ENVELOPE_TEST_DATA_DIR) + "/problem/" + name, std::ios::binary);
  REQUIRE(in.good());
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r'))
    text.pop_back();
  return text;
}

json data_json(const std::string& name) {
  return json::parse(read_data(name));
}

bool has_finding(const std::vector<finding>& findings, severity level, const std::string& pointer) {
  for (const auto& f : findings) {
    if (f.level == level && f.pointer == pointer) return true;
  }
  return false;
}

template <class F>
std::string thrown_message(F&& f) {
  try {
    f();
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "(nothing thrown)";
}

}  // namespace

// A user type with its own nlohmann conversions, attached as an extension.
namespace bank {

struct account {
  std::string id;
  int balance = 0;
  friend bool operator==(const account& a, const account& b) {
    return a.id == b.id && a.balance == b.balance;
  }
};

void to_json(json& j, const account& a) {
  j = json{{"id", a.id}, {"balance", a.balance}};
}
void from_json(const json& j, account& a) {
  j.at("id").get_to(a.id);
  j.at("balance").get_to(a.balance);
}

}  // namespace bank

static_assert(std::is_nothrow_move_constructible_v<problem>);
static_assert(std::is_nothrow_move_constructible_v<validation_error>);
static_assert(std::is_nothrow_copy_constructible_v<problem_exception>);
static_assert(std::is_base_of_v<std::exception, problem_exception>);
static_assert(std::is_copy_constructible_v<problem_catalogue>);

TEST_CASE("RFC 9457 out-of-credit example parses with its extensions", "[problem][rfc]") {
  const problem p = problem::parse(data_json("out-of-credit.json"));
  CHECK(p.type == "https://example.com/probs/out-of-credit");
  CHECK(p.title == "You do not have enough credit.");
  CHECK(p.detail == "Your current balance is 30, but that costs 50.");
  CHECK(p.instance == "/account/12345/msgs/abc");
  CHECK_FALSE(p.status.has_value());
  CHECK(p.errors.empty());
  CHECK(p.extension<int>("balance") == 30);
  CHECK(p.extension<std::vector<std::string>>("accounts") ==
        std::vector<std::string>{"/account/12345", "/account/67890"});
}

TEST_CASE("RFC 9457 out-of-credit example builds to the same document", "[problem][rfc]") {
  const problem built =
      problem{}
          .with_type("https://example.com/probs/out-of-credit")
          .with_title("You do not have enough credit.")
          .with_detail("Your current balance is 30, but that costs 50.")
          .with_instance("/account/12345/msgs/abc")
          .with("balance", 30)
          .with("accounts", std::vector<std::string>{"/account/12345", "/account/67890"});
  CHECK(json(built) == data_json("out-of-credit.json"));
  CHECK(built == problem::parse(data_json("out-of-credit.json")));
}

TEST_CASE("RFC 9457 validation example: errors with JSON Pointers", "[problem][rfc]") {
  const problem p = problem::parse(data_json("validation-error.json"));
  CHECK(p.type == "https://example.net/validation-error");
  CHECK(p.title == "Your request is not valid.");
  REQUIRE(p.errors.size() == 2);
  CHECK(p.errors[0] == validation_error::at("#/age", "must be a positive integer"));
  CHECK(p.errors[1] == validation_error::at("#/profile/color", "must be 'green', 'red' or 'blue'"));
  CHECK_FALSE(p.errors[0].title.has_value());
  CHECK_FALSE(p.has_extension("errors"));

  const problem built =
      problem{}
          .with_type("https://example.net/validation-error")
          .with_title("Your request is not valid.")
          .add_error(validation_error::at("#/age", "must be a positive integer"))
          .add_error(validation_error::at("#/profile/color", "must be 'green', 'red' or 'blue'"));
  CHECK(json(built) == data_json("validation-error.json"));
}

TEST_CASE("The conventions' validation example is one call", "[problem][conventions]") {
  const problem p = problem::validation_failed({validation_error::titled(
      "invalid_type", "`body.name` is `undefined`, but `string` is expected.")});
  CHECK(p.status == 400);
  CHECK(p.title == "Bad Request");
  CHECK(p.detail == "Request failed validation");

  // The example shows neither type nor status; everything else is identical.
  json written = envelope::to_json(p, problem_options{false});
  CHECK(written.at("status") == 400);
  written.erase("status");
  CHECK(written == data_json("conventions-validation.json"));

  const problem parsed = problem::parse(data_json("conventions-validation.json"));
  REQUIRE(parsed.errors.size() == 1);
  CHECK(parsed.errors[0].title == "invalid_type");
  CHECK_FALSE(parsed.errors[0].pointer.has_value());
  CHECK(envelope::validate_problem(data_json("conventions-validation.json")).empty());

  CHECK(problem::validation_failed({}, 422).title == "Unprocessable Content");
}

TEST_CASE("Every 4xx and 5xx of the conventions is one line", "[problem][conventions]") {
  const std::pair<int, const char*> expected[] = {
      {400, "Bad Request"},        {401, "Unauthorized"},
      {403, "Forbidden"},          {404, "Not Found"},
      {405, "Method Not Allowed"}, {409, "Conflict"},
      {413, "Content Too Large"},  {422, "Unprocessable Content"},
      {429, "Too Many Requests"},  {500, "Internal Server Error"},
      {501, "Not Implemented"},    {503, "Service Unavailable"},
  };
  for (const auto& [code, title] : expected) {
    const problem p = problem::from_status(code).with_detail("occurrence");
    CHECK(p.type == "about:blank");
    CHECK(p.status == code);
    CHECK(p.title == title);
    CHECK(envelope::validate_problem(json(p)).empty());
  }
}

TEST_CASE("from_status: unassigned codes take their class's title, invalid codes none",
          "[problem]") {
  CHECK(problem::from_status(499).title == "Bad Request");
  CHECK(problem::from_status(599).title == "Internal Server Error");
  CHECK(problem::from_status(418).title == "(Unused)");
  const problem invalid = problem::from_status(999);
  CHECK(invalid.status == 999);
  CHECK_FALSE(invalid.title.has_value());
  CHECK_FALSE(problem::from_status(-1).title.has_value());
}

TEST_CASE("Tolerant parsing: status as a string is ignored", "[problem][parse]") {
  const problem p = problem::parse(json::parse(R"({"status": "404", "title": "Not Found"})"));
  CHECK_FALSE(p.status.has_value());
  CHECK(p.title == "Not Found");
  CHECK_FALSE(p.has_extension("status"));
}

TEST_CASE("Tolerant parsing: a numeric title is ignored", "[problem][parse]") {
  const problem p = problem::parse(json::parse(R"({"title": 404, "status": 404})"));
  CHECK_FALSE(p.title.has_value());
  CHECK(p.status == 404);
  CHECK_FALSE(p.has_extension("title"));
}

TEST_CASE("Tolerant parsing: detail, instance and type of the wrong type are ignored",
          "[problem][parse]") {
  const problem p = problem::parse(
      json::parse(R"({"type": ["x"], "detail": {"a": 1}, "instance": true, "title": null})"));
  CHECK(p.type == "about:blank");
  CHECK_FALSE(p.detail.has_value());
  CHECK_FALSE(p.instance.has_value());
  CHECK_FALSE(p.title.has_value());
  CHECK(p.extensions.empty());
}

TEST_CASE("Tolerant parsing: 1e309 and infinities are no status", "[problem][parse]") {
  // nlohmann refuses 1e309 in text; an infinity can still arrive through a DOM.
  CHECK_THROWS_AS(json::parse(R"({"status": 1e309})"), json::out_of_range);
  json doc = json::object();
  doc["status"] = std::numeric_limits<double>::infinity();
  CHECK_FALSE(problem::parse(doc).status.has_value());
  doc["status"] = -std::numeric_limits<double>::infinity();
  CHECK_FALSE(problem::parse(doc).status.has_value());
  doc["status"] = std::numeric_limits<double>::quiet_NaN();
  CHECK_FALSE(problem::parse(doc).status.has_value());
  CHECK(has_finding(envelope::validate_problem(doc), severity::error, "/status"));
}

TEST_CASE("Tolerant parsing: a negative status is ignored", "[problem][parse]") {
  CHECK_FALSE(problem::parse(json::parse(R"({"status": -1})")).status.has_value());
  CHECK_FALSE(problem::parse(json::parse(R"({"status": -404})")).status.has_value());
}

TEST_CASE("Tolerant parsing: status 2^64 and other huge numbers are ignored", "[problem][parse]") {
  // 2^64 does not fit uint64_t (nlohmann reads it as a double); 2^64-1 does.
  CHECK_FALSE(
      problem::parse(json::parse(R"({"status": 18446744073709551616})")).status.has_value());
  CHECK_FALSE(
      problem::parse(json::parse(R"({"status": 18446744073709551615})")).status.has_value());
  CHECK_FALSE(problem::parse(json::parse(R"({"status": 4294967700})")).status.has_value());
  CHECK_FALSE(
      problem::parse(json::parse(R"({"status": -9223372036854775808})")).status.has_value());
}

TEST_CASE("Tolerant parsing: an integral float status counts, a fraction does not",
          "[problem][parse]") {
  CHECK(problem::parse(json::parse(R"({"status": 404.0})")).status == 404);
  CHECK(problem::parse(json::parse(R"({"status": 4.04e2})")).status == 404);
  CHECK_FALSE(problem::parse(json::parse(R"({"status": 404.5})")).status.has_value());
  const auto findings = envelope::validate_problem(json::parse(R"({"status": 404.0})"));
  CHECK(has_finding(findings, severity::info, "/status"));
}

TEST_CASE("Tolerant parsing: a status outside 100-599 is ignored", "[problem][parse]") {
  CHECK_FALSE(problem::parse(json::parse(R"({"status": 99})")).status.has_value());
  CHECK_FALSE(problem::parse(json::parse(R"({"status": 600})")).status.has_value());
  CHECK_FALSE(problem::parse(json::parse(R"({"status": 0})")).status.has_value());
  CHECK(problem::parse(json::parse(R"({"status": 100})")).status == 100);
  CHECK(problem::parse(json::parse(R"({"status": 599})")).status == 599);
  CHECK(has_finding(envelope::validate_problem(json::parse(R"({"status": 600})")), severity::error,
                    "/status"));
}

TEST_CASE("Tolerant parsing: a missing type is about:blank", "[problem][parse]") {
  const problem p = problem::parse(json::parse(R"({"status": 404})"));
  CHECK(p.type == "about:blank");
  CHECK(p == problem{}.with_status(404));
}

TEST_CASE("Tolerant parsing: unknown members are kept as extensions", "[problem][parse]") {
  const problem p = problem::parse(
      json::parse(R"({"trace_id": "abc", "retry": {"after": 5}, "n": null, "x-y": [1, 2]})"));
  CHECK(p.extension<std::string>("trace_id") == "abc");
  CHECK(p.extensions.at("retry") == json{{"after", 5}});
  CHECK(p.extensions.at("n").is_null());
  CHECK(p.extensions.at("x-y") == json{1, 2});
  CHECK(p.extensions.size() == 4);
}

TEST_CASE("Tolerant parsing: a non-object document is the one error", "[problem][parse]") {
  for (const char* text : {"[]", "\"about:blank\"", "null", "404", "true"}) {
    const json doc = json::parse(text);
    const std::string message = thrown_message([&] { (void)problem::parse(doc); });
    CHECK(message.find("\"\"") != std::string::npos);
    CHECK(message.find("not an object") != std::string::npos);
    CHECK_THROWS_AS(doc.get<problem>(), std::invalid_argument);
    // The moving parse refuses it the same way.
    CHECK(thrown_message([&] { (void)problem::parse(json::parse(text)); }) == message);
    CHECK_THROWS_AS(problem::parse(json::parse(text)), std::invalid_argument);
    const auto findings = envelope::validate_problem(doc);
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].level == severity::error);
    CHECK(findings[0].pointer.empty());
  }
}

TEST_CASE("Tolerant parsing: errors that are not an array are kept verbatim", "[problem][parse]") {
  const json doc = json::parse(R"({"title": "t", "errors": {"name": ["is required"]}})");
  const problem p = problem::parse(doc);
  CHECK(p.errors.empty());
  CHECK(p.extensions.at("errors") == json{{"name", {"is required"}}});
  CHECK(json(p).at("errors") == doc.at("errors"));
  CHECK(has_finding(envelope::validate_problem(doc), severity::warning, "/errors"));
}

TEST_CASE("Tolerant parsing: errors with a non-object element are kept verbatim",
          "[problem][parse]") {
  const json doc = json::parse(R"({"errors": [{"detail": "a"}, "b", 3]})");
  const problem p = problem::parse(doc);
  CHECK(p.errors.empty());
  CHECK(p.extensions.at("errors") == doc.at("errors"));
  CHECK(json(p) == json::parse(R"({"type": "about:blank", "errors": [{"detail": "a"}, "b", 3]})"));
  CHECK(has_finding(envelope::validate_problem(doc), severity::warning, "/errors/1"));
}

TEST_CASE("Tolerant parsing: errors with a wrong-typed detail are kept verbatim",
          "[problem][parse]") {
  const json doc = json::parse(R"({"errors": [{"detail": "a"}, {"detail": 7, "pointer": "#/x"}]})");
  const problem p = problem::parse(doc);
  CHECK(p.errors.empty());
  CHECK(p.extensions.at("errors") == doc.at("errors"));
  CHECK(has_finding(envelope::validate_problem(doc), severity::warning, "/errors/1/detail"));
}

TEST_CASE("Tolerant parsing: unknown members of an error are its extensions", "[problem][parse]") {
  const problem p = problem::parse(
      json::parse(R"({"errors": [{"detail": "d", "code": "E12", "field": "age"}]})"));
  REQUIRE(p.errors.size() == 1);
  CHECK(p.errors[0].detail == "d");
  CHECK(p.errors[0].extensions == json{{"code", "E12"}, {"field", "age"}});
  const problem missing_detail = problem::parse(json::parse(R"({"errors": [{"code": "E1"}]})"));
  REQUIRE(missing_detail.errors.size() == 1);
  CHECK(missing_detail.errors[0].detail.empty());
  CHECK(json(missing_detail).at("errors") == json::parse(R"([{"code": "E1"}])"));
}

TEST_CASE("Parsing never throws for any JSON object", "[problem][parse]") {
  const json values[] = {nullptr,
                         true,
                         false,
                         0,
                         -1,
                         404,
                         404.0,
                         404.5,
                         1e300,
                         -1e300,
                         std::numeric_limits<std::uint64_t>::max(),
                         std::numeric_limits<std::int64_t>::min(),
                         "",
                         "404",
                         "about:blank",
                         "\xff\xfe",
                         json::array(),
                         json::array({1, "a"}),
                         json::object(),
                         json{{"detail", 1}},
                         json::array({json::object(), 2}),
                         json::array({json{{"title", 1}}}),
                         json::array({json{{"pointer", nullptr}}})};
  const char* names[] = {"type", "title", "status", "detail", "instance", "errors", "ex", ""};
  std::uint32_t seed = 12345;
  const auto next = [&seed]() {
    seed = seed * 1103515245u + 12345u;
    return (seed >> 16) & 0x7FFFu;
  };
  for (int round = 0; round < 2000; ++round) {
    json doc = json::object();
    const auto members = next() % 6;
    for (std::uint32_t m = 0; m < members; ++m) {
      doc[names[next() % std::size(names)]] = values[next() % std::size(values)];
    }
    problem p;
    CHECK_NOTHROW(p = problem::parse(doc));
    CHECK_NOTHROW((void)envelope::validate_problem(doc));
    CHECK_NOTHROW((void)envelope::to_xml(p));
    // What was read is written back and reads the same.
    CHECK(problem::parse(json(p)) == p);
  }
}

TEST_CASE("The moving parse gives the same problem and takes the values", "[problem][parse]") {
  json doc = data_json("out-of-credit.json");
  doc["errors"] = json::parse(R"([{"detail": "d", "pointer": "#/a", "code": 1}])");
  const problem copied = problem::parse(doc);
  const problem moved = problem::parse(std::move(doc));
  CHECK(moved == copied);
  // The document's object was taken, not copied: nlohmann leaves a moved-from
  // value null.
  // NOLINTNEXTLINE(bugprone-use-after-move)
  CHECK(doc.is_null());
}

TEST_CASE("ordered_json keeps the member order", "[problem][json]") {
  const problem p = problem::from_status(403)
                        .with_type("https://example.com/probs/out-of-credit")
                        .with_detail("d")
                        .with_instance("/i")
                        .add_error(validation_error::at("#/a", "bad"))
                        .with("zeta", 1)
                        .with("alpha", 2);
  const nlohmann::ordered_json j = p;
  std::vector<std::string> keys;
  for (auto it = j.begin(); it != j.end(); ++it)
    keys.push_back(it.key());
  CHECK(keys == std::vector<std::string>{"type", "title", "status", "detail", "instance", "errors",
                                         "alpha", "zeta"});
  CHECK(j.at("errors").at(0).begin().key() == "detail");
  CHECK(j.get<problem>() == p);
}

TEST_CASE("about:blank is written unless the options say otherwise", "[problem][json]") {
  const problem p = problem::from_status(404);
  CHECK(json(p).at("type") == "about:blank");
  CHECK_FALSE(envelope::to_json(p, problem_options{false}).contains("type"));
  CHECK(problem::parse(envelope::to_json(p, problem_options{false})) == p);
  const problem typed = problem::from_status(404).with_type("https://example.com/gone");
  CHECK(envelope::to_json(typed, problem_options{false}).at("type") == "https://example.com/gone");
  CHECK(envelope::to_xml(p, problem_options{false}).find("<type>") == std::string::npos);
}

TEST_CASE("Optional members are written only when set", "[problem][json]") {
  CHECK(json(problem{}) == json{{"type", "about:blank"}});
  const validation_error e;
  CHECK(json(e) == json::object());
}

TEST_CASE("Round trips: build, write, read, equal", "[problem][json]") {
  const problem samples[] = {
      problem{},
      problem::from_status(500),
      problem::from_status(429).with_detail("slow down").with("retry_after", 30),
      problem::validation_failed(
          {validation_error::titled("invalid_type", "name is missing"),
           validation_error::at("#/age", "must be positive").with("minimum", 0)}),
      problem::from_status(409).with_instance("urn:uuid:1").with("nested", json{{"a", {1, 2}}}),
  };
  for (const auto& p : samples) {
    CHECK(json(p).get<problem>() == p);
    CHECK(problem::parse(json::parse(json(p).dump())) == p);
    const nlohmann::ordered_json ordered = p;
    CHECK(ordered.get<problem>() == p);
  }
}

TEST_CASE("Typed extensions: a user struct goes in and comes back out", "[problem][extension]") {
  const bank::account account{"12345", 30};
  const problem p = problem::from_status(403).with("account", account).with("balance", 30);
  CHECK(json(p).at("account") == json{{"id", "12345"}, {"balance", 30}});
  CHECK_FALSE(json(p).contains("extensions"));

  const problem back = problem::parse(json::parse(json(p).dump()));
  CHECK(back.extension<bank::account>("account") == account);
  CHECK_FALSE(back.extension<bank::account>("balance").has_value());
  CHECK_FALSE(back.extension<bank::account>("absent").has_value());
}

TEST_CASE("Typed extensions: a type mismatch is nullopt, never a throw or a wrapped number",
          "[problem][extension]") {
  const problem p = problem{}
                        .with("fraction", 1.5)
                        .with("big", 300)
                        .with("negative", -1)
                        .with("flag", true)
                        .with("text", "30")
                        .with("huge", std::numeric_limits<std::uint64_t>::max());
  CHECK_FALSE(p.extension<int>("fraction").has_value());
  CHECK(p.extension<double>("fraction") == 1.5);
  CHECK_FALSE(p.extension<std::int8_t>("big").has_value());
  CHECK(p.extension<std::int16_t>("big") == 300);
  CHECK_FALSE(p.extension<unsigned>("negative").has_value());
  CHECK(p.extension<int>("negative") == -1);
  CHECK_FALSE(p.extension<int>("flag").has_value());
  CHECK(p.extension<bool>("flag") == true);
  CHECK_FALSE(p.extension<bool>("big").has_value());
  CHECK_FALSE(p.extension<int>("text").has_value());
  CHECK_FALSE(p.extension<std::int64_t>("huge").has_value());
  CHECK(p.extension<std::uint64_t>("huge") == std::numeric_limits<std::uint64_t>::max());
  CHECK_FALSE(p.extension<std::vector<int>>("text").has_value());
  CHECK_FALSE(p.extension<double>("text").has_value());
}

TEST_CASE("Reserved names are refused as extensions", "[problem][extension]") {
  for (const char* name : {"type", "title", "status", "detail", "instance", "errors"}) {
    problem p;
    const std::string message = thrown_message([&] { p.with(name, 1); });
    CHECK(message.find(std::string("\"") + name + "\"") != std::string::npos);
    CHECK(p.extensions.empty());
  }
  for (const char* name : {"title", "detail", "pointer"}) {
    validation_error e;
    CHECK_THROWS_AS(e.with(name, 1), std::invalid_argument);
  }
  CHECK_NOTHROW(validation_error{}.with("code", "E1"));
  CHECK_NOTHROW(problem{}.with("pointer", "#/a"));
}

TEST_CASE("A reserved name placed in extensions by hand is not written", "[problem][json]") {
  problem p = problem::from_status(404);
  p.extensions["title"] = "Overridden";
  p.extensions["status"] = 200;
  const json j = p;
  CHECK(j.at("title") == "Not Found");
  CHECK(j.at("status") == 404);

  problem typed = problem::validation_failed({validation_error::at("#/a", "x")});
  typed.extensions["errors"] = "raw";
  CHECK(json(typed).at("errors").is_array());
}

TEST_CASE("Fluent methods work on lvalues and on temporaries", "[problem]") {
  problem p;
  p.with_title("T").with_status(418).with_detail("D").with("abc", 1);
  CHECK(p.title == "T");
  CHECK(p.status == 418);
  CHECK(p.extension<int>("abc") == 1);

  const problem q = problem::from_status(404).with_detail("x").with_instance("/a");
  CHECK(q.detail == "x");
  CHECK(q.instance == "/a");
}

TEST_CASE("from_exception never copies what() unless asked", "[problem][exposure]") {
  const std::runtime_error secret("connect to db://admin:hunter2@10.0.0.5 failed");
  const problem hidden = problem::from_exception(secret);
  CHECK(hidden.status == 500);
  CHECK(hidden.title == "Internal Server Error");
  CHECK_FALSE(hidden.detail.has_value());
  CHECK(json(hidden).dump().find("hunter2") == std::string::npos);
  CHECK(envelope::to_xml(hidden).find("hunter2") == std::string::npos);

  const problem unavailable = problem::from_exception(secret, 503);
  CHECK(unavailable.title == "Service Unavailable");
  CHECK_FALSE(unavailable.detail.has_value());

  const std::invalid_argument client_fault("quantity must be positive");
  const problem exposed = problem::from_exception(client_fault, 400, exception_detail::exposed);
  CHECK(exposed.status == 400);
  CHECK(exposed.detail == "quantity must be positive");
}

TEST_CASE("from_exception gives a problem_exception's own problem", "[problem][exposure]") {
  const problem_exception carried(problem::from_status(404).with_detail("no such order"));
  const std::exception& base = carried;
  CHECK(problem::from_exception(base) == carried.details());
}

TEST_CASE("problem_exception: what() is the title, copies share the problem", "[problem]") {
  const problem_exception e(problem::from_status(409).with_detail("already exists"));
  CHECK(std::string(e.what()) == "Conflict");
  const problem_exception copy = e;
  CHECK(copy.what() == e.what());
  CHECK(copy.details().detail == "already exists");

  CHECK(std::string(problem_exception(problem{}.with_status(404)).what()) == "Not Found");
  CHECK(std::string(problem_exception(problem{}).what()) == "about:blank");
  try {
    throw problem_exception(problem::from_status(503));
  } catch (const std::exception& caught) {
    CHECK(std::string(caught.what()) == "Service Unavailable");
  }
}

TEST_CASE("problem_type: declared once, instantiated per occurrence", "[problem][catalogue]") {
  const problem_type out_of_credit{"https://example.com/probs/out-of-credit",
                                   "You do not have enough credit.", 403};
  const problem p = out_of_credit.make("Your current balance is 30, but that costs 50.")
                        .with_instance("/account/12345/msgs/abc")
                        .with("balance", 30);
  CHECK(p.type == out_of_credit.type);
  CHECK(p.title == out_of_credit.title);
  CHECK(p.status == 403);
  CHECK(p.detail == "Your current balance is 30, but that costs 50.");
  CHECK_FALSE(out_of_credit.make().detail.has_value());
}

TEST_CASE("problem_catalogue: add, find, list, copy", "[problem][catalogue]") {
  problem_catalogue catalogue;
  catalogue.add({"https://example.com/probs/out-of-credit", "You do not have enough credit.", 403})
      .add({"https://example.com/probs/locked", "The account is locked.", 423});
  CHECK(catalogue.size() == 2);
  REQUIRE(catalogue.find("https://example.com/probs/locked") != nullptr);
  CHECK(catalogue.find("https://example.com/probs/locked")->status == 423);
  CHECK(catalogue.find("about:blank") == nullptr);
  CHECK(catalogue.list().front().type == "https://example.com/probs/out-of-credit");

  CHECK_THROWS_AS(catalogue.add({"https://example.com/probs/locked", "Again", 423}),
                  std::invalid_argument);
  CHECK_THROWS_AS(catalogue.add({"", "No type", 400}), std::invalid_argument);
  CHECK_THROWS_AS(catalogue.add({"urn:x", "", 400}), std::invalid_argument);
  CHECK_THROWS_AS(catalogue.add({"urn:x", "Bad status", 700}), std::invalid_argument);
  CHECK(catalogue.size() == 2);

  problem_catalogue copy = catalogue;
  copy.add({"urn:example:other", "Other", 400});
  CHECK(copy.size() == 3);
  CHECK(catalogue.size() == 2);
  CHECK(copy != catalogue);

  const json listed = catalogue;
  CHECK(listed == json::parse(R"([
    {"type": "https://example.com/probs/out-of-credit", "title": "You do not have enough credit.", "status": 403},
    {"type": "https://example.com/probs/locked", "title": "The account is locked.", "status": 423}])"));
}

TEST_CASE("XML: the out-of-credit example matches RFC 9457 Appendix B", "[problem][xml]") {
  const problem p =
      problem{}
          .with_type("https://example.com/probs/out-of-credit")
          .with_title("You do not have enough credit.")
          .with_detail("Your current balance is 30, but that costs 50.")
          .with_instance("https://example.net/account/12345/msgs/abc")
          .with("balance", 30)
          .with("accounts", std::vector<std::string>{"https://example.net/account/12345",
                                                     "https://example.net/account/67890"});
  // nlohmann::json keeps extension members in name order: accounts, then balance.
  std::string expected = read_data("out-of-credit.xml");
  const std::string balance = "  <balance>30</balance>\n";
  expected.erase(expected.find(balance), balance.size());
  expected.insert(expected.find("</problem>"), balance);
  CHECK(envelope::to_xml(p) == expected);
}

TEST_CASE("XML: the RFC's JSON document becomes Appendix B byte for byte", "[problem][xml]") {
  // Appendix B shows the out-of-credit example with absolute URIs.
  auto doc = nlohmann::ordered_json::parse(read_data("out-of-credit.json"));
  doc["instance"] = "https://example.net/account/12345/msgs/abc";
  doc["accounts"] = {"https://example.net/account/12345", "https://example.net/account/67890"};
  CHECK(envelope::to_xml(doc) == read_data("out-of-credit.xml"));
}

TEST_CASE("XML from a document: wrong-typed members are left out", "[problem][xml]") {
  const std::string xml = envelope::to_xml(
      json::parse(R"({"status": "404", "title": 7, "type": "urn:x", "n": "404"})"));
  CHECK(xml.find("<status>") == std::string::npos);
  CHECK(xml.find("<title>") == std::string::npos);
  CHECK(xml.find("<type>urn:x</type>") != std::string::npos);
  CHECK(xml.find("<n>404</n>") != std::string::npos);
  CHECK_THROWS_AS(envelope::to_xml(json::array()), std::invalid_argument);
}

TEST_CASE("XML: status, errors, nested objects, empty values", "[problem][xml]") {
  const problem p = problem::validation_failed({validation_error::at("#/age", "must be positive")})
                        .with("limits", json{{"max", 10}, {"open", false}, {"none", nullptr}})
                        .with("empty", json::array())
                        .with("ratio", 0.5);
  const std::string expected =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<problem xmlns=\"urn:ietf:rfc:7807\">\n"
      "  <type>about:blank</type>\n"
      "  <title>Bad Request</title>\n"
      "  <status>400</status>\n"
      "  <detail>Request failed validation</detail>\n"
      "  <errors>\n"
      "    <i>\n"
      "      <detail>must be positive</detail>\n"
      "      <pointer>#/age</pointer>\n"
      "    </i>\n"
      "  </errors>\n"
      "  <empty/>\n"
      "  <limits>\n"
      "    <max>10</max>\n"
      "    <none/>\n"
      "    <open>false</open>\n"
      "  </limits>\n"
      "  <ratio>0.5</ratio>\n"
      "</problem>";
  CHECK(envelope::to_xml(p) == expected);
}

TEST_CASE("XML: text is escaped and made well-formed", "[problem][xml]") {
  const problem p =
      problem{}.with_detail("a < b && c > \"d\" 'e'").with("ctl", "x\x01y\xffz\xc3\xa9");
  const std::string xml = envelope::to_xml(p);
  CHECK(xml.find("<detail>a &lt; b &amp;&amp; c &gt; &quot;d&quot; &apos;e&apos;</detail>") !=
        std::string::npos);
  // U+0001 and the stray byte 0xFF cannot appear in XML 1.0; é passes through.
  CHECK(xml.find("<ctl>x\xEF\xBF\xBDy\xEF\xBF\xBDz\xc3\xa9</ctl>") != std::string::npos);
}

TEST_CASE("XML: extension names that are not XML names are left out", "[problem][xml]") {
  const problem p = problem{}
                        .with("9lives", 1)
                        .with("a b", 2)
                        .with("ns:name", 3)
                        .with("", 4)
                        .with("<evil>", 5)
                        .with("ok-name.v2", 6)
                        .with("caf\xc3\xa9", 7)
                        .with("nested", json{{"bad key", 1}, {"good", 2}});
  const std::string xml = envelope::to_xml(p);
  CHECK(xml.find("9lives") == std::string::npos);
  CHECK(xml.find("a b") == std::string::npos);
  CHECK(xml.find("ns:name") == std::string::npos);
  CHECK(xml.find("<evil>") == std::string::npos);
  CHECK(xml.find(">4<") == std::string::npos);
  CHECK(xml.find("<ok-name.v2>6</ok-name.v2>") != std::string::npos);
  CHECK(xml.find("<caf\xc3\xa9>7</caf\xc3\xa9>") != std::string::npos);
  CHECK(xml.find("bad key") == std::string::npos);
  CHECK(xml.find("<good>2</good>") != std::string::npos);

  const auto findings = envelope::validate_problem(json(p));
  CHECK(has_finding(findings, severity::warning, "/9lives"));
  CHECK(has_finding(findings, severity::warning, "/ns:name"));
  CHECK(has_finding(findings, severity::warning, "/"));
}

TEST_CASE("validate_problem: each ignored member is named", "[problem][validate]") {
  const auto findings = envelope::validate_problem(
      json::parse(R"({"type": 1, "title": 2, "status": "404", "detail": [], "instance": {}})"));
  for (const char* pointer : {"/type", "/title", "/status", "/detail", "/instance"}) {
    CHECK(has_finding(findings, severity::error, pointer));
  }
}

TEST_CASE("validate_problem: about:blank titles should be the status phrase",
          "[problem][validate]") {
  const auto wrong =
      envelope::validate_problem(json::parse(R"({"title": "Oops", "status": 404, "detail": "d"})"));
  REQUIRE(wrong.size() == 1);
  CHECK(wrong[0].level == severity::warning);
  CHECK(wrong[0].pointer == "/title");
  CHECK(wrong[0].message.find("Not Found") != std::string::npos);
  CHECK(envelope::validate_problem(
            json::parse(
                R"({"type": "https://e.x/t", "title": "Oops", "status": 404, "detail": "d"})"))
            .empty());
}

TEST_CASE("validate_problem: an unassigned code has no phrase to compare the title with",
          "[problem][validate]") {
  CHECK(envelope::validate_problem(
            json::parse(R"({"title": "Client Closed Request", "status": 499, "detail": "d"})"))
            .empty());
}

TEST_CASE("extension<T>: nullopt whatever from_json throws", "[problem][extensions]") {
  // The library's own from_json throws argument_error, not a json exception.
  problem p;
  p.with("x", "text");
  CHECK_FALSE(p.extension<validation_error>("x").has_value());
  CHECK_FALSE(p.extension<problem>("x").has_value());
  p.with("y", json{{"detail", "d"}});
  REQUIRE(p.extension<validation_error>("y").has_value());
  CHECK(p.extension<validation_error>("y")->detail == "d");
}

TEST_CASE("Tolerant parsing: an empty errors array reads as no errors, and is written back",
          "[problem][parse]") {
  // Kept untyped, as an "errors" of another shape is: nothing read is lost.
  const json document = {{"title", "Bad Request"}, {"errors", json::array()}};
  const problem p = problem::parse(document);
  CHECK(p.errors.empty());
  CHECK(p.extensions == json{{"errors", json::array()}});
  CHECK(json(p)["errors"] == json::array());
  CHECK(envelope::dump(p) == json(p).dump());
  CHECK(problem::parse(json(p)) == p);
}

TEST_CASE("A typed errors list replaces an errors member parsing kept untyped",
          "[problem][parse]") {
  // add_error only appends: the raw value stays in extensions, and the writers
  // and == let the typed list win while it is non-empty.
  problem p = problem::parse(json{{"title", "Bad Request"}, {"errors", "weird"}});
  REQUIRE(p.extensions.contains("errors"));
  p.add_error(validation_error::at("#/age", "must be positive"));
  CHECK(p.extensions.contains("errors"));
  CHECK(json(p).at("errors") ==
        json::parse(R"([{"detail": "must be positive", "pointer": "#/age"}])"));
  CHECK(json(p).get<problem>() == p);
  CHECK(problem::parse(json::parse(envelope::dump(p))) == p);
  CHECK(envelope::to_xml(p).find("weird") == std::string::npos);
  // Emptied again, the list gives way to what was read.
  p.errors.clear();
  CHECK(json(p).at("errors") == "weird");
}

TEST_CASE("to_xml: a status read from 404.0 is written 404", "[problem][xml]") {
  const std::string xml = envelope::to_xml(json::parse(R"({"status": 404.0, "title": "T"})"));
  CHECK(xml.find("<status>404</status>") != std::string::npos);
  CHECK(xml.find("404.0") == std::string::npos);
}

TEST_CASE("to_xml: nesting deeper than the writer's limit is an error, not a stack overflow",
          "[problem][xml]") {
  // The value is never copied or converted on the way, so even 100,000 levels
  // (which nlohmann's own copy or dump could not survive) meet the limit.
  json deep = json::array();
  for (int i = 0; i < 100000; ++i) {
    json outer = json::array();
    outer.push_back(std::move(deep));
    deep = std::move(outer);
  }
  problem p = problem::from_status(400);
  p.extensions["deep"] = std::move(deep);
  CHECK_THROWS_WITH(envelope::to_xml(p),
                    "problem details: a value nested deeper than 512 levels cannot be written as "
                    "XML (element <i>)");
  // Up to the limit it is written: the root's children are at depth 1.
  json ok = json::array();
  for (int i = 0; i < 510; ++i) {
    json outer = json::array();
    outer.push_back(std::move(ok));
    ok = std::move(outer);
  }
  p.extensions["deep"] = std::move(ok);
  CHECK(envelope::to_xml(p).find("<deep>") != std::string::npos);
}

TEST_CASE("validate_problem: the conventions require title and detail", "[problem][validate]") {
  const auto findings = envelope::validate_problem(json::parse(R"({"status": 500})"));
  CHECK(findings.size() == 2);
  CHECK(has_finding(findings, severity::warning, ""));
}

TEST_CASE("validate_problem: extension names per RFC 9457 Section 3.2", "[problem][validate]") {
  const auto findings = envelope::validate_problem(json::parse(
      R"({"title": "t", "detail": "d", "ab": 1, "_abc": 1, "a-bc": 1, "a~b/c": 1, "abc_9": 1})"));
  CHECK(has_finding(findings, severity::warning, "/ab"));
  CHECK(has_finding(findings, severity::warning, "/_abc"));
  CHECK(has_finding(findings, severity::warning, "/a-bc"));
  CHECK(has_finding(findings, severity::warning, "/a~0b~1c"));
  CHECK_FALSE(has_finding(findings, severity::warning, "/abc_9"));
  CHECK(findings.size() == 4);
}

TEST_CASE("validate_problem: relative URIs and error pointers", "[problem][validate]") {
  const auto findings = envelope::validate_problem(json::parse(
      R"({"type": "example-problem", "instance": "/instances/1", "title": "t", "detail": "d",
          "errors": [{"detail": "a", "pointer": "#/age"}, {"pointer": "age"}, {"detail": "c", "pointer": "/x"}]})"));
  CHECK(has_finding(findings, severity::warning, "/type"));
  CHECK_FALSE(has_finding(findings, severity::warning, "/instance"));
  CHECK(has_finding(findings, severity::warning, "/errors/1"));
  CHECK(has_finding(findings, severity::warning, "/errors/1/pointer"));
  CHECK_FALSE(has_finding(findings, severity::warning, "/errors/0/pointer"));
  CHECK_FALSE(has_finding(findings, severity::warning, "/errors/2/pointer"));
  CHECK(findings.size() == 3);
}

TEST_CASE("validate_problem: RFC 9457's own examples are clean but for the conventions",
          "[problem][validate]") {
  const auto credit = envelope::validate_problem(data_json("out-of-credit.json"));
  CHECK(credit.empty());
  const auto validation = envelope::validate_problem(data_json("validation-error.json"));
  REQUIRE(validation.size() == 1);
  CHECK(validation[0].message.find("detail") != std::string::npos);
}

namespace {

// Every form a problem is written in, to compare two problems' output at once.
std::string written_forms(const problem& p) {
  return json(p).dump() + "\n" + envelope::dump(p, 2) + "\n" + envelope::to_xml(p) + "\n" +
         envelope::to_json(p, problem_options{false}).dump();
}

// Changes a copy of `start` by assigning a member and another by its setter, and
// requires equal problems, the same text, and nothing else changed by the setter.
template <class Assign, class Set>
void require_setter_is_assignment(const problem& start, Assign assign, Set set) {
  problem assigned = start;
  assign(assigned);
  problem set_lvalue = start;
  set(set_lvalue);
  CHECK(set_lvalue == assigned);
  CHECK(written_forms(set_lvalue) == written_forms(assigned));
  CHECK(set_lvalue.extensions == assigned.extensions);
}

}  // namespace

TEST_CASE("Assigning a member and calling its setter give equal problems and the same text",
          "[problem][model]") {
  // A parsed problem holding an untyped "errors", plus a reserved name placed in
  // extensions by hand: no setter may touch either.
  problem start = problem::parse(json::parse(R"({"title": "T", "errors": "raw", "code": 7})"));
  start.extensions["detail"] = "placed by hand";
  const validation_error e = validation_error::at("#/a", "b").with("code", 1);
  const bank::account account{"12345", 30};

  require_setter_is_assignment(
      start, [](problem& p) { p.type = "urn:t"; }, [](problem& p) { p.with_type("urn:t"); });
  require_setter_is_assignment(
      start, [](problem& p) { p.title = "New"; }, [](problem& p) { p.with_title("New"); });
  require_setter_is_assignment(
      start, [](problem& p) { p.status = 409; }, [](problem& p) { p.with_status(409); });
  require_setter_is_assignment(
      start, [](problem& p) { p.detail = "d"; }, [](problem& p) { p.with_detail("d"); });
  require_setter_is_assignment(
      start, [](problem& p) { p.instance = "/i"; }, [](problem& p) { p.with_instance("/i"); });
  require_setter_is_assignment(
      start, [&e](problem& p) { p.errors.push_back(e); }, [&e](problem& p) { p.add_error(e); });
  require_setter_is_assignment(
      start, [&e](problem& p) { p.errors.assign(2, e); },
      [&e](problem& p) { p.add_error(e).add_error(e); });
  require_setter_is_assignment(
      start, [&account](problem& p) { p.extensions["account"] = account; },
      [&account](problem& p) { p.with("account", account); });

  // The rvalue overloads give the same values.
  problem assigned = start;
  assigned.type = "urn:t";
  assigned.title = "New";
  assigned.status = 409;
  assigned.detail = "d";
  assigned.instance = "/i";
  assigned.errors.push_back(e);
  assigned.extensions["account"] = account;
  const problem chained = problem(start)
                              .with_type("urn:t")
                              .with_title("New")
                              .with_status(409)
                              .with_detail("d")
                              .with_instance("/i")
                              .add_error(e)
                              .with("account", account);
  CHECK(chained == assigned);
  CHECK(written_forms(chained) == written_forms(assigned));
  CHECK(chained.extensions == assigned.extensions);
}

TEST_CASE("validation_error: members, factories and with() agree", "[problem][model]") {
  validation_error assigned;
  assigned.pointer = "#/age";
  assigned.detail = "must be positive";
  assigned.extensions["code"] = 12;
  const validation_error built = validation_error::at("#/age", "must be positive").with("code", 12);
  CHECK(assigned == built);
  CHECK(json(assigned).dump() == json(built).dump());
  problem with_assigned;
  with_assigned.errors.push_back(assigned);
  const problem with_built = problem{}.add_error(built);
  CHECK(with_assigned == with_built);
  CHECK(written_forms(with_assigned) == written_forms(with_built));

  validation_error titled;
  titled.title = "invalid_type";
  titled.detail = "d";
  CHECK(titled == validation_error::titled("invalid_type", "d"));
  CHECK(json(titled).dump() == json(validation_error::titled("invalid_type", "d")).dump());

  // A reserved name placed in extensions by hand is neither written nor compared:
  // the typed member is the one, set or not.
  validation_error shadowed = built;
  shadowed.extensions["detail"] = 7;
  shadowed.extensions["title"] = "by hand";
  CHECK(shadowed == built);
  CHECK(json(shadowed).dump() == json(built).dump());
  CHECK(written_forms(problem{}.add_error(shadowed)) == written_forms(with_built));
  CHECK(shadowed != validation_error::at("#/age", "other").with("code", 12));
  CHECK(shadowed != validation_error::at("#/age", "must be positive").with("code", 13));
}

TEST_CASE("A parsed problem given a typed value for an untyped member writes the typed one",
          "[problem][model]") {
  const json document = json::parse(R"({"status": "404", "errors": {"name": ["is required"]}})");
  problem p = problem::parse(document);
  REQUIRE_FALSE(p.status.has_value());
  REQUIRE(p.extensions.at("errors") == document.at("errors"));

  p.status = 400;
  p.errors = {validation_error::at("#/name", "is required")};
  const json written = p;
  CHECK(written.at("status") == 400);
  CHECK(written.at("errors") == json::parse(R"([{"detail": "is required", "pointer": "#/name"}])"));
  CHECK(envelope::dump(p) == written.dump());
  const std::string xml = envelope::to_xml(p);
  CHECK(xml.find("<pointer>#/name</pointer>") != std::string::npos);
  CHECK(xml.find("<name>") == std::string::npos);

  // Equal to the same problem built from nothing, and to what it reads back as.
  problem fresh;
  fresh.status = 400;
  fresh.errors = p.errors;
  CHECK(p == fresh);
  CHECK(written_forms(p) == written_forms(fresh));
  CHECK(problem::parse(written) == p);

  // The same for a standard member's name placed in extensions: the typed member wins.
  problem by_hand;
  by_hand.extensions["title"] = 7;
  by_hand.title = "Typed";
  CHECK(json(by_hand).at("title") == "Typed");
  CHECK(by_hand == problem{}.with_title("Typed"));
}

TEST_CASE("A fluent chain on a temporary can be bound to a const reference", "[problem][model]") {
  // The rvalue overloads return by value, so the reference extends the result's
  // lifetime; a T&& return would dangle here (the sanitizer build checks).
  const auto& p = envelope::problem::from_status(404).with_detail("x");
  CHECK(p.detail == "x");
  CHECK(p.title == "Not Found");
  const auto& e = validation_error::at("#/a", "b").with("code", 1);
  CHECK(e.extensions.at("code") == 1);
  const auto& q = problem{}
                      .with_type("urn:t")
                      .with_title("t")
                      .with_status(400)
                      .with_instance("/i")
                      .add_error(e)
                      .with("n", 1);
  CHECK(json(q).at("n") == 1);
  CHECK(q.errors.at(0) == e);
  static_assert(std::is_same_v<decltype(problem{}.with_type("")), problem>);
  static_assert(std::is_same_v<decltype(problem{}.with_title("")), problem>);
  static_assert(std::is_same_v<decltype(problem{}.with_status(1)), problem>);
  static_assert(std::is_same_v<decltype(problem{}.with_detail("")), problem>);
  static_assert(std::is_same_v<decltype(problem{}.with_instance("")), problem>);
  static_assert(std::is_same_v<decltype(problem{}.add_error({})), problem>);
  static_assert(std::is_same_v<decltype(problem{}.with("n", 1)), problem>);
  static_assert(std::is_same_v<decltype(validation_error{}.with("n", 1)), validation_error>);
}

static_assert(std::is_base_of_v<envelope::error, problem_exception>);
static_assert(std::is_base_of_v<std::exception, problem_exception>);

TEST_CASE("Every exception of problem details is caught as envelope::error", "[problem][error]") {
  const auto message_of = [](auto&& f) -> std::string {
    try {
      f();
    } catch (const envelope::error& e) {
      return e.what();
    }
    return "(nothing thrown)";
  };
  // argument_error: a reserved name given to with().
  problem p;
  CHECK(message_of([&p] { p.with("status", 1); }) ==
        "problem::with: \"status\" is a standard member, not an extension; set it directly");
  validation_error e;
  CHECK(message_of([&e] { e.with("pointer", 1); }) ==
        "validation_error::with: \"pointer\" is a standard member, not an extension; set it "
        "directly");

  // argument_error: a definition the catalogue refuses.
  problem_catalogue catalogue;
  catalogue.add({"urn:a", "A", 400});
  const auto refusal = [&](const problem_type& t) { return message_of([&] { catalogue.add(t); }); };
  CHECK(refusal({"urn:a", "Again", 400}) == "problem_catalogue::add: \"urn:a\" is already defined");
  CHECK(refusal({"", "No type", 400}) ==
        "problem_catalogue::add: a problem type needs a type URI and a title");
  CHECK(refusal({"urn:b", "B", 700}) ==
        "problem_catalogue::add: \"urn:b\": status 700 is outside 100-599 (RFC 9110 Section 15)");

  // argument_error: a document that is not an object, to every reader.
  const std::string not_object =
      "problem details: the document (JSON Pointer \"\") is array, not an object";
  const json array = json::array();
  CHECK(message_of([&] { (void)problem::parse(array); }) == not_object);
  CHECK(message_of([] { (void)problem::parse(json::array()); }) == not_object);
  CHECK(message_of([&] { (void)array.get<problem>(); }) == not_object);
  CHECK(message_of([&] { (void)envelope::to_xml(array); }) == not_object);
  CHECK(message_of([] { (void)json(3).get<validation_error>(); }) ==
        "validation error: expected an object, got number");

  // argument_error: a value nested past the XML writer's limit.
  json deep = json::array();
  for (int i = 0; i < 600; ++i)
    deep = json::array({deep});
  const problem too_deep = problem{}.with("deep", deep);
  CHECK(message_of([&] { (void)envelope::to_xml(too_deep); }).find("cannot be written as XML") !=
        std::string::npos);

  // problem_exception: what() through either base is the same message.
  try {
    throw problem_exception(problem::from_status(409).with_detail("already exists"));
  } catch (const envelope::error& caught) {
    CHECK(std::string(caught.what()) == "Conflict");
    const auto* carried = dynamic_cast<const problem_exception*>(&caught);
    REQUIRE(carried != nullptr);
    CHECK(carried->details().detail == "already exists");
    CHECK(static_cast<const std::exception&>(*carried).what() == caught.what());
  }
}
