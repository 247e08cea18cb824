// Line editing for the serial console: the terminal sends bytes, the editor
// keeps the line and says what to echo. Pure logic, host tested.
//
// Keys: printable ASCII inserts at the cursor; Backspace/DEL deletes before
// it; Ctrl-U clears the line; Left/Right (ESC [ D / ESC [ C) move; Up/Down
// (ESC [ A / ESC [ B) walk the history; Enter (CR or LF) finishes the line;
// Ctrl-C abandons it. Other control bytes and unknown escapes are ignored.
#pragma once

#include <stddef.h>

namespace akuma::shell {

class LineEditor {
 public:
  static constexpr size_t kMaxLine = 4096;
  static constexpr size_t kHistory = 16;

  enum class Event { kNone, kLine, kInterrupt };

  // Called with the bytes to send back to the terminal.
  using Echo = void (*)(void* ctx, const char* data, size_t len);

  LineEditor(Echo echo, void* ctx) : echo_(echo), ctx_(ctx) {}

  // Feeds one byte. On kLine, line() holds the finished line (no newline)
  // until the next feed; the line also goes into the history.
  Event feed(char c);
  const char* line() const { return done_; }
  size_t length() const { return done_len_; }
  // True when a line was cut at kMaxLine characters.
  bool truncated() const { return done_truncated_; }

 private:
  void insert(char c);
  void erase_before_cursor();
  void clear_line();
  void replace_line(const char* text, size_t len);
  void move_cursor(long delta);
  void redraw_from_cursor(size_t erased);
  void put(const char* s, size_t n) { echo_(ctx_, s, n); }
  void history_add();

  Echo echo_;
  void* ctx_;
  char buf_[kMaxLine + 1] = {};
  size_t len_ = 0;
  size_t cursor_ = 0;
  bool truncated_ = false;
  char done_[kMaxLine + 1] = {};
  size_t done_len_ = 0;
  bool done_truncated_ = false;
  int escape_ = 0;  // 0: none, 1: saw ESC, 2: saw ESC [
  char history_[kHistory][kMaxLine + 1] = {};
  size_t history_count_ = 0;  // lines stored (at most kHistory)
  size_t history_pos_ = 0;    // 0 = editing a new line, k = k-th most recent
};

}  // namespace akuma::shell
