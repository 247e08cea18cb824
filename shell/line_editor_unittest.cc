#include "shell/line_editor.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

namespace akuma::shell {
namespace {

class LineEditorTest : public ::testing::Test {
 protected:
  static void echo(void* ctx, const char* d, size_t n) { static_cast<std::string*>(ctx)->append(d, n); }
  // Feeds `keys`; returns the last line finished (or "" if none).
  std::string type(const std::string& keys) {
    std::string last;
    for (char c : keys) {
      auto e = ed.feed(c);
      if (e == LineEditor::Event::kLine) last = std::string(ed.line(), ed.length());
      if (e == LineEditor::Event::kInterrupt) last = "<interrupt>";
    }
    return last;
  }
  // Types `keys` then "echo x" and Enter at a fresh prompt: the keys must leave no trace, neither
  // in the line nor on the screen (issue 9, item 8: they used to run e.g. `5Cecho x`).
  void expect_ignored_before_echo_x(const std::string& keys) {
    EXPECT_EQ(type(keys + "echo x\r"), "echo x");
    EXPECT_EQ(screen, "echo x\n");
  }
  std::string screen;
  LineEditor ed{echo, &screen};
};

TEST_F(LineEditorTest, PlainLineIsEchoed) {
  EXPECT_EQ(type("ps\r"), "ps");
  EXPECT_EQ(screen, "ps\n");
}

TEST_F(LineEditorTest, BackspaceAndDelete) {
  EXPECT_EQ(type("lx\x7fs\r"), "ls");
  EXPECT_EQ(type("ab\b\bcd\r"), "cd");
  EXPECT_EQ(type("\x7f\x7fok\r"), "ok");  // backspace on an empty line does nothing
}

TEST_F(LineEditorTest, CtrlUClearsTheLine) { EXPECT_EQ(type("garbage\x15help\r"), "help"); }

TEST_F(LineEditorTest, CursorMovementInsertsInTheMiddle) {
  EXPECT_EQ(type("kil 1\x1b[D\x1b[D\x1b[Dl\r"), "kill 1");
  EXPECT_EQ(type("ab\x1b[D\x1b[D\x1b[D\x1b[C\x1b[C\x1b[Cc\r"), "abc");  // moves clamp at both ends
}

TEST_F(LineEditorTest, HistoryUpAndDown) {
  type("first\r");
  type("second\r");
  EXPECT_EQ(type("\x1b[A\x1b[A\r"), "first");  // history: first, second, first
  EXPECT_EQ(type("\x1b[A\x1b[A\r"), "second");  // first, second, first, second
  EXPECT_EQ(type("\x1b[A\x1b[B\r"), "");  // down past the newest: empty line
  EXPECT_EQ(type("\x1b[A\x1b[A\x1b[A\x1b[A\x1b[B\r"), "second");
  for (int i = 0; i < 10; ++i) type("\x1b[A");
  EXPECT_EQ(type("\r"), "first");  // up clamps at the oldest
}

TEST_F(LineEditorTest, RepeatedLineIsStoredOnce) {
  type("ps\r");
  type("ps\r");
  type("ps\r");
  type("\x1b[A\x1b[A\x1b[A");
  EXPECT_EQ(type("\r"), "ps");
  type("jobs\r");
  EXPECT_EQ(type("\x1b[A\x1b[A\r"), "ps");  // only one "ps" before "jobs"
}

TEST_F(LineEditorTest, HistoryKeepsTheNewestSixteen) {
  for (int i = 0; i < 40; ++i) type("cmd" + std::to_string(i) + "\r");
  std::string keys;
  for (int i = 0; i < 30; ++i) keys += "\x1b[A";
  EXPECT_EQ(type(keys + "\r"), "cmd24");  // the oldest of the last sixteen
}

TEST_F(LineEditorTest, CtrlCAbandonsTheLine) {
  EXPECT_EQ(type("sleep 100\x03"), "<interrupt>");
  EXPECT_EQ(type("ok\r"), "ok");
}

TEST_F(LineEditorTest, ControlBytesAndUnknownEscapesAreIgnored) {
  EXPECT_EQ(type(std::string("a\x01\x02\x1b[5~b\x1bxc\r")), "abc");
}

TEST_F(LineEditorTest, OverlongLinesAreCutAndFlagged) {
  std::string longline(LineEditor::kMaxLine + 100, 'x');
  std::string got = type(longline + "\r");
  EXPECT_EQ(got.size(), LineEditor::kMaxLine);
  EXPECT_TRUE(ed.truncated());
  type("short\r");
  EXPECT_FALSE(ed.truncated());
}

// The six sequences of issue 9, item 8, each typed at the prompt before `echo x`; the comment
// says what the line was before the fix.
TEST_F(LineEditorTest, IssueCtrlRightIsIgnored) {
  expect_ignored_before_echo_x("\x1b[1;5C");  // `5Cecho x`
}
TEST_F(LineEditorTest, IssueSs3UpIsIgnoredWithNoHistory) {
  expect_ignored_before_echo_x("\x1bOA");  // `Aecho x`
}
TEST_F(LineEditorTest, IssueSs3F1IsIgnored) {
  expect_ignored_before_echo_x("\x1bOP");  // `Pecho x`
}
TEST_F(LineEditorTest, IssueOscTitleToBelIsIgnored) {
  expect_ignored_before_echo_x("\x1b]0;title\x07");  // `0;titleecho x`
}
TEST_F(LineEditorTest, IssueDecPrivateCsiIsIgnored) {
  expect_ignored_before_echo_x("\x1b[?25h");  // `25hecho x`
}
TEST_F(LineEditorTest, IssueEscEscCsiUpIsIgnoredWithNoHistory) {
  expect_ignored_before_echo_x("\x1b\x1b[A");  // `[Aecho x`
}

// ESC ESC [ A: the second ESC starts over, so this is Up (Esc then Up, or Alt-Up as some
// terminals send it).
TEST_F(LineEditorTest, EscRestartsTheSequence) {
  type("ls\r");
  EXPECT_EQ(type("\x1b\x1b[A\r"), "ls");
  EXPECT_EQ(type("ab\x1b[1;\x1b[Dx\r"), "axb");  // a CSI cut by ESC: the new one is Left
}

TEST_F(LineEditorTest, Ss3ArrowsAreTheCsiKeys) {
  type("first\r");
  type("second\r");
  EXPECT_EQ(type("\x1bOA\x1bOA\x1bOB\r"), "second");
  EXPECT_EQ(type("kil 1\x1bOD\x1bOD\x1bODl\r"), "kill 1");
  EXPECT_EQ(type("ac\x1bOD\x1bOD\x1bOCb\r"), "abc");
  EXPECT_EQ(type("bc\x1bOHa\x1bOFd\r"), "abcd");  // Home, End
}

TEST_F(LineEditorTest, HomeEndAndDeleteKeys) {
  EXPECT_EQ(type("bc\x1b[Ha\x1b[Fd\r"), "abcd");
  EXPECT_EQ(type("bc\x1b[1~a\x1b[4~d\r"), "abcd");
  EXPECT_EQ(type("bc\x1b[7~a\x1b[8~d\r"), "abcd");
  EXPECT_EQ(type("abxc\x1b[D\x1b[D\x1b[3~\r"), "abc");  // Delete: the character under the cursor
  EXPECT_EQ(type("abc\x1b[3~\x1b[H\x1b[3~\r"), "bc");   // at the end: nothing; at Home: the first
  EXPECT_EQ(type("\x1b[3~\x1b[H\x1b[Fok\r"), "ok");      // on an empty line: nothing
}

TEST_F(LineEditorTest, ModifiedAndOtherKeysAreIgnored) {
  type("ls\r");
  // Shift-Up, Ctrl-Left, Alt-Home, Ctrl-Delete, Insert, PgUp, F5, F1 (SS3 and CSI), SS3 with a
  // modifier, a count, a third parameter; Left or Home with a private marker, a sub-parameter
  // or an intermediate byte; SS3 with '~': none moves, recalls, deletes or inserts.
  const char* keys[] = {"\x1b[1;2A", "\x1b[1;5D", "\x1b[1;3H", "\x1b[3;5~", "\x1b[2~",
                        "\x1b[5~",   "\x1b[15~",  "\x1bOP",    "\x1b[11~",  "\x1bO5D",
                        "\x1b[2D",   "\x1b[1;1;1D", "\x1b[?D",  "\x1b[>1~", "\x1b[:D",
                        "\x1b[1:1D", "\x1b[ D",   "\x1b[1 ~",  "\x1b[1 1~", "\x1bO1~"};
  for (const char* k : keys) {
    SCOPED_TRACE(k);
    screen.clear();
    EXPECT_EQ(type(std::string("ab") + k + "c\r"), "abc");
    EXPECT_EQ(screen, "abc\n");
  }
  EXPECT_EQ(type("ab\x1b[1;1D\x1b[0Dx\r"), "xab");  // modifier 1 and count 0/1: plain Left
}

TEST_F(LineEditorTest, CsiParametersIntermediatesAndPrivateMarkersAreConsumed) {
  // DECSCUSR (intermediate space), a device attributes reply (private marker, many numbers),
  // sub-parameters with ':', a cursor position report: all consumed to the final byte.
  expect_ignored_before_echo_x(
      "\x1b[2 q\x1b[?62;1;6;9;15;22c\x1b[38:2:1:2:3m\x1b[24;80R\x1b[>0;10;1c");
}

TEST_F(LineEditorTest, EscapeWithAPrintableByteIsConsumed) {
  // Alt-x, ESC 7, a lone ST, charset designations ESC ( B and ESC $ ) A, DECALN ESC # 8.
  expect_ignored_before_echo_x("\x1bx\x1b" "7\x1b\\\x1b(B\x1b$)A\x1b#8");
}

TEST_F(LineEditorTest, StringsEndAtBelOrSt) {
  // OSC to BEL and to ST, DCS (a DECRQSS reply), SOS, PM, APC (a kitty graphics reply), UTF-8
  // inside a title.
  expect_ignored_before_echo_x(
      "\x1b]0;t\x07\x1b]2;title\x1b\\\x1bP1$r0m\x1b\\\x1bXsos\x1b\\\x1b^pm\x1b\\"
      "\x1b_Gi=1;OK\x1b\\\x1b]0;\xc3\xa9t\xc3\xa9\x07");
}

TEST_F(LineEditorTest, EscInsideAStringEndsItAndStartsOver) {
  type("ls\r");
  EXPECT_EQ(type("\x1b]0;unterminated\x1b[A\r"), "ls");  // the string ends, ESC [ A is Up
  EXPECT_EQ(type("ab\x1bP1$r\x1b[Dx\r"), "axb");          // the string ends, ESC [ D is Left
}

TEST_F(LineEditorTest, CanAndSubCancelASequence) {
  EXPECT_EQ(type("a\x1b[12\x18" "b\x1b]0;x\x1a" "c\x1b\x18" "d\x1bO\x1a" "e\r"), "abcde");
  EXPECT_EQ(screen, "abcde\n");
}

TEST_F(LineEditorTest, AControlByteCutsASequenceShortAndActs) {
  EXPECT_EQ(type("ab\x1b\x7f\r"), "a");           // ESC then Backspace: the Backspace erases
  EXPECT_EQ(type("ab\x1b[1;\r"), "ab");           // Enter inside a CSI finishes the line
  EXPECT_EQ(type("ab\x1bO\x15ok\r"), "ok");       // Ctrl-U inside an SS3 clears
  EXPECT_EQ(type("ab\x1b]0;ti\r"), "ab");  // Enter inside a string finishes the line
  EXPECT_EQ(type("abc\x1b]0;t\x7fx\r"), "abx");    // Backspace inside a string erases
  EXPECT_EQ(type("ab\x1bPdcs\x03"), "<interrupt>");  // Ctrl-C inside a string interrupts
  EXPECT_EQ(type("ok\r"), "ok");                     // ... and the editor is back to normal
  EXPECT_EQ(type("a\x1b[\x01" "b\x1b\xc3" "c\r"), "abc");  // other bytes end it and are ignored
}

TEST_F(LineEditorTest, OverlongCsiIsConsumedToItsFinalByteAndIgnored) {
  // 32 parameter bytes are read; 31 zeros and a 3 is Delete, 32 zeros and a 3 is no key.
  EXPECT_EQ(type("abc\x1b[H\x1b[" + std::string(31, '0') + "3~\r"), "bc");
  EXPECT_EQ(type("abc\x1b[H\x1b[" + std::string(32, '0') + "3~\r"), "abc");
  // A thousand parameter bytes: nothing inserted, the final byte ends it, no key acts.
  std::string many;
  for (int i = 0; i < 500; ++i) many += "1;";
  EXPECT_EQ(type("ab\x1b[D\x1b[" + many + "Cx\r"), "axb");
  // A number too large for the editor is no key, whatever it is modulo 2^32 or 2^64.
  EXPECT_EQ(type("abc\x1b[H\x1b[4294967299~\x1b[18446744073709551619~\r"), "abc");
}

TEST_F(LineEditorTest, UnterminatedStringEndsAtTheLineLimit) {
  // kMaxLine bytes of string are consumed; the next byte is a key again.
  expect_ignored_before_echo_x("\x1b]" + std::string(LineEditor::kMaxLine, 'y'));
  // One byte short of the limit, the 'e' of "echo x" is the string's last byte.
  EXPECT_EQ(type("\x1bP" + std::string(LineEditor::kMaxLine - 1, 'y') + "echo x\r"), "cho x");
}

// Any bytes, then CAN: the editor is back to normal, and what the screen shows is the line.
TEST_F(LineEditorTest, RandomInputLeavesTheScreenInStepWithTheLine) {
  const std::vector<std::string> keys = {
      "a", "b", " ", "\x7f", "\b", "\x15", "\x1b[A", "\x1b[B", "\x1b[C", "\x1b[D", "\x1bOC",
      "\x1bOD", "\x1b[H", "\x1b[F", "\x1bOH", "\x1bOF", "\x1b[3~", "\x1b", "\x1b[", "\x1bO",
      "\x1b[1;5C", "\x1b]0;t\x07", "\x1b]", "\x1bP", "\x1b[?", "\x1b(", "\x01", "\xff", "~", "[",
      "O", "\x18"};
  std::mt19937 rng(9);
  for (int round = 0; round < 300; ++round) {
    std::string input;
    for (int i = rng() % 40; i > 0; --i) input += keys[rng() % keys.size()];
    screen.clear();
    std::string line = type(input + "\x18\r");
    SCOPED_TRACE(testing::PrintToString(input));
    // One row: the terminal writes printable bytes over the cell at its cursor, BS moves left.
    ASSERT_EQ(screen.find('\n'), screen.size() - 1);
    std::string shown;
    size_t x = 0;
    for (size_t i = 0; i + 1 < screen.size(); ++i) {
      char c = screen[i];
      if (c == '\b') {
        ASSERT_GT(x, 0u);
        --x;
        continue;
      }
      ASSERT_TRUE(c >= 0x20 && c < 0x7f) << int(c);
      if (x == shown.size()) shown += c; else shown[x] = c;
      ++x;
    }
    ASSERT_GE(shown.size(), line.size());
    EXPECT_EQ(shown.substr(0, line.size()), line);
    EXPECT_EQ(shown.find_first_not_of(' ', line.size()), std::string::npos);
  }
}

}  // namespace
}  // namespace akuma::shell
