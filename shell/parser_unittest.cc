#include "shell/parser.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace akuma::shell {
namespace {

std::vector<std::string> words(const Command& c) {
  std::vector<std::string> out;
  for (size_t i = 0; i < c.argc; ++i) out.push_back(c.argv[i]);
  EXPECT_EQ(c.argv[c.argc], nullptr);
  return out;
}

TEST(Parser, SplitsOnBlanks) {
  Command c;
  std::string line = "  kill \t 12  ";
  parse(line.data(), line.size(), c);
  EXPECT_EQ(words(c), (std::vector<std::string>{"kill", "12"}));
  EXPECT_FALSE(c.background);
}

TEST(Parser, EmptyLine) {
  Command c;
  parse("   ", 3, c);
  EXPECT_EQ(c.argc, 0u);
}

TEST(Parser, BackgroundMarker) {
  Command c;
  parse("httpd &", 7, c);
  EXPECT_EQ(words(c), (std::vector<std::string>{"httpd"}));
  EXPECT_TRUE(c.background);
  parse("httpd&", 6, c);
  EXPECT_EQ(words(c), (std::vector<std::string>{"httpd"}));
  EXPECT_TRUE(c.background);
  parse("&", 1, c);
  EXPECT_EQ(c.argc, 0u);
  EXPECT_TRUE(c.background);
}

TEST(Parser, TooManyWords) {
  std::string line;
  for (int i = 0; i < 20; ++i) line += "w ";
  Command c;
  parse(line.data(), line.size(), c);
  EXPECT_TRUE(c.too_many_args);
  EXPECT_EQ(c.argc, Command::kMaxArgs);
}

TEST(Parser, LongLineIsBounded) {
  std::string line(10000, 'a');
  Command c;
  parse(line.data(), line.size(), c);
  ASSERT_EQ(c.argc, 1u);
  EXPECT_EQ(std::string(c.argv[0]).size(), Command::kMaxChars);
}

TEST(ParseNumber, AcceptsOnlyPlainDecimals) {
  unsigned long v = 0;
  EXPECT_TRUE(parse_number("137", 1000, v));
  EXPECT_EQ(v, 137u);
  EXPECT_TRUE(parse_number("0", 10, v));
  EXPECT_FALSE(parse_number("", 10, v));
  EXPECT_FALSE(parse_number("-1", 10, v));
  EXPECT_FALSE(parse_number("12a", 1000, v));
  EXPECT_FALSE(parse_number("1001", 1000, v));
  EXPECT_FALSE(parse_number("99999999999999999999999", ~0ul, v));
  EXPECT_FALSE(parse_number(nullptr, 10, v));
}

}  // namespace
}  // namespace akuma::shell
