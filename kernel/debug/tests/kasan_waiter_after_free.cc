// KASAN (--config=kasan): the shape of the use-after-free review found in the old process
// channel's read_output: a reader blocks on an object's wait queue; the other side marks
// the object closed, wakes its readers and frees it at once; the woken reader then looks at
// the freed object again. Without KASAN nothing shows (the memory still holds the old
// values); with it the reader's access stops the kernel with the object's two stacks.
// Both threads are pinned to CPU 0, so on any number of CPUs the reader runs only once the
// closer has freed the object (on another CPU it could look before the free).
#include "kernel/boot/program.h"
#include "kernel/console/console.h"
#include "kernel/sched/scheduler.h"
#include "kernel/sched/wait_queue.h"

namespace akuma {
namespace {

struct Channel {
  size_t buffered = 0;          // sched lock
  bool closed = false;          // sched lock
  sched::WaitQueue readers;     // readers waiting for data or the close
};

Channel* channel;
bool reader_blocked;

// read_output's loop: wait until there is data or the channel is closed.
[[gnu::noinline]] size_t read_output(Channel* c) {
  sched::SchedLock lock;
  while (c->buffered == 0 && !c->closed) {
    reader_blocked = true;
    (void)c->readers.wait(sched::Wait::kInterruptible);
  }
  return c->buffered;
}

void reader(void*) {
  size_t n = read_output(channel);
  kprintf("kasan: not reported, the reader got %zu bytes\n", n);
}

// The bug: freeing while a woken reader has yet to leave read_output.
[[gnu::noinline]] void close_and_free(Channel* c) {
  {
    sched::SchedLock lock;
    c->closed = true;
    c->readers.wake_all();
  }
  delete c;
}

}  // namespace

int program_main() {
  kprintf("kasan: a reader blocked on a channel that is closed and freed\n");
  channel = new Channel;
  if (!sched::set_affinity(sched::current()->id, 1).ok()) return 1;
  auto r = sched::create_thread("reader", reader, nullptr);
  if (!r.ok() || !sched::set_affinity(r.value()->id, 1).ok()) return 1;
  while (!reader_blocked) sched::yield();
  close_and_free(channel);
  for (int i = 0; i < 10; ++i) sched::yield();  // the reader runs and touches the freed channel
  kprintf("kasan: the reader finished\n");
  return 0;
}

}  // namespace akuma
