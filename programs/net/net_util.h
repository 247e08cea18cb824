// Small helpers shared by the network programs: errno names, dotted quads,
// a listening socket, whole sends.
#pragma once

#include <errno.h>
#include <netinet/in.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

namespace net_util {

// "EAGAIN" for EAGAIN (glibc's names); "error" for a number it does not know.
inline const char* errno_name(int err) {
  const char* name = strerrorname_np(err);
  return name ? name : "error";
}

// "10.0.2.2" -> 0x0a000202 (host byte order); false if it is not four
// numbers 0..255.
inline bool parse_ipv4(const char* s, uint32_t* out) {
  uint32_t value = 0;
  for (int part = 0; part < 4; ++part) {
    if (*s < '0' || *s > '9') return false;
    uint32_t n = 0;
    while (*s >= '0' && *s <= '9' && n <= 255) n = n * 10 + uint32_t(*s++ - '0');
    if (n > 255) return false;
    value = value << 8 | n;
    if (part < 3 && *s++ != '.') return false;
  }
  *out = value;
  return *s == '\0';
}

// sockaddr_in for addr (host byte order) and port: network byte order inside.
inline sockaddr_in ipv4_endpoint(uint32_t addr, uint16_t port) {
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(port);
  a.sin_addr.s_addr = htonl(addr);
  return a;
}

// socket (with `type_flags`, e.g. SOCK_NONBLOCK), SO_REUSEADDR, bind to
// every address on `port`, listen: the listening fd, or -errno of the call
// that failed (EADDRINUSE from bind when the port has a listener).
inline int listen_on(uint16_t port, int backlog, int type_flags = 0) {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | type_flags, 0);
  if (fd < 0) return -errno;
  int one = 1;
  sockaddr_in a = ipv4_endpoint(INADDR_ANY, port);
  if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) != 0 ||
      bind(fd, reinterpret_cast<const sockaddr*>(&a), sizeof a) != 0 || listen(fd, backlog) != 0) {
    int err = errno;
    close(fd);
    return -err;
  }
  return fd;
}

// Sends all of buf (a blocking socket may take it in parts): len, or -errno.
// MSG_NOSIGNAL: a peer gone is EPIPE, not SIGPIPE.
inline long send_all(int fd, const void* buf, size_t len) {
  size_t sent = 0;
  while (sent < len) {
    ssize_t n = send(fd, static_cast<const char*>(buf) + sent, len - sent, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return -errno;
    sent += static_cast<size_t>(n);
  }
  return static_cast<long>(len);
}

}  // namespace net_util
