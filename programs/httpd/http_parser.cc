#include "programs/httpd/http_parser.h"

#include <stdio.h>

namespace httpd {
namespace {

char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

// Case-insensitive match of [p, p+n) against the lower-case `word`.
bool equals_word(const char* p, size_t n, const char* word) {
  size_t i = 0;
  for (; i < n && word[i]; ++i) {
    if (lower(p[i]) != word[i]) return false;
  }
  return i == n && word[i] == '\0';
}

// Does a comma-separated header value contain the token (case-insensitive)?
bool has_token(const char* p, size_t n, const char* token) {
  size_t i = 0;
  while (i < n) {
    while (i < n && (p[i] == ' ' || p[i] == '\t' || p[i] == ',')) ++i;
    size_t start = i;
    while (i < n && p[i] != ',') ++i;
    size_t end = i;
    while (end > start && (p[end - 1] == ' ' || p[end - 1] == '\t')) --end;
    if (end > start && equals_word(p + start, end - start, token)) return true;
  }
  return false;
}

bool is_token_char(char c) {
  return c > 32 && c < 127 && c != ':' && c != '(' && c != ')' && c != '<' && c != '>' && c != '@' &&
         c != ',' && c != ';' && c != '\\' && c != '"' && c != '/' && c != '[' && c != ']' &&
         c != '?' && c != '=' && c != '{' && c != '}';
}

bool parse_decimal(const char* p, size_t n, size_t& out) {
  if (n == 0 || n > 9) return false;
  size_t v = 0;
  for (size_t i = 0; i < n; ++i) {
    if (p[i] < '0' || p[i] > '9') return false;
    v = v * 10 + static_cast<size_t>(p[i] - '0');
  }
  out = v;
  return true;
}

// The end of the head: index just past the blank line, or 0 if not there.
size_t find_head_end(const char* buf, size_t len) {
  for (size_t i = 0; i < len; ++i) {
    if (buf[i] != '\n') continue;
    if (i + 1 < len && buf[i + 1] == '\n') return i + 2;
    if (i + 2 < len && buf[i + 1] == '\r' && buf[i + 2] == '\n') return i + 3;
  }
  return 0;
}

// Next line in [pos, end): sets line/len (without CR LF), advances pos.
bool next_line(const char* buf, size_t end, size_t& pos, const char*& line, size_t& n) {
  if (pos >= end) return false;
  size_t i = pos;
  while (i < end && buf[i] != '\n') ++i;
  line = buf + pos;
  n = i - pos;
  if (n > 0 && line[n - 1] == '\r') --n;
  pos = i + 1;
  return true;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool equals_exact(const char* p, size_t n, const char* word) {
  size_t i = 0;
  for (; i < n && word[i]; ++i) {
    if (p[i] != word[i]) return false;
  }
  return i == n && word[i] == '\0';
}

// RFC 9110 9.3's methods other than GET and HEAD: 405 with Allow.
Method method_of(const char* p, size_t n) {
  if (equals_exact(p, n, "GET")) return Method::kGet;
  if (equals_exact(p, n, "HEAD")) return Method::kHead;
  static const char* const kKnown[] = {"POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH"};
  for (const char* m : kKnown) {
    if (equals_exact(p, n, m)) return Method::kOther;
  }
  return Method::kUnknown;
}

// A host as RFC 9110 7.2 / RFC 3986 3.2.2 allow it, with an optional port:
// reg-name characters, an IP literal in brackets, no spaces.
bool valid_host(const char* p, size_t n) {
  if (n == 0) return false;
  size_t i = 0;
  if (p[0] == '[') {
    while (i < n && p[i] != ']') {
      char c = p[i];
      if (!(is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == ':' || c == '.' || c == '[' ||
            c == 'v' || c == 'V')) {
        return false;
      }
      ++i;
    }
    if (i == n) return false;
    ++i;
  } else {
    while (i < n && p[i] != ':') {
      char c = p[i];
      bool unreserved = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit(c) || c == '-' || c == '.' ||
                        c == '_' || c == '~';
      bool sub_delim = c == '!' || c == '$' || c == '&' || c == '\'' || c == '(' || c == ')' || c == '*' ||
                       c == '+' || c == ',' || c == ';' || c == '=' || c == '%';
      if (!unreserved && !sub_delim) return false;
      ++i;
    }
  }
  if (i == n) return true;
  if (p[i] != ':') return false;
  for (++i; i < n; ++i) {
    if (!is_digit(p[i])) return false;
  }
  return true;
}

Parse parse_request_line(const char* p, size_t n, Request& out) {
  size_t sp1 = 0;
  while (sp1 < n && p[sp1] != ' ') ++sp1;
  if (sp1 == 0 || sp1 == n) return Parse::kBadRequest;
  for (size_t i = 0; i < sp1; ++i) {
    if (!is_token_char(p[i])) return Parse::kBadRequest;
  }
  size_t sp2 = sp1 + 1;
  while (sp2 < n && p[sp2] != ' ') ++sp2;
  if (sp2 == n || sp2 == sp1 + 1) return Parse::kBadRequest;
  const char* target = p + sp1 + 1;
  size_t target_len = sp2 - sp1 - 1;
  const char* version = p + sp2 + 1;
  size_t version_len = n - sp2 - 1;
  // HTTP-version = "HTTP/" DIGIT "." DIGIT (RFC 9112 2.3).
  if (version_len != 8 || !equals_exact(version, 5, "HTTP/") || !is_digit(version[5]) || version[6] != '.' ||
      !is_digit(version[7])) {
    return Parse::kBadRequest;
  }
  // Another major version is 505; a higher HTTP/1 minor is served as 1.1
  // (RFC 9110 6.2: the highest minor we support).
  if (version[5] != '1') return Parse::kVersionNotSupported;
  out.minor_version = version[7] == '0' ? 0 : 1;
  out.method = method_of(p, sp1);
  // absolute-form (RFC 9112 3.2.2): "http://" authority, then the path.
  if (target_len >= 7 && equals_word(target, 7, "http://")) {
    size_t i = 7;
    while (i < target_len && target[i] != '/' && target[i] != '?' && target[i] != '#') ++i;
    if (!valid_host(target + 7, i - 7)) return Parse::kBadRequest;
    target += i;
    target_len -= i;
    if (target_len == 0 || target[0] != '/') {
      // "http://host" or "http://host?q": the path is "/" (RFC 9112 3.2.1).
      static const char kRoot[] = "/";
      target = kRoot;
      target_len = 1;
    }
  }
  if (target_len == 0 || target[0] != '/') return Parse::kBadRequest;
  size_t path_len = 0;
  while (path_len < target_len && target[path_len] != '?' && target[path_len] != '#') ++path_len;
  if (path_len > kMaxPath) return Parse::kUriTooLong;
  for (size_t i = 0; i < target_len; ++i) {
    char c = target[i];
    if (c <= 32 || c >= 127) return Parse::kBadRequest;
  }
  for (size_t i = 0; i < path_len; ++i) out.path[i] = target[i];
  out.path[path_len] = '\0';
  return Parse::kOk;
}

}  // namespace

Parse parse_request(const char* buf, size_t len, Request& out, size_t& consumed) {
  out = Request{};
  size_t end = find_head_end(buf, len < kMaxHead ? len : kMaxHead);
  if (end == 0) return len >= kMaxHead ? Parse::kHeadTooLarge : Parse::kIncomplete;
  size_t pos = 0;
  const char* line;
  size_t n;
  // RFC 9112 2.2: empty lines before the request line are ignored.
  do {
    if (!next_line(buf, end, pos, line, n)) return Parse::kBadRequest;
  } while (n == 0 && pos < end);
  Parse r = parse_request_line(line, n, out);
  if (r != Parse::kOk) return r;
  bool have_host = false, close = false, keep_alive = false, have_length = false, chunked = false;
  bool other_coding = false;
  while (next_line(buf, end, pos, line, n) && n > 0) {
    size_t colon = 0;
    while (colon < n && line[colon] != ':') ++colon;
    if (colon == 0 || colon == n) return Parse::kBadRequest;
    for (size_t i = 0; i < colon; ++i) {
      if (!is_token_char(line[i])) return Parse::kBadRequest;  // also no space before ':'
    }
    const char* value = line + colon + 1;
    size_t vlen = n - colon - 1;
    while (vlen > 0 && (*value == ' ' || *value == '\t')) ++value, --vlen;
    while (vlen > 0 && (value[vlen - 1] == ' ' || value[vlen - 1] == '\t')) --vlen;
    if (equals_word(line, colon, "host")) {
      if (have_host || !valid_host(value, vlen)) return Parse::kBadRequest;  // RFC 9112 3.2
      have_host = true;
    } else if (equals_word(line, colon, "connection")) {
      close |= has_token(value, vlen, "close");
      keep_alive |= has_token(value, vlen, "keep-alive");
    } else if (equals_word(line, colon, "content-length")) {
      size_t length;
      if (have_length || !parse_decimal(value, vlen, length)) return Parse::kBadRequest;
      have_length = true;
      out.body_length = length;
    } else if (equals_word(line, colon, "transfer-encoding")) {
      // Only "chunked" is understood, and it must be the last coding
      // (RFC 9112 6.1); anything else is 501.
      size_t last = vlen;
      while (last > 0 && value[last - 1] != ',') --last;
      size_t start = last;
      while (start < vlen && (value[start] == ' ' || value[start] == '\t')) ++start;
      bool final_chunked = equals_word(value + start, vlen - start, "chunked");
      if (!final_chunked || last > 0 || chunked) other_coding = true;
      chunked = true;
    }
  }
  if (out.minor_version == 1 && !have_host) return Parse::kBadRequest;  // RFC 9112 3.2
  if (chunked) {
    // HTTP/1.0 has no transfer codings; with a Content-Length as well the
    // message is ambiguous (RFC 9112 6.1, 6.3): both are 400.
    if (out.minor_version == 0 || have_length) return Parse::kBadRequest;
    if (other_coding) return Parse::kNotImplemented;
    out.body = BodyKind::kChunked;
  } else if (have_length) {
    if (out.body_length > kMaxBody) return Parse::kBodyTooLarge;
    out.body = out.body_length > 0 ? BodyKind::kLength : BodyKind::kNone;
  }
  out.keep_alive = out.minor_version == 1 ? !close : (keep_alive && !close);
  consumed = end;
  return Parse::kOk;
}

int status_for(Parse p) {
  switch (p) {
    case Parse::kHeadTooLarge: return 431;
    case Parse::kUriTooLong: return 414;
    case Parse::kNotImplemented: return 501;
    case Parse::kVersionNotSupported: return 505;
    case Parse::kBodyTooLarge: return 413;
    default: return 400;
  }
}

ChunkedBody::Status ChunkedBody::feed(const char* buf, size_t len, size_t& used) {
  used = 0;
  while (used < len) {
    char c = buf[used];
    switch (state_) {
      case State::kSize:  // hex digits of the chunk size
        if (is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')) {
          size_t digit = is_digit(c) ? size_t(c - '0') : size_t((c | 0x20) - 'a' + 10);
          if (chunk_ > (kMaxBody >> 4)) return Status::kTooLarge;
          chunk_ = chunk_ * 16 + digit;
          any_digit_ = true;
          ++used;
          ++line_;
          break;
        }
        if (!any_digit_) return Status::kBad;
        state_ = State::kSizeLine;
        break;
      case State::kSizeLine:  // extensions (ignored) up to the line end
        ++used;
        if (++line_ > kMaxLine) return Status::kBad;
        if (c != '\n') break;
        if (total_ + chunk_ > kMaxBody) return Status::kTooLarge;
        line_ = 0;
        any_digit_ = false;
        state_ = chunk_ == 0 ? State::kTrailer : State::kData;
        break;
      case State::kData: {
        size_t n = len - used < chunk_ ? len - used : chunk_;
        used += n;
        chunk_ -= n;
        total_ += n;
        if (chunk_ == 0) state_ = State::kDataCr;
        break;
      }
      case State::kDataCr:  // CRLF (or a bare LF) after the data
        ++used;
        if (c == '\r') {
          state_ = State::kDataLf;
        } else if (c == '\n') {
          state_ = State::kSize;
        } else {
          return Status::kBad;
        }
        break;
      case State::kDataLf:
        ++used;
        if (c != '\n') return Status::kBad;
        state_ = State::kSize;
        break;
      case State::kTrailer:  // trailer lines until an empty one
        ++used;
        if (c == '\n') {
          if (line_ == 0) return Status::kDone;
          line_ = 0;
          if (++trailers_ > kMaxTrailers) return Status::kBad;
        } else if (c != '\r' || line_ > 0) {
          if (++line_ > kMaxLine) return Status::kBad;
        }
        break;
    }
  }
  return Status::kMore;
}

Route route(const Request& req) {
  if (req.method == Method::kUnknown) return {501, nullptr};
  if (req.method == Method::kOther) return {405, nullptr};
  const char* path = req.path;
  // Any ".." segment (also at the ends) could climb out of the document root.
  for (const char* p = path; *p; ++p) {
    if (p[0] == '.' && p[1] == '.' && (p == path || p[-1] == '/') && (p[2] == '/' || p[2] == '\0')) {
      return {403, nullptr};
    }
  }
  if (path[0] == '/' && path[1] == '\0') path = "/index.html";
  return {200, path};
}

const char* reason_phrase(int status) {
  switch (status) {
    case 200: return "OK";
    case 400: return "Bad Request";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 413: return "Content Too Large";
    case 414: return "URI Too Long";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 505: return "HTTP Version Not Supported";
  }
  return "Unknown";
}

const char* content_type_for(const char* path) {
  const char* dot = nullptr;
  for (const char* p = path; *p; ++p) {
    if (*p == '.') dot = p;
    if (*p == '/') dot = nullptr;
  }
  if (!dot) return "application/octet-stream";
  struct Type {
    const char* ext;
    const char* type;
  };
  static const Type kTypes[] = {
      {".html", "text/html; charset=utf-8"}, {".css", "text/css"},
      {".txt", "text/plain; charset=utf-8"}, {".js", "text/javascript"},
      {".json", "application/json"},        {".svg", "image/svg+xml"},
  };
  for (const Type& t : kTypes) {
    const char* a = dot;
    const char* b = t.ext;
    while (*a && *a == *b) ++a, ++b;
    if (*a == '\0' && *b == '\0') return t.type;
  }
  return "application/octet-stream";
}

size_t format_head(char* buf, size_t n, int status, const char* content_type, size_t length,
                   bool keep_alive) {
  int len = snprintf(
      buf, n, "HTTP/1.1 %d %s\r\nServer: akuma-httpd\r\nContent-Type: %s\r\nContent-Length: %zu\r\n%sConnection: %s\r\n\r\n",
      status, reason_phrase(status), content_type, length, status == 405 ? "Allow: GET, HEAD\r\n" : "",
      keep_alive ? "keep-alive" : "close");
  return len >= 0 && static_cast<size_t>(len) < n ? static_cast<size_t>(len) : 0;
}

}  // namespace httpd
