// httpd [PORT [ROOT]]: an HTTP/1.0 and HTTP/1.1 server on PORT (default
// 8080; 0 lets the kernel choose, and the start line names the port) for the
// files under ROOT (default /www, the initramfs's copy of www/) and a status
// page, /status. A plain static Linux program: the same source is the
// initramfs's /bin/httpd and the host's //programs/httpd:httpd_host.
//
// Concurrency: an event loop over poll(). One listening socket and up to
// kMaxConnections connections, each a httpd::Connection (connection.h: its
// request bytes, the response being sent, keep-alive, its deadlines). Every
// socket call is non-blocking (a non-blocking listener, MSG_DONTWAIT) and
// made only for what poll reported, so a slow or idle client (connected and
// silent, half a request, not reading its response) holds up nobody: a whole
// request head must come within 10 s, a body or response must move at least
// 512 bytes every 5 s, or the connection is closed. The listener is always
// polled: a new client with every slot taken makes room by closing the
// connection that waits longest for a request head (an idle keep-alive
// client, a slow one), or else the one whose transfer made the least
// recent progress -- so a new client is always accepted at once. A file is
// read whole (open/fstat/read) into its connection's buffer when its request
// is answered. Responses go out with TCP_NODELAY: a large body follows its
// head in sends of its own, and Nagle would hold it back for the client's
// delayed ACK (a small response is one send: connection.h).
//
// Quiet after its two start lines: it runs as a background job whose output
// goes straight to the console, and request logs would land at the prompt.
// stdout is line buffered, so each line is one write() even into a pipe.
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "kernel/syscall/akuma_abi.h"
#include "net/iface/counters.h"
#include "programs/httpd/connection.h"
#include "programs/httpd/http_parser.h"

namespace {

using httpd::Connection;
using httpd::Reply;
using httpd::Request;

constexpr int kDefaultPort = 8080;
constexpr const char* kDefaultRoot = "/www";
constexpr int kBacklog = 64;
constexpr int kMaxConnections = 32;
constexpr int kAcceptsPerRound = 16;  // then the connections get their turn
constexpr size_t kMaxRoot = 1024;             // bytes of ROOT
constexpr off_t kMaxFileSize = 4 << 20;       // larger files are answered 500
constexpr long kAkumaNetStats = 2048;         // kernel/syscall/linux_abi.h nr::kAkumaNetStats
constexpr const char* kTextType = "text/plain; charset=utf-8";

// One connection slot: the connection, its socket, and the buffer holding
// the file its current response sends (kept until the response is sent:
// the handler runs only once the previous response is out). All zero when
// free, so the table costs the program file nothing (.bss).
struct Slot {
  Connection connection;
  bool open = false;
  int fd = 0;  // when open
  char* file = nullptr;
  size_t file_capacity = 0;
};

Slot slots[kMaxConnections];
const char* root = kDefaultRoot;
uint64_t connections_served;
uint64_t requests_on_closed;  // requests served on connections since closed

uint64_t now() {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<uint64_t>(ts.tv_sec) * 1000 + static_cast<uint64_t>(ts.tv_nsec) / 1000000;
}

int open_connections() {
  int n = 0;
  for (const Slot& s : slots) n += s.open;
  return n;
}

Reply text_reply(char* scratch, int n) {
  size_t length = n < 0 ? 0 : static_cast<size_t>(n) < httpd::kBodyScratch ? static_cast<size_t>(n) : httpd::kBodyScratch - 1;
  return Reply{200, kTextType, scratch, length};
}

// The kernel's counters come from this kernel's own syscall (akuma_abi.h);
// elsewhere (Linux, the host) it is ENOSYS and the page leaves them out.
Reply status_page(char* scratch) {
  uint64_t ms = now();
  uint64_t requests = requests_on_closed + 1;  // this one is not counted yet
  for (const Slot& s : slots) requests += s.open ? s.connection.requests() : 0;
  int n = snprintf(scratch, httpd::kBodyScratch,
                   "akuma httpd\nuptime: %lu.%03lu s\npid: %d\nrequests: %lu\nconnections: %lu\nopen connections: %d\n",
                   static_cast<unsigned long>(ms / 1000), static_cast<unsigned long>(ms % 1000), static_cast<int>(getpid()),
                   static_cast<unsigned long>(requests), static_cast<unsigned long>(connections_served),
                   open_connections());
  akuma::abi::NetStats net{};
  if (n >= 0 && static_cast<size_t>(n) < httpd::kBodyScratch && syscall(kAkumaNetStats, &net) == 0) {
    n += snprintf(scratch + n, httpd::kBodyScratch - static_cast<size_t>(n), "open sockets: %u\ntcp connections: %u\n",
                  net.open_sockets, net.tcp_connections);
    // Every dropped packet by its reason, as netstat shows them.
    n += snprintf(scratch + n, httpd::kBodyScratch - static_cast<size_t>(n), "dropped:");
    bool any = false;
    for (int i = 0; i < static_cast<int>(akuma::net::DropReason::kCount) && static_cast<size_t>(n) < httpd::kBodyScratch; ++i) {
      if (net.drops[i] == 0) continue;
      n += snprintf(scratch + n, httpd::kBodyScratch - static_cast<size_t>(n), " %s %llu",
                    akuma::net::drop_reason_name(static_cast<akuma::net::DropReason>(i)),
                    static_cast<unsigned long long>(net.drops[i]));
      any = true;
    }
    if (static_cast<size_t>(n) < httpd::kBodyScratch) {
      n += snprintf(scratch + n, httpd::kBodyScratch - static_cast<size_t>(n), "%s\n", any ? "" : " none");
    }
  }
  return text_reply(scratch, n);
}

// Reads the whole regular file ROOT/file into the slot's buffer: 200, or
// 404 (missing, or not a regular file), 403 (not readable), 500.
Reply file_reply(const char* file, char* scratch, Slot& slot) {
  char path[kMaxRoot + httpd::kMaxPath + 1];
  snprintf(path, sizeof path, "%s%s", root, file);  // fits: both lengths are bounded
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    int status = errno == EACCES ? 403 : (errno == ENOENT || errno == ENOTDIR || errno == ENAMETOOLONG) ? 404 : 500;
    return httpd::error_reply(status, scratch);
  }
  struct stat st;
  int status = 200;
  if (fstat(fd, &st) != 0) {
    status = 500;
  } else if (!S_ISREG(st.st_mode)) {
    status = 404;
  } else if (st.st_size > kMaxFileSize) {
    status = 500;
  }
  size_t size = status == 200 ? static_cast<size_t>(st.st_size) : 0;
  if (status == 200 && size > slot.file_capacity) {
    char* grown = static_cast<char*>(realloc(slot.file, size));
    if (grown) {
      slot.file = grown;
      slot.file_capacity = size;
    } else {
      status = 500;
    }
  }
  size_t got = 0;
  while (status == 200 && got < size) {
    ssize_t r = read(fd, slot.file + got, size - got);
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) status = 500;
    if (r <= 0) break;  // shorter than fstat said: it shrank; send what is there
    got += static_cast<size_t>(r);
  }
  close(fd);
  if (status != 200) return httpd::error_reply(status, scratch);
  return Reply{200, httpd::content_type_for(file), slot.file, got};
}

Reply handle(const Request& req, char* scratch, void* context) {
  if (req.method != httpd::Method::kOther && strcmp(req.path, "/status") == 0) return status_page(scratch);
  httpd::Route r = httpd::route(req);
  if (r.status != 200) return httpd::error_reply(r.status, scratch);
  return file_reply(r.file, scratch, *static_cast<Slot*>(context));
}

void close_slot(Slot& s) {
  requests_on_closed += s.connection.requests();
  close(s.fd);
  s.open = false;
  free(s.file);
  s.file = nullptr;
  s.file_capacity = 0;
}

// The slot a new client gets: a free one, or else the connection that has
// waited longest for a request head (idle keep-alive, slow clients), or
// else the transfer with the least recent progress, closed for it.
Slot* slot_for_new_client() {
  Slot* victim = nullptr;
  for (Slot& s : slots) {
    if (!s.open) return &s;
    const Connection& c = s.connection;
    if (victim == nullptr) {
      victim = &s;
      continue;
    }
    const Connection& v = victim->connection;
    bool better = c.waiting_for_head() != v.waiting_for_head() ? c.waiting_for_head()
                                                                : c.deadline_base() < v.deadline_base();
    if (better) victim = &s;
  }
  close_slot(*victim);
  return victim;
}

void accept_some(int listener) {
  for (int i = 0; i < kAcceptsPerRound; ++i) {
    int c = accept4(listener, nullptr, nullptr, SOCK_CLOEXEC);
    if (c < 0) return;  // EAGAIN (the listener is non-blocking): none left
    int one = 1;
    setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    Slot& s = *slot_for_new_client();
    s.open = true;
    s.fd = c;
    s.connection.open(now());
    ++connections_served;
  }
}

// Moves what poll said would not block, answers, sends; false: close it.
bool service(Slot& s, short revents) {
  Connection& c = s.connection;
  if ((revents & (POLLIN | POLLHUP | POLLERR)) != 0 && c.wants_read()) {
    ssize_t r = recv(s.fd, c.in_space(), c.in_room(), MSG_DONTWAIT);
    if (r > 0) c.received(static_cast<size_t>(r), now());
    if (r == 0) c.peer_closed();
    if (r < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) return false;
  } else if ((revents & POLLHUP) != 0) {
    c.peer_closed();
  }
  if ((revents & POLLERR) != 0) return false;
  for (;;) {
    c.step(handle, &s);
    if (!c.wants_write()) break;
    // MSG_NOSIGNAL: a peer gone makes send fail with EPIPE, not SIGPIPE.
    ssize_t r = send(s.fd, c.out(), c.out_length(), MSG_DONTWAIT | MSG_NOSIGNAL);
    if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) break;  // poll says when there is room
    if (r <= 0) return false;
    c.sent(static_cast<size_t>(r), now());
  }
  return !c.done();
}

[[noreturn]] void serve(int listener) {
  pollfd polled[kMaxConnections + 1];
  Slot* slot_of[kMaxConnections + 1];
  for (;;) {
    nfds_t n = 0;
    polled[n++] = {listener, POLLIN, 0};
    int timeout = -1;
    uint64_t t = now();
    for (Slot& s : slots) {
      if (!s.open) continue;
      const Connection& c = s.connection;
      short events = static_cast<short>((c.wants_read() ? POLLIN : 0) | (c.wants_write() ? POLLOUT : 0));
      slot_of[n] = &s;
      polled[n++] = {s.fd, events, 0};
      int left = static_cast<int>(c.ms_until_expiry(t));  // at most kHeadTimeoutMs
      if (timeout < 0 || left < timeout) timeout = left;
    }
    if (poll(polled, n, timeout) < 0) continue;  // EINTR
    for (nfds_t k = 1; k < n; ++k) {
      Slot& s = *slot_of[k];
      if (!s.open) continue;
      bool keep = polled[k].revents == 0 || service(s, polled[k].revents);
      if (!keep || s.connection.expired(now())) close_slot(s);
    }
    if (polled[0].revents & POLLIN) accept_some(listener);
  }
}

// A decimal port 0..65535, the whole string.
bool parse_port(const char* s, int* out) {
  int v = 0;
  if (*s == '\0') return false;
  for (; *s; ++s) {
    if (*s < '0' || *s > '9') return false;
    v = v * 10 + (*s - '0');
    if (v > 65535) return false;
  }
  *out = v;
  return true;
}

const char* why(int err) {
  switch (err) {
    case EADDRINUSE: return "the port is in use";
    case ENOSYS:
    case EAFNOSUPPORT:
    case ENETDOWN: return "no network";
    case EACCES: return "permission denied";
  }
  return "error";
}

}  // namespace

int main(int argc, char** argv) {
  setvbuf(stdout, nullptr, _IOLBF, 0);
  int port = kDefaultPort;
  if (argc > 3 || (argc > 1 && !parse_port(argv[1], &port)) || (argc > 2 && (argv[2][0] == '\0' || strlen(argv[2]) >= kMaxRoot))) {
    printf("usage: httpd [PORT [ROOT]]   (PORT 0..65535, default %d; ROOT default %s)\n", kDefaultPort, kDefaultRoot);
    return 2;
  }
  if (argc > 2) root = argv[2];

  // socket, SO_REUSEADDR (a new server binds at once while connections of a
  // previous one finish their close), bind, listen. The start line comes
  // once the port is known (the one asked for, or the kernel's choice for 0).
  int err = 0;
  int listener = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  int one = 1;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_ANY);
  if (listener < 0 || setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) != 0 ||
      bind(listener, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) != 0) {
    err = errno;
  }
  socklen_t len = sizeof addr;
  if (err == 0 && port == 0 && getsockname(listener, reinterpret_cast<sockaddr*>(&addr), &len) == 0) {
    port = ntohs(addr.sin_port);
  }
  printf("httpd: Starting HTTP server on port %d\n", port);
  if (err == 0 && listen(listener, kBacklog) != 0) err = errno;
  if (err != 0) {
    printf("httpd: cannot listen on port %d: %s (%d)\n", port, why(err), err);
    return 1;
  }
  printf("httpd: Listening for connections...\n");
  serve(listener);
}
