#include "programs/httpd/http_parser.h"

#include <gtest/gtest.h>

#include <cstring>
#include <string>

namespace httpd {
namespace {

Parse parse(const std::string& text, Request& req, size_t& consumed) {
  return parse_request(text.data(), text.size(), req, consumed);
}

TEST(Parse, Http11GetKeepsAliveByDefault) {
  Request req;
  size_t consumed = 0;
  std::string text = "GET /index.html?x=1 HTTP/1.1\r\nHost: a\r\n\r\nGET / HTTP/1.1\r\n";
  ASSERT_EQ(parse(text, req, consumed), Parse::kOk);
  EXPECT_EQ(req.method, Method::kGet);
  EXPECT_STREQ(req.path, "/index.html");
  EXPECT_EQ(req.minor_version, 1);
  EXPECT_TRUE(req.keep_alive);
  EXPECT_EQ(consumed, text.find("GET /", 5));
}

TEST(Parse, ConnectionHeaders) {
  Request req;
  size_t consumed;
  ASSERT_EQ(parse("GET / HTTP/1.1\r\nHost: a\r\nConnection: Close\r\n\r\n", req, consumed), Parse::kOk);
  EXPECT_FALSE(req.keep_alive);
  ASSERT_EQ(parse("GET / HTTP/1.0\r\n\r\n", req, consumed), Parse::kOk);
  EXPECT_FALSE(req.keep_alive);
  ASSERT_EQ(parse("HEAD / HTTP/1.0\r\nconnection: foo, Keep-Alive\r\n\r\n", req, consumed), Parse::kOk);
  EXPECT_EQ(req.method, Method::kHead);
  EXPECT_TRUE(req.keep_alive);
}

TEST(Parse, BareLfAndLeadingBlankLines) {
  Request req;
  size_t consumed;
  std::string text = "\r\nGET /a HTTP/1.0\nX: y\n\n";
  ASSERT_EQ(parse(text, req, consumed), Parse::kOk);
  EXPECT_STREQ(req.path, "/a");
  EXPECT_EQ(consumed, text.size());
}

TEST(Parse, IncompleteUntilTheBlankLine) {
  Request req;
  size_t consumed;
  std::string text = "GET / HTTP/1.1\r\nHost: a\r\n\r\n";
  for (size_t n = 0; n < text.size(); ++n) {
    EXPECT_EQ(parse_request(text.data(), n, req, consumed), Parse::kIncomplete) << n;
  }
  EXPECT_EQ(parse(text, req, consumed), Parse::kOk);
}

TEST(Parse, MalformedRequests) {
  const char* cases[] = {
      "GET\r\n\r\n",
      "GET /\r\n\r\n",
      "GET / HTTP/2.0\r\nHost: a\r\n\r\n",
      "GET / HTTP/1.1\r\n\r\n",  // 1.1 without Host
      "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n",
      "GET index.html HTTP/1.0\r\n\r\n",
      "GET  / HTTP/1.0\r\n\r\n",
      "G(T / HTTP/1.0\r\n\r\n",
      "GET / HTTP/1.0\r\nNoColon\r\n\r\n",
      "GET / HTTP/1.0\r\nBad Name: x\r\n\r\n",
      "GET / HTTP/1.0\r\nContent-Length: x\r\n\r\n",
      "GET / HTTP/1.0\r\nContent-Length: 1\r\nContent-Length: 1\r\n\r\n",
      "GET / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n",
      "GET /a\x01 HTTP/1.0\r\n\r\n",
      "\r\n\r\n",
  };
  for (const char* c : cases) {
    Request req;
    size_t consumed;
    EXPECT_EQ(parse(c, req, consumed), Parse::kBadRequest) << c;
  }
}

TEST(Parse, OversizedHeadIs431) {
  Request req;
  size_t consumed;
  std::string text = "GET / HTTP/1.1\r\nHost: a\r\nX: " + std::string(kMaxHead, 'a');
  EXPECT_EQ(parse(text, req, consumed), Parse::kHeadTooLarge);
  text += "\r\n\r\n";
  EXPECT_EQ(parse(text, req, consumed), Parse::kHeadTooLarge);
  std::string long_path = "GET /" + std::string(kMaxPath, 'p') + " HTTP/1.0\r\n\r\n";
  EXPECT_EQ(parse(long_path, req, consumed), Parse::kHeadTooLarge);
}

TEST(Parse, ContentLengthIsReported) {
  Request req;
  size_t consumed;
  ASSERT_EQ(parse("GET / HTTP/1.0\r\nContent-Length: 12\r\n\r\n", req, consumed), Parse::kOk);
  EXPECT_EQ(req.body_length, 12u);
}

Request make(Method m, const char* path) {
  Request r;
  r.method = m;
  std::strcpy(r.path, path);
  return r;
}

TEST(Route, Statuses) {
  EXPECT_EQ(route(make(Method::kGet, "/nope")).status, 200);  // the document root decides 404
  EXPECT_EQ(route(make(Method::kOther, "/")).status, 405);
  EXPECT_EQ(route(make(Method::kGet, "/../etc")).status, 403);
  EXPECT_EQ(route(make(Method::kGet, "/a/..")).status, 403);
  EXPECT_EQ(route(make(Method::kGet, "..")).status, 403);
  EXPECT_EQ(route(make(Method::kHead, "/a/../b")).status, 403);
  EXPECT_EQ(route(make(Method::kGet, "/a/..b")).status, 200);  // a name, not a segment
  EXPECT_EQ(route(make(Method::kGet, "/a..")).status, 200);
}

TEST(Route, FileUnderTheRoot) {
  EXPECT_STREQ(route(make(Method::kGet, "/")).file, "/index.html");
  EXPECT_STREQ(route(make(Method::kHead, "/a/b.txt")).file, "/a/b.txt");
  EXPECT_STREQ(route(make(Method::kGet, "/index.htm")).file, "/index.htm");
  EXPECT_EQ(route(make(Method::kOther, "/")).file, nullptr);
  EXPECT_EQ(route(make(Method::kGet, "/../etc")).file, nullptr);
}

TEST(Format, HeadLines) {
  char buf[512];
  size_t n = format_head(buf, sizeof buf, 200, "text/plain", 5, true);
  EXPECT_EQ(std::string(buf, n),
            "HTTP/1.1 200 OK\r\nServer: akuma-httpd\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n"
            "Connection: keep-alive\r\n\r\n");
  n = format_head(buf, sizeof buf, 405, "text/plain", 0, false);
  EXPECT_NE(std::string(buf, n).find("Allow: GET, HEAD\r\nConnection: close\r\n\r\n"), std::string::npos);
  EXPECT_EQ(format_head(buf, 10, 200, "text/plain", 5, true), 0u);
}

TEST(Format, ContentTypes) {
  EXPECT_STREQ(content_type_for("/index.html"), "text/html; charset=utf-8");
  EXPECT_STREQ(content_type_for("/x.css"), "text/css");
  EXPECT_STREQ(content_type_for("/dir.d/file"), "application/octet-stream");
  EXPECT_STREQ(reason_phrase(431), "Request Header Fields Too Large");
}

}  // namespace
}  // namespace httpd
