#include "scry/db/sqlite.hpp"

#include <sqlite3.h>

namespace scry::db {

namespace {

// Without memory statistics SQLite's allocations take no process-wide lock, which every
// connection (one per matching thread) would otherwise contend on. Only possible before SQLite
// initialises; if it already has, the call fails and the statistics stay on.
void ConfigureOnce() {
  static const bool configured = [] {
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    return true;
  }();
  (void)configured;
}

}  // namespace

Result<Connection> Connection::Open(const std::filesystem::path& path, Mode mode) {
  ConfigureOnce();
  sqlite3* handle = nullptr;
  int flags = SQLITE_OPEN_NOMUTEX;
  std::string name = path.string();
  if (mode == Mode::kReadOnlyImmutable) {
    flags |= SQLITE_OPEN_READONLY | SQLITE_OPEN_URI;
    std::string escaped;
    for (char c : name) {
      if (c == '%' || c == '?' || c == '#') {
        escaped += fmt::format("%{:02X}", static_cast<unsigned char>(c));
      } else {
        escaped += c;
      }
    }
    name = "file:" + escaped + "?immutable=1";
  } else {
    flags |= SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
  }
  int status = sqlite3_open_v2(name.c_str(), &handle, flags, nullptr);
  if (status != SQLITE_OK) {
    std::string message = handle != nullptr ? sqlite3_errmsg(handle) : sqlite3_errstr(status);
    sqlite3_close(handle);
    return Fail(ErrorCode::kIo, "open database {}: {}", path.string(), message);
  }
  sqlite3_extended_result_codes(handle, 1);
  return Connection(handle);
}

Connection& Connection::operator=(Connection&& other) noexcept {
  if (this != &other) {
    sqlite3_close(handle_);
    handle_ = other.handle_;
    other.handle_ = nullptr;
  }
  return *this;
}

Connection::~Connection() { sqlite3_close(handle_); }

void Connection::Close() {
  sqlite3_close(handle_);
  handle_ = nullptr;
}

std::string Connection::LastError() const {
  return handle_ != nullptr ? sqlite3_errmsg(handle_) : "no connection";
}

Status Connection::Execute(std::string_view sql) {
  std::string text(sql);
  char* message = nullptr;
  if (sqlite3_exec(handle_, text.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
    std::string reason = message != nullptr ? message : LastError();
    sqlite3_free(message);
    return Fail(ErrorCode::kIo, "database: {}", reason);
  }
  return Ok();
}

Result<Statement> Connection::Prepare(std::string_view sql) {
  sqlite3_stmt* statement = nullptr;
  if (sqlite3_prepare_v3(handle_, sql.data(), static_cast<int>(sql.size()),
                         SQLITE_PREPARE_PERSISTENT, &statement, nullptr) != SQLITE_OK) {
    return Fail(ErrorCode::kIo, "database: prepare: {}", LastError());
  }
  return Statement(statement, handle_);
}

Statement::~Statement() { sqlite3_finalize(handle_); }

Statement& Statement::Bind(int index, std::string_view text) {
  sqlite3_bind_text(handle_, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
  return *this;
}

Statement& Statement::Bind(int index, int64_t value) {
  sqlite3_bind_int64(handle_, index, value);
  return *this;
}

Result<bool> Statement::Step() {
  int status = sqlite3_step(handle_);
  if (status == SQLITE_ROW) return true;
  if (status == SQLITE_DONE) return false;
  return Fail(ErrorCode::kIo, "database: {}", sqlite3_errmsg(owner_));
}

Status Statement::Run() {
  auto stepped = Step();
  Reset();
  if (!stepped) return tl::unexpected(std::move(stepped.error()));
  return Ok();
}

void Statement::Reset() {
  sqlite3_reset(handle_);
  sqlite3_clear_bindings(handle_);
}

std::string_view Statement::ColumnText(int index) const {
  const auto* text = sqlite3_column_text(handle_, index);
  if (text == nullptr) return {};
  return {reinterpret_cast<const char*>(text),
          static_cast<size_t>(sqlite3_column_bytes(handle_, index))};
}

int64_t Statement::ColumnInt(int index) const { return sqlite3_column_int64(handle_, index); }

bool Statement::ColumnIsNull(int index) const {
  return sqlite3_column_type(handle_, index) == SQLITE_NULL;
}

}  // namespace scry::db
