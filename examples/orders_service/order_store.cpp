#include "order_store.hpp"

#include <sqlite3.h>

#include <cstdint>
#include <limits>
#include <string_view>
#include <unordered_map>

namespace orders {
namespace {

// The schema this service writes, numbered in PRAGMA user_version so that a
// database from another program, or a later version of this one, is refused
// instead of misread. AUTOINCREMENT never hands out a deleted order's id again:
// an Idempotency-Key keeps naming the order it created, even once it is gone.
constexpr int schema_version = 1;
constexpr const char* schema = R"sql(
CREATE TABLE IF NOT EXISTS orders (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  item TEXT NOT NULL,
  quantity INTEGER NOT NULL,
  job_id INTEGER REFERENCES jobs (id)
);
CREATE TABLE IF NOT EXISTS jobs (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  order_id INTEGER NOT NULL,
  done_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS idempotency_keys (
  key TEXT PRIMARY KEY,
  request TEXT NOT NULL,
  order_id INTEGER NOT NULL
);
PRAGMA user_version = 1;
)sql";

// Every statement the store runs: fixed text, values bound as parameters.
namespace sql {
constexpr const char* begin_read = "BEGIN";
// IMMEDIATE takes the write lock at once: a transaction that reads and then
// writes cannot fail half-way on a lock another writer took in between, and
// the busy timeout applies to the BEGIN alone.
constexpr const char* begin_write = "BEGIN IMMEDIATE";
constexpr const char* commit = "COMMIT";
constexpr const char* rollback = "ROLLBACK";
constexpr const char* find_key = "SELECT request, order_id FROM idempotency_keys WHERE key = ?1";
constexpr const char* insert_order = "INSERT INTO orders (item, quantity) VALUES (?1, ?2)";
constexpr const char* insert_key =
    "INSERT INTO idempotency_keys (key, request, order_id) VALUES (?1, ?2, ?3)";
constexpr const char* find_order =
    "SELECT o.id, o.item, o.quantity, j.done_at FROM orders o LEFT JOIN jobs j ON j.id = o.job_id "
    "WHERE o.id = ?1";
constexpr const char* page_orders =
    "SELECT o.id, o.item, o.quantity, j.done_at FROM orders o LEFT JOIN jobs j ON j.id = o.job_id "
    "ORDER BY o.id LIMIT ?1 OFFSET ?2";
constexpr const char* count_orders = "SELECT count(*) FROM orders";
constexpr const char* delete_order = "DELETE FROM orders WHERE id = ?1";
constexpr const char* insert_job = "INSERT INTO jobs (order_id, done_at) VALUES (?1, ?2)";
constexpr const char* set_job = "UPDATE orders SET job_id = ?1 WHERE id = ?2";
constexpr const char* find_job = "SELECT id, order_id, done_at FROM jobs WHERE id = ?1";
}  // namespace sql

// Shipments end at a wall-clock time: it means the same after a restart.
sqlite3_int64 now_ms() {
  return static_cast<sqlite3_int64>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                        std::chrono::system_clock::now().time_since_epoch())
                                        .count());
}

// An id no row can have (past SQLite's int64) is nullopt.
std::optional<sqlite3_int64> row_id(std::uint64_t id) {
  if (id > static_cast<std::uint64_t>(std::numeric_limits<sqlite3_int64>::max())) {
    return std::nullopt;
  }
  return static_cast<sqlite3_int64>(id);
}

std::string status_of(std::optional<sqlite3_int64> done_at) {
  if (!done_at) return "placed";
  return now_ms() >= *done_at ? "shipped" : "shipping";
}

[[noreturn]] void raise(int code, const std::string& message) {
  const int primary = code & 0xff;
  if (primary == SQLITE_BUSY) throw store_busy(message);
  if (primary == SQLITE_FULL || primary == SQLITE_READONLY || primary == SQLITE_IOERR)
    throw store_unavailable(message);
  throw store_error(message);
}

// What SQLite says went wrong while `doing` something.
[[noreturn]] void fail(sqlite3* db, int code, std::string_view doing) {
  raise(code, std::string(doing) + ": " + sqlite3_errmsg(db));
}

}  // namespace

// One SQLite handle, used by one thread at a time, with its prepared statements.
class order_store::connection {
 public:
  explicit connection(const std::string& path) {
    // NOMUTEX: the pool hands a connection to one thread at a time.
    const int opened = sqlite3_open_v2(
        path.c_str(), &db_,
        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI,
        nullptr);
    if (opened != SQLITE_OK) {
      const std::string message = "cannot open the database " + path + ": " +
                                  (db_ != nullptr ? sqlite3_errmsg(db_) : sqlite3_errstr(opened));
      sqlite3_close(db_);
      throw store_error(message);
    }
    try {
      // A writer waits this long for another's lock before the request fails (503).
      sqlite3_busy_timeout(db_, 5000);
      // WAL: readers never wait for the writer. synchronous=NORMAL writes every
      // commit to the log before COMMIT returns, which a killed process cannot
      // undo; only an operating-system crash may lose the last commits (FULL
      // would sync each one to disk).
      // cache_size: 256 KiB of pages per connection, not SQLite's 2 MB; the
      // operating system's page cache holds the file for all of them, and the
      // service's memory stays flat while the database grows.
      execute(
          "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; "
          "PRAGMA cache_size = -256");
    } catch (const store_error& e) {
      sqlite3_close(db_);
      throw store_error("cannot open the database " + path + ": " + e.what());
    }
  }
  ~connection() {
    for (auto& entry : statements_)
      sqlite3_finalize(entry.second);
    sqlite3_close(db_);
  }
  connection(const connection&) = delete;
  connection& operator=(const connection&) = delete;

  // Runs fixed SQL text with no parameters and no rows (the schema, pragmas).
  void execute(const char* text) {
    char* error = nullptr;
    const int code = sqlite3_exec(db_, text, nullptr, nullptr, &error);
    if (code != SQLITE_OK) {
      const std::string message = error != nullptr ? error : sqlite3_errstr(code);
      sqlite3_free(error);
      raise(code, message);
    }
  }

  // The statement for `text`, prepared on first use; keyed by the address of
  // the sql:: constant, so the text is compiled once per connection.
  sqlite3_stmt* prepared(const char* text) {
    auto& slot = statements_[text];
    if (slot == nullptr) {
      const int code = sqlite3_prepare_v3(db_, text, -1, SQLITE_PREPARE_PERSISTENT, &slot, nullptr);
      if (code != SQLITE_OK) fail(db_, code, "prepare");
    }
    return slot;
  }

  [[nodiscard]] sqlite3* handle() const { return db_; }

 private:
  sqlite3* db_ = nullptr;
  std::unordered_map<const char*, sqlite3_stmt*> statements_;
};

namespace {

// One run of a prepared statement: parameters bound in order, rows read with
// next(); reset on destruction, which ends its read of the database. Text is
// bound without a copy: the caller's strings outlive the query.
class query {
 public:
  template <class... Values>
  query(sqlite3* db, sqlite3_stmt* statement, const Values&... values)
      : db_(db), statement_(statement) {
    [[maybe_unused]] int index = 0;
    (bind(++index, values), ...);
  }
  ~query() {
    sqlite3_reset(statement_);
    sqlite3_clear_bindings(statement_);
  }
  query(const query&) = delete;
  query& operator=(const query&) = delete;

  // True with a row to read, false when there are no more.
  bool next() {
    const int code = sqlite3_step(statement_);
    if (code == SQLITE_ROW) return true;
    if (code == SQLITE_DONE) return false;
    fail(db_, code, sqlite3_sql(statement_));
  }
  void run() {
    while (next()) {
    }
  }

  [[nodiscard]] sqlite3_int64 integer(int column) const {
    return sqlite3_column_int64(statement_, column);
  }
  [[nodiscard]] std::optional<sqlite3_int64> optional_integer(int column) const {
    if (sqlite3_column_type(statement_, column) == SQLITE_NULL) return std::nullopt;
    return integer(column);
  }
  [[nodiscard]] std::string text(int column) const {
    const auto* bytes = sqlite3_column_text(statement_, column);
    const auto size = static_cast<std::size_t>(sqlite3_column_bytes(statement_, column));
    return bytes == nullptr ? std::string()
                            : std::string(reinterpret_cast<const char*>(bytes), size);
  }

 private:
  void check(int code) {
    if (code != SQLITE_OK) fail(db_, code, "bind");
  }
  void bind(int index, sqlite3_int64 value) { check(sqlite3_bind_int64(statement_, index, value)); }
  void bind(int index, int value) { check(sqlite3_bind_int(statement_, index, value)); }
  void bind(int index, const std::string& value) {
    if (value.size() > static_cast<std::size_t>(std::numeric_limits<int>::max())) {
      fail(db_, SQLITE_TOOBIG, "bind");
    }
    check(sqlite3_bind_text(statement_, index, value.data(), static_cast<int>(value.size()),
                            nullptr));
  }

  sqlite3* db_;
  sqlite3_stmt* statement_;
};

}  // namespace

// A connection borrowed from the pool for one call, and the transaction it
// runs: rolled back unless committed, so a throw leaves the database as it was.
class order_store::lease {
 public:
  enum class intent { read, write };

  lease(order_store& store, intent what)
      : store_(store),
        writer_(what == intent::write ? std::unique_lock<std::mutex>(store.writer_mutex_)
                                      : std::unique_lock<std::mutex>()),
        connection_(store.acquire_()) {
    const char* const begin = what == intent::write ? sql::begin_write : sql::begin_read;
    try {
      // Prepared first, so that the destructor has nothing left that can throw.
      rollback_ = connection_->prepared(sql::rollback);
      query(handle(), connection_->prepared(begin)).run();
    } catch (...) {
      store_.release_(std::move(connection_));
      throw;
    }
  }
  ~lease() {
    if (!committed_) {
      // Ending a failed transaction cannot fail in a way worth reporting:
      // SQLite has rolled back already when ROLLBACK finds none open.
      sqlite3_step(rollback_);
      sqlite3_reset(rollback_);
    }
    store_.release_(std::move(connection_));
  }
  lease(const lease&) = delete;
  lease& operator=(const lease&) = delete;

  template <class... Values>
  query run(const char* text, const Values&... values) {
    return query(handle(), connection_->prepared(text), values...);
  }
  void commit() {
    query(handle(), connection_->prepared(sql::commit)).run();
    committed_ = true;
  }
  [[nodiscard]] sqlite3_int64 last_id() const { return sqlite3_last_insert_rowid(handle()); }

 private:
  [[nodiscard]] sqlite3* handle() const { return connection_->handle(); }

  order_store& store_;
  std::unique_lock<std::mutex> writer_;  // held for a write transaction's whole length
  std::unique_ptr<connection> connection_;
  sqlite3_stmt* rollback_ = nullptr;
  bool committed_ = false;
};

namespace {

order read_order(const query& row) {
  return order{static_cast<std::uint64_t>(row.integer(0)), row.text(1),
               static_cast<int>(row.integer(2)), status_of(row.optional_integer(3))};
}

}  // namespace

order_store::order_store(const std::string& path)
    : path_(path), max_connections_(path == ":memory:" ? 1 : max_pooled) {
  auto first = acquire_();
  try {
    sqlite3_stmt* version_statement = first->prepared("PRAGMA user_version");
    int version = 0;
    {
      query version_query(first->handle(), version_statement);
      if (version_query.next()) version = static_cast<int>(version_query.integer(0));
    }
    if (version != 0 && version != schema_version) {
      throw store_error("the database " + path + " has schema version " + std::to_string(version) +
                        "; this orders_service reads version " + std::to_string(schema_version));
    }
    // A database of this version needs no write to open, so a read-only one
    // serves reads (and answers 503 to writes).
    if (version == 0) {
      first->execute("BEGIN IMMEDIATE");
      try {
        first->execute(schema);
        first->execute("COMMIT");
      } catch (...) {
        first->execute("ROLLBACK");
        throw;
      }
    }
  } catch (...) {
    release_(std::move(first));
    throw;
  }
  release_(std::move(first));
}

order_store::~order_store() = default;

std::unique_ptr<order_store::connection> order_store::acquire_() {
  std::unique_lock<std::mutex> lock(idle_mutex_);
  if (max_connections_ != 0) {
    idle_available_.wait(lock,
                         [this] { return !idle_.empty() || open_connections_ < max_connections_; });
  }
  if (!idle_.empty()) {
    auto c = std::move(idle_.back());
    idle_.pop_back();
    return c;
  }
  ++open_connections_;
  lock.unlock();
  try {
    return std::make_unique<connection>(path_);
  } catch (...) {
    const std::lock_guard<std::mutex> relock(idle_mutex_);
    --open_connections_;
    idle_available_.notify_one();
    throw;
  }
}

void order_store::release_(std::unique_ptr<connection> c) noexcept {
  {
    const std::lock_guard<std::mutex> lock(idle_mutex_);
    idle_.push_back(std::move(c));
  }
  idle_available_.notify_one();
}

create_result order_store::create(const std::string& item, int quantity,
                                  const nlohmann::json& request,
                                  const std::optional<std::string>& idempotency_key) {
  lease db(*this, lease::intent::write);
  if (idempotency_key) {
    auto seen = db.run(sql::find_key, *idempotency_key);
    if (seen.next()) {
      if (nlohmann::json::parse(seen.text(0)) != request) return {create_outcome::key_conflict, {}};
      auto existing = db.run(sql::find_order, seen.integer(1));
      if (!existing.next()) return {create_outcome::key_order_gone, {}};
      return {create_outcome::replayed, read_order(existing)};
    }
  }
  db.run(sql::insert_order, item, quantity).run();
  const sqlite3_int64 id = db.last_id();
  if (idempotency_key) db.run(sql::insert_key, *idempotency_key, request.dump(), id).run();
  db.commit();
  return {create_outcome::created, order{static_cast<std::uint64_t>(id), item, quantity, "placed"}};
}

std::optional<order> order_store::find(std::uint64_t id) {
  const auto key = row_id(id);
  if (!key) return std::nullopt;
  lease db(*this, lease::intent::read);
  auto found = db.run(sql::find_order, *key);
  if (!found.next()) return std::nullopt;
  return read_order(found);
}

std::pair<std::vector<order>, std::size_t> order_store::page(std::size_t number, std::size_t size) {
  // One read transaction: the count and the page come from the same snapshot.
  lease db(*this, lease::intent::read);
  std::vector<order> items;
  {
    auto rows = db.run(sql::page_orders, static_cast<sqlite3_int64>(size),
                       static_cast<sqlite3_int64>(number * size));
    while (rows.next())
      items.push_back(read_order(rows));
  }
  auto count = db.run(sql::count_orders);
  const std::size_t total = count.next() ? static_cast<std::size_t>(count.integer(0)) : 0;
  return {std::move(items), total};
}

change_outcome order_store::remove(std::uint64_t id) {
  const auto key = row_id(id);
  if (!key) return change_outcome::missing;
  lease db(*this, lease::intent::write);
  std::string status;
  {
    auto found = db.run(sql::find_order, *key);
    if (!found.next()) return change_outcome::missing;
    status = status_of(found.optional_integer(3));
  }
  if (status == "shipping") return change_outcome::shipping;
  if (status == "shipped") return change_outcome::shipped;
  db.run(sql::delete_order, *key).run();
  db.commit();
  return change_outcome::done;
}

change_outcome order_store::ship(std::uint64_t id, job& started) {
  const auto key = row_id(id);
  if (!key) return change_outcome::missing;
  lease db(*this, lease::intent::write);
  std::string status;
  {
    auto found = db.run(sql::find_order, *key);
    if (!found.next()) return change_outcome::missing;
    status = status_of(found.optional_integer(3));
  }
  if (status == "shipping") return change_outcome::shipping;
  if (status == "shipped") return change_outcome::shipped;
  const sqlite3_int64 done_at = now_ms() + shipment_time.count();
  db.run(sql::insert_job, *key, done_at).run();
  const sqlite3_int64 job_id = db.last_id();
  db.run(sql::set_job, job_id, *key).run();
  db.commit();
  started = job{static_cast<std::uint64_t>(job_id), id, false};
  return change_outcome::done;
}

std::optional<job> order_store::find_job(std::uint64_t id) {
  const auto key = row_id(id);
  if (!key) return std::nullopt;
  lease db(*this, lease::intent::read);
  auto found = db.run(sql::find_job, *key);
  if (!found.next()) return std::nullopt;
  return job{static_cast<std::uint64_t>(found.integer(0)),
             static_cast<std::uint64_t>(found.integer(1)), now_ms() >= found.integer(2)};
}

}  // namespace orders
