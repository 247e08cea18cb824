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
  const auto b = static_cast<unsigned char>(c);
  if (seq_ != Seq::kNone) {
    if (seq_ == Seq::kString ? b >= 0x20 && c != kDelete : b >= 0x20 && b < 0x7f) {
      sequence_byte(b);
      return Event::kNone;
    }
    seq_ = Seq::kNone;  // rule 2: a control byte ends the sequence and is a key below
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
    case kEscape: start_sequence(Seq::kEscape); return Event::kNone;
    default:
      if (b >= 0x20 && b < 0x7f) insert(c);
      return Event::kNone;
  }
}

void LineEditor::start_sequence(Seq seq) {
  seq_ = seq;
  seq_len_ = 0;
  seq_plain_ = true;
  params_[0] = params_[1] = 0;
  param_index_ = 0;
}

// One byte of a sequence that is not a control byte (rule 1).
void LineEditor::sequence_byte(unsigned char b) {
  switch (seq_) {
    case Seq::kEscape:
      if (b == '[') {
        start_sequence(Seq::kCsi);
      } else if (b == 'O') {
        start_sequence(Seq::kSs3);
      } else if (b == ']' || b == 'P' || b == 'X' || b == '^' || b == '_') {
        start_sequence(Seq::kString);
      } else {
        seq_ = b < 0x30 ? Seq::kEscapeIntermediate : Seq::kNone;
      }
      return;
    case Seq::kEscapeIntermediate:
      if (b >= 0x30) seq_ = Seq::kNone;
      return;
    case Seq::kCsi:
    case Seq::kSs3:
      break;
    case Seq::kString:
      if (++seq_len_ == kMaxLine) seq_ = Seq::kNone;  // rule 4
      return;
    case Seq::kNone:
      return;  // not reached
  }
  if (b >= 0x40) {
    finish_sequence(b);
    return;
  }
  if (++seq_len_ > kMaxSequence) seq_plain_ = false;  // rule 3
  if (b < 0x30) {
    seq_plain_ = false;  // an intermediate byte: no key has one (nor parameters after it)
  } else if (b >= '0' && b <= '9') {
    if (param_index_ < 2) {
      unsigned& p = params_[param_index_];
      p = p * 10 + (b - '0');
      if (p > kMaxNumber) {  // rule 3; kept small so it never wraps
        p = kMaxNumber + 1;
        seq_plain_ = false;
      }
    }
  } else if (b == ';') {
    if (param_index_ < 2) ++param_index_;
    if (param_index_ == 2) seq_plain_ = false;  // a third parameter: no key has one
  } else {
    seq_plain_ = false;  // ':' sub-parameters, private markers < = > ?
  }
}

// The final byte of a CSI or SS3: acts if the sequence is a key the editor knows.
void LineEditor::finish_sequence(unsigned char final_byte) {
  const bool ss3 = seq_ == Seq::kSs3;
  seq_ = Seq::kNone;
  if (!seq_plain_ || params_[1] > 1) return;  // a modifier other than none (1)
  if (final_byte == '~') {
    if (ss3) return;
    switch (params_[0]) {
      case 1:
      case 7: move_home(); break;
      case 4:
      case 8: move_end(); break;
      case 3: erase_at_cursor(); break;
      default: break;
    }
    return;
  }
  if (params_[0] > 1) return;  // a count other than the default
  switch (final_byte) {
    case 'A': history_older(); break;
    case 'B': history_newer(); break;
    case 'C': move_cursor(1); break;
    case 'D': move_cursor(-1); break;
    case 'H': move_home(); break;
    case 'F': move_end(); break;
    default: break;
  }
}

void LineEditor::history_older() {
  if (history_pos_ < (history_count_ < kHistory ? history_count_ : kHistory)) {
    ++history_pos_;
    const char* h = history_[(history_count_ - history_pos_) % kHistory];
    replace_line(h, string_length(h));
  }
}

void LineEditor::history_newer() {
  if (history_pos_ == 0) return;
  --history_pos_;
  if (history_pos_ == 0) {
    replace_line("", 0);
  } else {
    const char* h = history_[(history_count_ - history_pos_) % kHistory];
    replace_line(h, string_length(h));
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

void LineEditor::erase_at_cursor() {
  if (cursor_ == len_) return;
  for (size_t i = cursor_; i + 1 < len_; ++i) buf_[i] = buf_[i + 1];
  --len_;
  redraw_from_cursor(1);
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

void LineEditor::move_home() {
  while (cursor_ > 0) move_cursor(-1);
}

void LineEditor::move_end() {
  while (cursor_ < len_) move_cursor(1);
}

void LineEditor::clear_line() { replace_line("", 0); }

void LineEditor::replace_line(const char* text, size_t len) {
  move_end();
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
