#include "shell/line_editor.h"

#include "kernel/lib/string.h"

namespace akuma::shell {
namespace {
constexpr char kCtrlC = 0x03;
constexpr char kCtrlU = 0x15;
constexpr char kBackspace = 0x08;
constexpr char kDelete = 0x7f;
constexpr char kEscape = 0x1b;

}  // namespace

LineEditor::Event LineEditor::feed(char c) {
  if (escape_ == 1) {
    escape_ = (c == '[') ? 2 : 0;
    return Event::kNone;
  }
  if (escape_ == 2) {
    if (c >= '0' && c <= '9') return Event::kNone;  // parameters: ignored
    escape_ = 0;
    switch (c) {
      case 'A':
        if (history_pos_ < (history_count_ < kHistory ? history_count_ : kHistory)) {
          ++history_pos_;
          const char* h = history_[(history_count_ - history_pos_) % kHistory];
          replace_line(h, string_length(h));
        }
        break;
      case 'B':
        if (history_pos_ > 0) {
          --history_pos_;
          if (history_pos_ == 0) {
            replace_line("", 0);
          } else {
            const char* h = history_[(history_count_ - history_pos_) % kHistory];
            replace_line(h, string_length(h));
          }
        }
        break;
      case 'C': move_cursor(1); break;
      case 'D': move_cursor(-1); break;
      default: break;
    }
    return Event::kNone;
  }
  switch (c) {
    case '\r':
    case '\n':
      put("\n", 1);
      __builtin_memcpy(done_, buf_, len_);
      done_[len_] = '\0';
      done_len_ = len_;
      done_truncated_ = truncated_;
      truncated_ = false;
      if (len_) history_add();
      len_ = cursor_ = 0;
      history_pos_ = 0;
      return Event::kLine;
    case kCtrlC:
      put("^C\n", 3);
      len_ = cursor_ = 0;
      truncated_ = false;
      history_pos_ = 0;
      return Event::kInterrupt;
    case kCtrlU: clear_line(); return Event::kNone;
    case kBackspace:
    case kDelete: erase_before_cursor(); return Event::kNone;
    case kEscape: escape_ = 1; return Event::kNone;
    default:
      if (c >= 0x20 && c < 0x7f) insert(c);
      return Event::kNone;
  }
}

void LineEditor::insert(char c) {
  if (len_ == kMaxLine) {
    truncated_ = true;
    return;
  }
  for (size_t i = len_; i > cursor_; --i) buf_[i] = buf_[i - 1];
  buf_[cursor_++] = c;
  ++len_;
  put(&c, 1);
  if (cursor_ < len_) redraw_from_cursor(0);
}

void LineEditor::erase_before_cursor() {
  if (cursor_ == 0) return;
  for (size_t i = cursor_ - 1; i + 1 < len_; ++i) buf_[i] = buf_[i + 1];
  --cursor_;
  --len_;
  put("\b", 1);
  redraw_from_cursor(1);
}

// Rewrites the text from the cursor to the end, blanks `erased` leftover
// cells, and moves the terminal cursor back to where the editor's is.
void LineEditor::redraw_from_cursor(size_t erased) {
  put(buf_ + cursor_, len_ - cursor_);
  for (size_t i = 0; i < erased; ++i) put(" ", 1);
  for (size_t i = 0; i < len_ - cursor_ + erased; ++i) put("\b", 1);
}

void LineEditor::move_cursor(long delta) {
  if (delta < 0 && cursor_ > 0) {
    --cursor_;
    put("\b", 1);
  } else if (delta > 0 && cursor_ < len_) {
    put(buf_ + cursor_, 1);
    ++cursor_;
  }
}

void LineEditor::clear_line() { replace_line("", 0); }

void LineEditor::replace_line(const char* text, size_t len) {
  while (cursor_ < len_) move_cursor(1);
  size_t old = len_;
  for (size_t i = 0; i < old; ++i) put("\b \b", 3);
  len_ = cursor_ = 0;
  truncated_ = false;
  for (size_t i = 0; i < len && i < kMaxLine; ++i) {
    buf_[len_++] = text[i];
  }
  cursor_ = len_;
  put(buf_, len_);
}

void LineEditor::history_add() {
  // Like a shell's ignoredups: repeating the newest line does not add it again.
  if (history_count_ > 0 &&
      string_equal(history_[(history_count_ - 1) % kHistory], done_)) {
    return;
  }
  char* slot = history_[history_count_ % kHistory];
  __builtin_memcpy(slot, done_, done_len_ + 1);
  ++history_count_;
  if (history_count_ > 2 * kHistory) history_count_ -= kHistory;  // keep the index small
}

}  // namespace akuma::shell
