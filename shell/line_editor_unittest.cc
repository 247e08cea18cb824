#include "shell/line_editor.h"

#include <gtest/gtest.h>

#include <string>

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
  EXPECT_EQ(type(std::string("a\x01\x02\x1b[5~b\x1bXc\r")), "abc");
}

TEST_F(LineEditorTest, OverlongLinesAreCutAndFlagged) {
  std::string longline(LineEditor::kMaxLine + 100, 'x');
  std::string got = type(longline + "\r");
  EXPECT_EQ(got.size(), LineEditor::kMaxLine);
  EXPECT_TRUE(ed.truncated());
  type("short\r");
  EXPECT_FALSE(ed.truncated());
}

}  // namespace
}  // namespace akuma::shell
