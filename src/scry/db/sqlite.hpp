// A thin RAII layer over the SQLite C API for this module only (sqlite3.h stays in db/).
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "scry/base/error.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace scry::db {

class Statement;

class Connection {
 public:
  enum class Mode { kReadOnlyImmutable, kReadWriteCreate };
  // Opens `path`. Read-only connections use the immutable URI flag: the file must not change while
  // open (scry only ever replaces database files by renaming a new file over them).
  static Result<Connection> Open(const std::filesystem::path& path, Mode mode);

  Connection(Connection&& other) noexcept : handle_(other.handle_) { other.handle_ = nullptr; }
  Connection& operator=(Connection&& other) noexcept;
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  ~Connection();

  // Closes the connection now (statements must be gone); later calls fail.
  void Close();

  // Runs one or more statements without results.
  Status Execute(std::string_view sql);
  Result<Statement> Prepare(std::string_view sql);
  std::string LastError() const;

 private:
  explicit Connection(sqlite3* handle) : handle_(handle) {}
  sqlite3* handle_;
};

class Statement {
 public:
  Statement(Statement&& other) noexcept : handle_(other.handle_), owner_(other.owner_) {
    other.handle_ = nullptr;
  }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement();

  // Binds 1-based parameters; the text is copied.
  Statement& Bind(int index, std::string_view text);
  Statement& Bind(int index, int64_t value);
  // Steps once: true when a row is available, false when done.
  Result<bool> Step();
  // Runs to completion and resets, for statements without results.
  Status Run();
  void Reset();

  std::string_view ColumnText(int index) const;
  int64_t ColumnInt(int index) const;
  bool ColumnIsNull(int index) const;

 private:
  friend class Connection;
  Statement(sqlite3_stmt* handle, sqlite3* owner) : handle_(handle), owner_(owner) {}
  sqlite3_stmt* handle_;
  sqlite3* owner_;
};

}  // namespace scry::db
