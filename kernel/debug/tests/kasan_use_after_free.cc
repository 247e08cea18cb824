// KASAN (--config=kasan): reading a heap object after it was freed is reported with the
// object and where it was allocated and freed.
#include "kernel/boot/program.h"
#include "kernel/console/console.h"

namespace akuma {

struct Session {
  int id;
  int bytes_sent;
};

[[gnu::noinline]] Session* open_session() { return new Session{7, 0}; }
[[gnu::noinline]] void close_session(Session* s) { delete s; }
[[gnu::noinline]] int bytes_of(volatile Session* s) { return s->bytes_sent; }

int program_main() {
  kprintf("kasan: reading a session after closing it\n");
  Session* s = open_session();
  close_session(s);
  kprintf("kasan: not reported, read %d\n", bytes_of(s));
  return 0;
}

}  // namespace akuma
