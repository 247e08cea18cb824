// HTTP/1.x request heads and the server's answers, as pure logic: no sockets,
// no files, no allocation. Host tested (http_parser_unittest.cc); httpd.cc feeds it the
// bytes it receives and sends what it formats.
#pragma once

#include <stddef.h>

namespace httpd {

// A request head larger than this is answered 431 (Request Header Fields Too Large).
constexpr size_t kMaxHead = 4096;
constexpr size_t kMaxPath = 256;

enum class Method { kGet, kHead, kOther };

struct Request {
  Method method = Method::kOther;
  char path[kMaxPath + 1] = {};  // without the query string
  int minor_version = 0;         // HTTP/1.<minor>: 0 or 1
  bool keep_alive = false;       // after this response, read the next request
  size_t body_length = 0;        // Content-Length: bytes to skip after the head
};

enum class Parse {
  kIncomplete,       // no blank line yet: read more (unless kMaxHead is reached)
  kOk,               // `consumed` bytes form the head
  kBadRequest,       // 400: malformed line or header, unsupported version or encoding
  kHeadTooLarge,     // 431
};

// Parses the head at the start of buf[0..len). Lines end in CRLF or LF.
Parse parse_request(const char* buf, size_t len, Request& out, size_t& consumed);

// What to answer for a parsed request, before the document root is asked.
struct Route {
  int status;        // 200 (serve `file` if it is there), 403 or 405
  const char* file;  // for 200: the path under the document root ("/index.html")
};
// "/" is "/index.html"; any ".." segment is 403 (it could climb out of the
// document root); methods other than GET and HEAD are 405. `file` points into
// req or at a constant.
Route route(const Request& req);

const char* reason_phrase(int status);
const char* content_type_for(const char* path);

// The status line and headers (Content-Type, Content-Length, Connection,
// Allow for 405), ending in the blank line. Returns the length (0 if `n` is
// too small).
size_t format_head(char* buf, size_t n, int status, const char* content_type, size_t length,
                   bool keep_alive);

}  // namespace httpd
