// A second PID 0 thread reads a job's output while the main thread reaps the
// job: the reader holds its own reference to the pipe, so the job's exit and
// reaping free nothing it uses; it reads what the job wrote, then end of file,
// and every page and heap byte comes back. (With a channel inside the
// Process, the reader used the freed Process after the reap.)
#include "kernel/proc/tests/test_util.h"
#include "kernel/sched/scheduler.h"

namespace akuma {
namespace {

struct Reader {
  proc::OpenFile* output;  // the reader's own reference
  char text[128];
  size_t got = 0;
  bool saw_end = false;
  bool done = false;
  sched::WaitQueue finished;
};

void read_all(void* arg) {
  auto* r = static_cast<Reader*>(arg);
  for (;;) {
    auto n = r->output->ops->read(*r->output, r->text + r->got, sizeof(r->text) - 1 - r->got);
    if (!n.ok()) break;
    if (n.value() == 0) {
      r->saw_end = true;
      break;
    }
    r->got += n.value();
  }
  r->text[r->got] = '\0';
  proc::release(r->output);
  sched::SchedLock lock;
  r->done = true;
  r->finished.wake_all();
}

}  // namespace

int program_main() {
  using namespace proc;
  using namespace proc::test;
  auto baseline = MemorySnapshot::now();
  {
    static Reader reader;
    Job job;
    const char* argv[] = {"ticker", "3", "50", nullptr};
    must_start(job, "ticker", argv, Stdio::kJob);
    retain(job.io.output);
    reader.output = job.io.output;
    if (!sched::create_thread("reader", read_all, &reader).ok()) return 1;
    // The main thread lets go of its end at once and reaps the job while the
    // reader still reads.
    job.close();
    WaitResult w = must_wait(job.pid);
    kprintf("main thread reaped the ticker: exit code %d, state now %s\n", code(w.status), state_of(job.pid));
    sched::SchedLock lock;
    while (!reader.done) (void)reader.finished.wait(sched::Wait::kUninterruptible);
    kprintf("reader thread read: %s", reader.text);
    kprintf("reader thread saw the end of the output: %s\n", yes(reader.saw_end));
  }
  (void)sched::sleep_ms(20);  // the reader thread's stack is freed by the next switch
  kprintf("memory back to baseline: %s\n", yes(MemorySnapshot::now() == baseline));
  return 0;
}

}  // namespace akuma
