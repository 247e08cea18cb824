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
  EXPECT_EQ(parse(long_path, req, consumed), Parse::kUriTooLong);
  EXPECT_EQ(status_for(Parse::kUriTooLong), 414);
}

TEST(Parse, ContentLengthIsReported) {
  Request req;
  size_t consumed;
  ASSERT_EQ(parse("GET / HTTP/1.0\r\nContent-Length: 12\r\n\r\n", req, consumed), Parse::kOk);
  EXPECT_EQ(req.body_length, 12u);
}

TEST(Parse, Rfc9112Musts) {
  Request req;
  size_t consumed;
  // absolute-form must be accepted (3.2.2); its path is what is served.
  ASSERT_EQ(parse("GET http://example.com:8080/a/b.txt?q=1 HTTP/1.1\r\nHost: x\r\n\r\n", req, consumed), Parse::kOk);
  EXPECT_STREQ(req.path, "/a/b.txt");
  ASSERT_EQ(parse("GET http://example.com HTTP/1.1\r\nHost: x\r\n\r\n", req, consumed), Parse::kOk);
  EXPECT_STREQ(req.path, "/");
  EXPECT_EQ(parse("GET http://a b/ HTTP/1.1\r\nHost: x\r\n\r\n", req, consumed), Parse::kBadRequest);
  // A Host that is not a host is 400 (3.2).
  EXPECT_EQ(parse("GET / HTTP/1.1\r\nHost: a b\r\n\r\n", req, consumed), Parse::kBadRequest);
  EXPECT_EQ(parse("GET / HTTP/1.1\r\nHost: a:x\r\n\r\n", req, consumed), Parse::kBadRequest);
  EXPECT_EQ(parse("GET / HTTP/1.1\r\nHost: a/b\r\n\r\n", req, consumed), Parse::kBadRequest);
  EXPECT_EQ(parse("GET / HTTP/1.1\r\nHost: [::1]:80\r\n\r\n", req, consumed), Parse::kOk);
  EXPECT_EQ(parse("GET / HTTP/1.1\r\nHost: 10.0.2.15:8080\r\n\r\n", req, consumed), Parse::kOk);
  // Chunked request bodies are understood (7.1), alone or as the last coding.
  ASSERT_EQ(parse("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n", req, consumed), Parse::kOk);
  EXPECT_EQ(req.body, BodyKind::kChunked);
  EXPECT_EQ(parse("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", req, consumed),
            Parse::kNotImplemented);
  EXPECT_EQ(parse("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip\r\n\r\n", req, consumed),
            Parse::kNotImplemented);
  // Both lengths: ambiguous, 400 (6.3).
  EXPECT_EQ(parse("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n", req,
                  consumed),
            Parse::kBadRequest);
  EXPECT_EQ(parse("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 99999999\r\n\r\n", req, consumed),
            Parse::kBodyTooLarge);
  EXPECT_EQ(status_for(Parse::kBodyTooLarge), 413);
}

TEST(Parse, VersionsAndMethods) {
  Request req;
  size_t consumed;
  EXPECT_EQ(parse("GET / HTTP/2.0\r\nHost: a\r\n\r\n", req, consumed), Parse::kVersionNotSupported);
  EXPECT_EQ(status_for(Parse::kVersionNotSupported), 505);
  EXPECT_EQ(parse("GET / HTTP/0.9\r\n\r\n", req, consumed), Parse::kVersionNotSupported);
  ASSERT_EQ(parse("GET / HTTP/1.2\r\nHost: a\r\n\r\n", req, consumed), Parse::kOk);  // served as 1.1
  EXPECT_EQ(req.minor_version, 1);
  EXPECT_TRUE(req.keep_alive);
  EXPECT_EQ(parse("GET / HTTP/1.1x\r\nHost: a\r\n\r\n", req, consumed), Parse::kBadRequest);
  ASSERT_EQ(parse("BREW / HTTP/1.1\r\nHost: a\r\n\r\n", req, consumed), Parse::kOk);
  EXPECT_EQ(req.method, Method::kUnknown);
  EXPECT_EQ(route(req).status, 501);
  ASSERT_EQ(parse("DELETE / HTTP/1.1\r\nHost: a\r\n\r\n", req, consumed), Parse::kOk);
  EXPECT_EQ(route(req).status, 405);
}

TEST(Chunked, BoundedDecoder) {
  auto run = [](const std::string& text, size_t* used_out = nullptr) {
    ChunkedBody b;
    size_t used = 0;
    ChunkedBody::Status s = b.feed(text.data(), text.size(), used);
    if (used_out) *used_out = used;
    return s;
  };
  size_t used = 0;
  EXPECT_EQ(run("3\r\nabc\r\n0\r\n\r\nNEXT", &used), ChunkedBody::Status::kDone);
  EXPECT_EQ(used, 13u);  // stops before the next request
  EXPECT_EQ(run("3\r\nab"), ChunkedBody::Status::kMore);
  EXPECT_EQ(run("x\r\n"), ChunkedBody::Status::kBad);
  EXPECT_EQ(run("3\r\nabcX"), ChunkedBody::Status::kBad);
  EXPECT_EQ(run("fffffffffff\r\n"), ChunkedBody::Status::kTooLarge);
  EXPECT_EQ(run("3;" + std::string(ChunkedBody::kMaxLine, 'e')), ChunkedBody::Status::kBad);
  // Fed a byte at a time, the same.
  std::string text = "A\r\n0123456789\r\n0\r\nX: y\r\n\r\n";
  ChunkedBody b;
  ChunkedBody::Status s = ChunkedBody::Status::kMore;
  for (char ch : text) {
    size_t u = 0;
    s = b.feed(&ch, 1, u);
    EXPECT_EQ(u, 1u);
    if (s != ChunkedBody::Status::kMore) break;
  }
  EXPECT_EQ(s, ChunkedBody::Status::kDone);
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
