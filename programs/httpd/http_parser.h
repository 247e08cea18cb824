// HTTP/1.x request heads and the server's answers, as pure logic: no sockets,
// no files, no allocation. Host tested (http_parser_unittest.cc); httpd.cc feeds it the
// bytes it receives and sends what it formats.
#pragma once

#include <stddef.h>

namespace httpd {

// A request head larger than this is answered 431 (Request Header Fields Too Large).
constexpr size_t kMaxHead = 4096;
constexpr size_t kMaxPath = 256;       // a longer request target is 414 (URI Too Long)
constexpr size_t kMaxBody = 1 << 20;   // request bodies are read and dropped, up to this

// GET and HEAD are served; the other methods RFC 9110 defines are 405; any
// other token is 501 (Not Implemented, RFC 9110 15.6.2).
enum class Method { kGet, kHead, kOther, kUnknown };

// How the request's body is delimited (RFC 9112 6.3).
enum class BodyKind { kNone, kLength, kChunked };

struct Request {
  Method method = Method::kOther;
  char path[kMaxPath + 1] = {};  // without the query string
  int minor_version = 0;         // HTTP/1.<minor> as served: 0 or 1 (1.2 and up: 1)
  bool keep_alive = false;       // after this response, read the next request
  BodyKind body = BodyKind::kNone;
  size_t body_length = 0;        // kLength: Content-Length
};

enum class Parse {
  kIncomplete,       // no blank line yet: read more (unless kMaxHead is reached)
  kOk,               // `consumed` bytes form the head
  kBadRequest,       // 400: malformed line or header, a bad Host, both lengths
  kHeadTooLarge,     // 431
  kUriTooLong,       // 414
  kNotImplemented,   // 501: an unknown method or transfer coding
  kVersionNotSupported,  // 505: HTTP/2 and up (or 0.x) in an HTTP/1 request line
  kBodyTooLarge,     // 413: Content-Length above kMaxBody
};

// The status code for a failed parse (400, 413, 414, 431, 501, 505).
int status_for(Parse p);

// Parses the head at the start of buf[0..len). Lines end in CRLF or LF.
// The request target may be origin-form (/path?query) or absolute-form
// (http://host[:port]/path, RFC 9112 3.2.2, which a server must accept);
// HTTP/1.1 needs exactly one Host header with a valid host (RFC 9112 3.2:
// 400 otherwise, e.g. `Host: a b`).
Parse parse_request(const char* buf, size_t len, Request& out, size_t& consumed);

// A chunked request body (RFC 9112 7.1), read and dropped: feed() takes
// bytes as they come and says how many it used. Bounded: at most kMaxBody
// bytes of data, chunk-size lines (with extensions) and trailer lines of at
// most kMaxLine bytes, at most kMaxTrailers trailer lines.
class ChunkedBody {
 public:
  static constexpr size_t kMaxLine = 256;
  static constexpr int kMaxTrailers = 32;
  enum class Status { kMore, kDone, kBad, kTooLarge };
  // Consumes from buf[0..len); `used` says how much. kDone once the last
  // chunk and the trailer section are in (bytes after it belong to the
  // next request); kBad on malformed input, kTooLarge past kMaxBody.
  Status feed(const char* buf, size_t len, size_t& used);

 private:
  enum class State { kSize, kSizeLine, kData, kDataCr, kDataLf, kTrailer };
  State state_ = State::kSize;
  size_t chunk_ = 0;      // data left in this chunk
  size_t total_ = 0;      // data seen
  size_t line_ = 0;       // length of the line being read
  bool any_digit_ = false;
  int trailers_ = 0;
};

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
