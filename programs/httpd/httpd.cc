// httpd: an HTTP/1.0 and HTTP/1.1 server on port 8080 for the files in www/
// (embedded read-only in the program) and a status page, /status.
//
// Concurrency: one connection at a time, in accept order; a keep-alive
// connection is served until the client closes it, asks to close, or has
// made kMaxRequestsPerConnection requests. The kernel offers blocking
// sockets only (no poll, no non-blocking mode, no fd passing to a child or
// threads in a program), so a client that keeps a connection open idle
// holds up the clients queued behind it (see README.md).
//
// Quiet after its two start lines: it runs as a background job whose output
// goes straight to the console, and request logs would land at the prompt.
#include "kernel/lib/format.h"
#include "programs/httpd/files.h"
#include "programs/httpd/http_parser.h"
#include "programs/runtime/io.h"
#include "programs/runtime/syscalls.h"

namespace {

using httpd::Parse;
using httpd::Request;

constexpr uint16_t kPort = 8080;
constexpr int kBacklog = 16;
constexpr int kMaxRequestsPerConnection = 100;
constexpr const char* kTextType = "text/plain; charset=utf-8";

char in[httpd::kMaxHead + 1024];  // bytes received and not yet used
char head[512];
char page[512];
uint64_t requests_served;
uint64_t connections_served;

bool send_all(int fd, const char* p, size_t n) {
  return n == 0 || user::send(fd, p, n) == static_cast<long>(n);
}

// Sends one response; false if the connection failed.
bool respond(int fd, bool head_only, int status, const char* type, const char* body, size_t length,
             bool keep_alive) {
  size_t n = httpd::format_head(head, sizeof head, status, type, length, keep_alive);
  ++requests_served;
  return send_all(fd, head, n) && (head_only || send_all(fd, body, length));
}

bool respond_error(int fd, bool head_only, int status, bool keep_alive) {
  size_t n = akuma::format_to(page, sizeof page, "%d %s\n", status, httpd::reason_phrase(status));
  return respond(fd, head_only, status, kTextType, page, n, keep_alive);
}

size_t status_page() {
  long ms = user::uptime_ms();
  akuma::abi::NetStats net{};
  user::net_stats(&net);
  return akuma::format_to(page, sizeof page,
                          "akuma httpd\nuptime: %ld.%03ld s\npid: %ld\nrequests: %lu\nconnections: %lu\n"
                          "open sockets: %u\ntcp connections: %u\n",
                          ms / 1000, ms % 1000, user::getpid(), static_cast<unsigned long>(requests_served),
                          static_cast<unsigned long>(connections_served), net.open_sockets,
                          net.tcp_connections);
}

// Drops the first n bytes of in[0..have).
void consume(size_t& have, size_t n) {
  for (size_t i = n; i < have; ++i) in[i - n] = in[i];
  have -= n;
}

void serve(int fd) {
  size_t have = 0;
  for (int served = 0;;) {
    Request req;
    size_t used = 0;
    Parse p = httpd::parse_request(in, have, req, used);
    if (p == Parse::kIncomplete) {
      long r = user::recv(fd, in + have, sizeof in - have);
      if (r <= 0) return;
      have += static_cast<size_t>(r);
      continue;
    }
    if (p != Parse::kOk) {
      respond_error(fd, false, p == Parse::kHeadTooLarge ? 431 : 400, false);
      return;
    }
    bool keep_alive = req.keep_alive && ++served < kMaxRequestsPerConnection;
    bool head_only = req.method == httpd::Method::kHead;
    bool ok;
    if (req.method != httpd::Method::kOther && user::streq(req.path, "/status")) {
      ok = respond(fd, head_only, 200, kTextType, page, status_page(), keep_alive);
    } else {
      httpd::Route r = httpd::route(req, httpd::kFiles, httpd::kFileCount);
      ok = r.status == 200
               ? respond(fd, head_only, 200, r.file->content_type, r.file->data, r.file->size, keep_alive)
               : respond_error(fd, head_only, r.status, keep_alive);
    }
    if (!ok || !keep_alive) return;
    // Skip the head and any body (Content-Length) before the next request.
    size_t skip = used + req.body_length;
    while (skip > have) {
      skip -= have;
      have = 0;
      long r = user::recv(fd, in, sizeof in < skip ? sizeof in : skip);
      if (r <= 0) return;
      have = static_cast<size_t>(r);
    }
    consume(have, skip);
  }
}

}  // namespace

extern "C" int main() {
  for (size_t i = 0; i < httpd::kFileCount; ++i) {
    httpd::kFiles[i].content_type = httpd::content_type_for(httpd::kFiles[i].path);
  }
  user::printf("httpd: Starting HTTP server on port %d\n", kPort);
  int listener = static_cast<int>(user::socket());
  long r = listener < 0 ? listener : user::bind(listener, kPort);
  if (r == 0) r = user::listen(listener, kBacklog);
  if (r < 0) {
    const char* why = r == -akuma::abi::kEADDRINUSE ? "the port is in use"
                      : r == -akuma::abi::kENOSYS   ? "no network"
                                                    : "error";
    user::printf("httpd: cannot listen on port %d: %s (%ld)\n", kPort, why, -r);
    return 1;
  }
  user::printf("httpd: Listening for connections...\n");
  for (;;) {
    long c = user::accept(listener);
    if (c < 0) continue;  // EINTR: being killed, the process ends on its way out
    ++connections_served;
    serve(static_cast<int>(c));
    user::close(static_cast<int>(c));
  }
}
