// Line editing for the serial console: the terminal sends bytes, the editor
// keeps the line and says what to echo. Pure logic, host tested.
//
// Keys: printable ASCII (0x20-0x7E) inserts at the cursor; Backspace (BS or
// DEL) deletes before it; Ctrl-U clears the line; Enter (CR or LF) finishes
// the line; Ctrl-C abandons it. Escape sequences, as a VT100/xterm sends them:
//   Up     ESC [ A  ESC O A      (history: older)
//   Down   ESC [ B  ESC O B      (history: newer)
//   Right  ESC [ C  ESC O C      Left  ESC [ D  ESC O D
//   Home   ESC [ H  ESC O H  ESC [ 1 ~  ESC [ 7 ~
//   End    ESC [ F  ESC O F  ESC [ 4 ~  ESC [ 8 ~
//   Delete ESC [ 3 ~             (deletes the character under the cursor)
// A key may carry the default parameters (ESC [ 1 ; 1 A is Up, as are ESC [ 0 A
// and ESC [ 1 A); any other count or modifier (ESC [ 1 ; 5 C is Ctrl-Right)
// makes it a key the editor does not know. The editor ignores what it does
// not know: other control bytes, bytes 0x80-0xFF, and every other sequence,
// consumed whole by these rules (ECMA-48 / ECMA-35 syntax, 7-bit only):
//  1. ESC starts a sequence. The byte after it decides which:
//       '['                 CSI: parameter bytes 0x30-0x3F (digits, ; : < = > ?),
//                           then intermediate bytes 0x20-0x2F, then one final
//                           byte 0x40-0x7E, which ends it.
//       'O'                 SS3: read like a CSI (ESC O P, F1, is no key).
//       ']' 'P' 'X' '^' '_' OSC, DCS, SOS, PM, APC: a string, to BEL or ST
//                           (ESC \); any bytes but controls in between (UTF-8 too).
//       0x20-0x2F           intermediates (ESC ( B): more 0x20-0x2F, then a final
//                           byte 0x30-0x7E ends it.
//       other 0x30-0x7E     a two-byte escape (ESC x is Alt-x), ends there.
//  2. A control byte (0x00-0x1F, 0x7F) inside a sequence ends it and then
//     acts as the key it is: ESC starts a new sequence (so ESC ESC [ A is Up,
//     as Esc then Up sends it, and ST, ESC \, ends a string and is itself a
//     two-byte escape); Enter, Ctrl-C, Ctrl-U and Backspace always work; BEL
//     (the other end of a string), CAN, SUB and the rest do nothing more.
//     Inside a CSI, an SS3 or an escape, a byte 0x80-0xFF ends it likewise
//     (and is ignored); inside a string it is one more byte of the string.
//  3. A CSI or SS3 with more than kMaxSequence parameter and intermediate
//     bytes, or a number above kMaxNumber, is no key, but is still read to
//     its final byte (or to a control byte, rule 2).
//  4. A string holds at most kMaxLine bytes: after that many without a
//     terminator it ends, and the next byte is a key again. (A CSI needs no
//     such limit: every letter ends it. A string ends at bytes nobody types.)
// So no byte of a sequence is ever inserted, whether it ends as it should or
// is cut short (rules 2-4), and once it ends the editor is back to plain
// keys. Sequences may span feed() calls.
#pragma once

#include <stddef.h>

namespace akuma::shell {

class LineEditor {
 public:
  static constexpr size_t kMaxLine = 4096;
  static constexpr size_t kHistory = 16;
  static constexpr size_t kMaxSequence = 32;  // rule 3: bytes of a CSI or SS3
  static constexpr unsigned kMaxNumber = 9999;  // rule 3: a larger parameter is no key

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
  // The sequence being read (see the rules above).
  enum class Seq : unsigned char { kNone, kEscape, kEscapeIntermediate, kCsi, kSs3, kString };

  void start_sequence(Seq seq);
  void sequence_byte(unsigned char b);
  void finish_sequence(unsigned char final_byte);
  void history_older();
  void history_newer();
  void insert(char c);
  void erase_before_cursor();
  void erase_at_cursor();
  void clear_line();
  void replace_line(const char* text, size_t len);
  void move_cursor(long delta);
  void move_home();
  void move_end();
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
  Seq seq_ = Seq::kNone;
  size_t seq_len_ = 0;     // CSI/SS3: parameter and intermediate bytes; string: its bytes
  bool seq_plain_ = true;  // CSI/SS3: still a candidate key (digits and ';', within limits)
  unsigned params_[2] = {};        // CSI/SS3: the first two parameters (0 when empty)
  size_t param_index_ = 0;         // CSI/SS3: which parameter the digits go to
  char history_[kHistory][kMaxLine + 1] = {};
  size_t history_count_ = 0;  // lines stored (at most kHistory)
  size_t history_pos_ = 0;    // 0 = editing a new line, k = k-th most recent
};

}  // namespace akuma::shell
