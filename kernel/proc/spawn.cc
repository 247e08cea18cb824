// spawn: load a program from the image into a fresh address space and start
// it on a new thread, as a child of the caller.
#include "kernel/arch/aarch64/trap_frame.h"
#include "kernel/console/console.h"
#include "kernel/lib/format.h"
#include "kernel/mm/memory.h"
#include "kernel/proc/api.h"
#include "kernel/proc/elf.h"
#include "kernel/proc/program_image.h"
#include "kernel/proc/table.h"
#include "kernel/sched/scheduler.h"

namespace akuma::proc {
namespace {

constexpr size_t kArgBytes = 1024;  // all argument strings together

Result<void> load_segments(AddressSpace& space, const ProgramBlob& blob, const elf::Image& image) {
  for (size_t i = 0; i < image.segment_count; ++i) {
    const elf::Segment& s = image.segments[i];
    uint64_t first = align_down(s.vaddr, kPageSize);
    uint64_t end = align_up(s.vaddr + s.memsz, kPageSize);
    uint8_t prot = kProtRead | (s.write ? kProtWrite : 0) | (s.exec ? kProtExec : 0);
    TRY(space.map_fixed(first, end - first, prot));
    TRY(load_to_user(space, s.vaddr, blob.data + s.offset, s.filesz));
  }
  return {};
}

// Lays out argv at the top of the user stack: the strings, then the pointer
// array (16-byte aligned), which is where sp starts. Returns sp and argv.
Result<void> push_args(AddressSpace& space, const char* const* argv, uint64_t* sp, uint64_t* uargv,
                       int* argc) {
  uint64_t ptrs[kMaxArgs + 1];
  size_t n = 0, bytes = 0;
  uint64_t top = kStackTop;  // the strings go at the very top of the stack
  for (; argv[n]; ++n) {
    if (n == kMaxArgs) return Error::kRange;
    size_t len = __builtin_strlen(argv[n]) + 1;
    bytes += len;
    if (bytes > kArgBytes) return Error::kRange;
    top -= len;
    TRY(copy_to_user(space, top, argv[n], len));
    ptrs[n] = top;
  }
  ptrs[n] = 0;
  top = align_down(top - (n + 1) * sizeof(uint64_t), 16);
  TRY(copy_to_user(space, top, ptrs, (n + 1) * sizeof(uint64_t)));
  *sp = top;
  *uargv = top;
  *argc = static_cast<int>(n);
  return {};
}

Result<AddressSpace*> build_space(const char* name, const char* const* argv, arch::TrapFrame& frame) {
  ProgramBlob blob = TRY(find_program(name));
  const char* why = "";
  auto image = elf::parse(blob.data, blob.size, kUserMin, kMmapTop, &why);
  if (!image.ok()) {
    kprintf("[spawn '%s': bad ELF: %s]\n", name, why);
    return image.error();
  }
  AddressSpace* space = TRY(AddressSpace::create());
  auto built = [&]() -> Result<void> {
    TRY(load_segments(*space, blob, image.value()));
    TRY(space->map_fixed(kStackTop - kStackSize, kStackSize, kProtRead | kProtWrite));
    uint64_t sp, uargv;
    int argc;
    TRY(push_args(*space, argv, &sp, &uargv, &argc));
    frame = arch::TrapFrame{};
    frame.x[0] = static_cast<uint64_t>(argc);
    frame.x[1] = uargv;
    frame.sp_el0 = sp;
    frame.elr = image.value().entry;
    frame.spsr = 0;  // EL0t, interrupts unmasked
    return {};
  }();
  if (!built.ok()) {
    delete space;
    return built.error();
  }
  return space;
}

}  // namespace

Result<Pid> spawn(const char* name, const char* const* argv, abi::Stdio stdio) {
  const char* only_name[] = {name, nullptr};
  if (!argv) argv = only_name;
  Process& parent = current_process();
  arch::TrapFrame frame;
  AddressSpace* space = TRY(build_space(name, argv, frame));
  auto* p = new (fallible) Process(stdio);
  if (!p) {
    delete space;
    return Error::kNoMemory;
  }
  format_to(p->name, sizeof(p->name), "%s", name);
  p->space = space;
  (void)p->fds.open(&kStdinOps, nullptr);
  (void)p->fds.open(&kStdoutOps, nullptr);
  (void)p->fds.open(&kStdoutOps, nullptr);
  sched::SchedLock lock;
  auto thread = sched::create_user_thread(name, frame, space->ttbr0(), p);
  if (!thread.ok()) {
    delete space;
    delete p;
    return thread.error();
  }
  p->thread_id = thread.value()->id;
  p->pid = next_pid++;
  p->ppid = parent.pid;
  table.push_back(*p);
  return p->pid;
}

}  // namespace akuma::proc
