// httpd: an HTTP/1.0 and HTTP/1.1 server on port 8080 for the files in www/
// (embedded read-only in the program) and a status page, /status.
//
// Concurrency: an event loop over poll(). One listening socket and up to
// kMaxConnections connections, each a httpd::Connection (connection.h: its
// request bytes, the response being sent, keep-alive, the idle clock). Every
// socket call is kMsgDontWait and made only for what poll reported, so a slow
// or idle client (connected and silent, half a request, not reading its
// response) holds up nobody; a connection without progress for
// kIdleTimeoutMs (10 s) is closed. While every slot is taken the listener is
// not polled and new clients wait in the kernel's backlog.
//
// Quiet after its two start lines: it runs as a background job whose output
// goes straight to the console, and request logs would land at the prompt.
#include "kernel/lib/format.h"
#include "programs/httpd/connection.h"
#include "programs/httpd/files.h"
#include "programs/httpd/http_parser.h"
#include "programs/runtime/io.h"
#include "programs/runtime/syscalls.h"

namespace {

using akuma::abi::kMsgDontWait;
using akuma::abi::kPollErr;
using akuma::abi::kPollHup;
using akuma::abi::kPollIn;
using akuma::abi::kPollOut;
using httpd::Connection;
using httpd::Reply;
using httpd::Request;

constexpr uint16_t kPort = 8080;
constexpr int kBacklog = 16;
constexpr int kMaxConnections = 8;
constexpr const char* kTextType = "text/plain; charset=utf-8";

Connection connections[kMaxConnections];
int fds[kMaxConnections];  // -1: the slot is free
uint64_t connections_served;
uint64_t requests_on_closed;  // requests served on connections since closed

uint64_t now() { return static_cast<uint64_t>(user::uptime_ms()); }

int open_connections() {
  int n = 0;
  for (int fd : fds) n += fd >= 0;
  return n;
}

Reply status_page(char* scratch) {
  uint64_t ms = now();
  uint64_t requests = requests_on_closed + 1;  // this one is not counted yet
  for (int i = 0; i < kMaxConnections; ++i) requests += fds[i] >= 0 ? connections[i].requests() : 0;
  akuma::abi::NetStats net{};
  user::net_stats(&net);
  size_t n = akuma::format_to(
      scratch, httpd::kBodyScratch,
      "akuma httpd\nuptime: %lu.%03lu s\npid: %ld\nrequests: %lu\nconnections: %lu\nopen connections: %d\n"
      "open sockets: %u\ntcp connections: %u\n",
      static_cast<unsigned long>(ms / 1000), static_cast<unsigned long>(ms % 1000), user::getpid(),
      static_cast<unsigned long>(requests), static_cast<unsigned long>(connections_served), open_connections(),
      net.open_sockets, net.tcp_connections);
  return Reply{200, kTextType, scratch, n};
}

Reply handle(const Request& req, char* scratch, void*) {
  if (req.method != httpd::Method::kOther && user::streq(req.path, "/status")) return status_page(scratch);
  httpd::Route r = httpd::route(req, httpd::kFiles, httpd::kFileCount);
  if (r.status != 200) return httpd::error_reply(r.status, scratch);
  return Reply{200, r.file->content_type, r.file->data, r.file->size};
}

void close_slot(int i) {
  requests_on_closed += connections[i].requests();
  user::close(fds[i]);
  fds[i] = -1;
}

void accept_all(int listener) {
  for (int i = 0; i < kMaxConnections; ++i) {
    if (fds[i] >= 0) continue;
    long c = user::accept(listener, nullptr, kMsgDontWait);
    if (c < 0) return;  // EAGAIN: none left
    fds[i] = static_cast<int>(c);
    connections[i].open(now());
    ++connections_served;
  }
}

// Moves what poll said would not block, answers, sends; false: close it.
bool service(int fd, Connection& c, uint16_t revents) {
  if ((revents & (kPollIn | kPollHup | kPollErr)) != 0 && c.wants_read()) {
    long r = user::recv(fd, c.in_space(), c.in_room(), kMsgDontWait);
    if (r > 0) c.received(static_cast<size_t>(r), now());
    if (r == 0) c.peer_closed();
    if (r < 0 && r != -akuma::abi::kEAGAIN) return false;
  } else if ((revents & kPollHup) != 0) {
    c.peer_closed();
  }
  if ((revents & kPollErr) != 0) return false;
  for (;;) {
    c.step(handle, nullptr);
    if (!c.wants_write()) break;
    long r = user::send(fd, c.out(), c.out_length(), kMsgDontWait);
    if (r == -akuma::abi::kEAGAIN) break;  // poll says when there is room
    if (r <= 0) return false;
    c.sent(static_cast<size_t>(r), now());
  }
  return !c.done();
}

[[noreturn]] void serve(int listener) {
  user::PollFd polled[kMaxConnections + 1];
  int slot_of[kMaxConnections + 1];
  for (;;) {
    size_t n = 0;
    bool room = open_connections() < kMaxConnections;
    polled[n++] = {room ? listener : -1, kPollIn, 0};
    long timeout = -1;
    uint64_t t = now();
    for (int i = 0; i < kMaxConnections; ++i) {
      if (fds[i] < 0) continue;
      const Connection& c = connections[i];
      uint16_t events = (c.wants_read() ? kPollIn : 0) | (c.wants_write() ? kPollOut : 0);
      slot_of[n] = i;
      polled[n++] = {fds[i], events, 0};
      long left = static_cast<long>(c.ms_until_expiry(t));
      if (timeout < 0 || left < timeout) timeout = left;
    }
    if (user::poll(polled, n, timeout) < 0) continue;  // EINTR: being killed, ends on the way out
    if (polled[0].revents & kPollIn) accept_all(listener);
    for (size_t k = 1; k < n; ++k) {
      int i = slot_of[k];
      bool keep = polled[k].revents == 0 || service(fds[i], connections[i], polled[k].revents);
      if (!keep || connections[i].expired(now())) close_slot(i);
    }
  }
}

}  // namespace

extern "C" int main() {
  for (size_t i = 0; i < httpd::kFileCount; ++i) {
    httpd::kFiles[i].content_type = httpd::content_type_for(httpd::kFiles[i].path);
  }
  for (int& fd : fds) fd = -1;
  user::printf("httpd: Starting HTTP server on port %d\n", kPort);
  long listener = user::listen_on(kPort, kBacklog);
  if (listener < 0) {
    const char* why = listener == -akuma::abi::kEADDRINUSE ? "the port is in use"
                      : listener == -akuma::abi::kENOSYS   ? "no network"
                                                    : "error";
    user::printf("httpd: cannot listen on port %d: %s (%ld)\n", kPort, why, -listener);
    return 1;
  }
  user::printf("httpd: Listening for connections...\n");
  serve(static_cast<int>(listener));
}
