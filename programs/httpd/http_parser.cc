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
  if (version_len != 8 || !(version[0] == 'H' && version[1] == 'T' && version[2] == 'T' &&
                            version[3] == 'P' && version[4] == '/' && version[5] == '1' &&
                            version[6] == '.' && (version[7] == '0' || version[7] == '1'))) {
    return Parse::kBadRequest;
  }
  out.minor_version = version[7] - '0';
  if (sp1 == 3 && p[0] == 'G' && p[1] == 'E' && p[2] == 'T') {
    out.method = Method::kGet;
  } else if (sp1 == 4 && p[0] == 'H' && p[1] == 'E' && p[2] == 'A' && p[3] == 'D') {
    out.method = Method::kHead;
  } else {
    out.method = Method::kOther;
  }
  if (target[0] != '/') return Parse::kBadRequest;
  size_t path_len = 0;
  while (path_len < target_len && target[path_len] != '?' && target[path_len] != '#') ++path_len;
  if (path_len > kMaxPath) return Parse::kHeadTooLarge;
  for (size_t i = 0; i < path_len; ++i) {
    char c = target[i];
    if (c <= 32 || c >= 127) return Parse::kBadRequest;
    out.path[i] = c;
  }
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
  bool have_host = false, close = false, keep_alive = false, have_length = false;
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
      if (have_host) return Parse::kBadRequest;
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
      return Parse::kBadRequest;  // no request bodies beyond Content-Length
    }
  }
  if (out.minor_version == 1 && !have_host) return Parse::kBadRequest;  // RFC 9112 3.2
  out.keep_alive = out.minor_version == 1 ? !close : (keep_alive && !close);
  consumed = end;
  return Parse::kOk;
}

Route route(const Request& req) {
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
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
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
