// Result<T>: a value or an Error, for code that cannot use exceptions.
//
//   Result<Page*> alloc();
//   Result<void> map(...);
//   Page* p = TRY(alloc());   // returns the error to our caller on failure
//
// TRY uses a GNU statement expression (supported by both gcc and clang).
#pragma once

#include "kernel/lib/error.h"
#include "kernel/lib/utility.h"

namespace akuma {

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(const T& value) : has_value_(true) { new (&storage_) T(value); }
  Result(T&& value) : has_value_(true) { new (&storage_) T(akuma::move(value)); }
  Result(Error error) : has_value_(false), error_(error) {}
  Result(const Result& other) : has_value_(other.has_value_), error_(other.error_) {
    if (has_value_) new (&storage_) T(other.value());
  }
  Result(Result&& other) : has_value_(other.has_value_), error_(other.error_) {
    if (has_value_) new (&storage_) T(akuma::move(other.value()));
  }
  Result& operator=(const Result&) = delete;
  ~Result() {
    if (has_value_) value().~T();
  }

  bool ok() const { return has_value_; }
  Error error() const { return error_; }
  T& value() { return *reinterpret_cast<T*>(&storage_); }
  const T& value() const { return *reinterpret_cast<const T*>(&storage_); }
  T release_value() { return akuma::move(value()); }
  T value_or(T fallback) const { return has_value_ ? value() : fallback; }

 private:
  bool has_value_;
  Error error_ = Error::kInvalidArgument;
  alignas(T) unsigned char storage_[sizeof(T)];
};

template <>
class [[nodiscard]] Result<void> {
 public:
  Result() : ok_(true) {}
  Result(Error error) : ok_(false), error_(error) {}
  bool ok() const { return ok_; }
  Error error() const { return error_; }
  void release_value() {}

 private:
  bool ok_;
  Error error_ = Error::kInvalidArgument;
};

}  // namespace akuma

// Evaluates a Result expression; on error returns the error from the enclosing
// function, otherwise yields the value.
#define TRY(expr)                                   \
  ({                                                \
    auto _akuma_try_result = (expr);                \
    if (!_akuma_try_result.ok()) {                  \
      return _akuma_try_result.error();             \
    }                                               \
    _akuma_try_result.release_value();              \
  })
