// execve and the program loader: a static ELF from the initramfs into a fresh
// address space, with the initial stack Linux gives a program (argc, argv,
// envp, the auxiliary vector), then — only once everything is built — the
// switch: the old address space goes, close-on-exec descriptors close,
// caught signals reset, and the process returns to user mode at the entry.
// Any error before the switch leaves the caller as it was.
#include "kernel/arch/aarch64/cpu.h"
#include "kernel/arch/aarch64/entropy.h"
#include "kernel/arch/aarch64/fpsimd.h"
#include "kernel/arch/aarch64/panic.h"
#include "kernel/arch/aarch64/timer.h"
#include "kernel/console/console.h"
#include "kernel/lib/format.h"
#include "kernel/lib/string.h"
#include "kernel/mm/memory.h"
#include "kernel/proc/api.h"
#include "kernel/proc/elf.h"
#include "kernel/proc/exec_args.h"
#include "kernel/proc/internal.h"
#include "kernel/proc/program_file.h"
#include "kernel/sched/scheduler.h"
#include "kernel/vdso/image.h"
#include "kernel/vdso/vdso_data.h"

namespace akuma::proc {
namespace {

// Where a position-independent (static-pie) program is loaded, as Linux puts
// ET_DYN programs at two thirds of the user half.
constexpr uint64_t kDynBias = (kUserTop / 3 * 2) & ~((2ull << 20) - 1);

// Linux's auxiliary vector keys.
constexpr uint64_t kAtNull = 0, kAtPhdr = 3, kAtPhent = 4, kAtPhnum = 5, kAtPagesz = 6, kAtBase = 7,
                   kAtFlags = 8, kAtEntry = 9, kAtUid = 11, kAtEuid = 12, kAtGid = 13, kAtEgid = 14,
                   kAtPlatform = 15, kAtHwcap = 16, kAtClktck = 17, kAtSecure = 23, kAtRandom = 25,
                   kAtHwcap2 = 26, kAtExecfn = 31, kAtSysinfoEhdr = 33;
constexpr size_t kAuxEntries = 20;  // including AT_NULL

struct Loaded {
  AddressSpace* space = nullptr;
  arch::TrapFrame frame{};
  ArgArea args;
};

// Maps one PT_LOAD segment: a region with the segment's protection;
// read-only pages that hold only file bytes are the file's own pages
// (shared, never copied); other pages with file bytes get a private copy;
// bss pages appear zeroed on first touch.
Result<void> load_segment(AddressSpace& space, const ProgramFile& file, const elf::Segment& s, char* chunk) {
  uint64_t first = align_down(s.vaddr, kPageSize);
  uint64_t end = align_up(s.vaddr + s.memsz, kPageSize);
  uint8_t prot = kProtRead | (s.write ? kProtWrite : 0) | (s.exec ? kProtExec : 0);
  TRY(space.map_fixed(first, end - first, prot));
  uint64_t file_first = s.offset - (s.vaddr - first);  // congruent: page aligned
  uint64_t data_end = s.vaddr + s.filesz;              // file bytes stop here
  for (uint64_t va = first; va < data_end; va += kPageSize) {
    uint64_t file_off = file_first + (va - first);
    bool whole = va + kPageSize <= data_end || s.memsz == s.filesz;
    uint64_t page = file.page ? file.page(file.ctx, file_off / kPageSize) : 0;
    if (!s.write && whole && page != 0) {
      TRY(space.map_shared_page(va, page));
      continue;
    }
    // The segment's bytes in this page: [max(va, vaddr), min(va + page, data_end)).
    uint64_t from = va < s.vaddr ? s.vaddr : va;
    uint64_t to = va + kPageSize < data_end ? va + kPageSize : data_end;
    TRY(file.read(file.ctx, s.offset + (from - s.vaddr), chunk, to - from));
    TRY(load_to_user(space, from, chunk, to - from));
    if (s.exec) arch::sync_icache(TRY(space.resolve(from, Access::kLoad)), to - from);
  }
  return {};
}

// Built at init; shared by every program (read-only to them).
uint64_t trampoline_page;
uint64_t vdso_data_page;

// The vDSO's data (kernel/vdso/vdso_data.h): filled at the first program
// load, when the timer runs.
void fill_vdso_data() {
  auto* d = reinterpret_cast<akuma_vdso_data*>(vdso_data_page);
  if (d->counter_hz) return;
  d->realtime_offset_ns = arch::timer::realtime_ns() - arch::timer::now_ns();
  d->coarse_resolution_ns = 1000000000ull / (arch::timer::tick_hz() ? arch::timer::tick_hz() : 100);
  d->counter_hz = AKUMA_READ_SYSREG(cntfrq_el0);
}

// The pages above the mmap area (address_space.h): trampoline, vDSO data, vDSO.
Result<void> map_user_pages(AddressSpace& space) {
  fill_vdso_data();
  TRY(space.map_fixed(kSigreturnTrampoline, kPageSize, kProtRead | kProtExec));
  TRY(space.map_shared_page(kSigreturnTrampoline, trampoline_page));
  TRY(space.map_fixed(kVdsoData, kPageSize, kProtRead));
  TRY(space.map_shared_page(kVdsoData, vdso_data_page));
  TRY(space.map_fixed(kVdsoBase, vdso::image_pages * kPageSize, kProtRead | kProtExec));
  for (size_t i = 0; i < vdso::image_pages; ++i) {
    TRY(space.map_shared_page(kVdsoBase + i * kPageSize, reinterpret_cast<uint64_t>(vdso::image) + i * kPageSize));
  }
  return {};
}

}  // namespace

void init_user_pages() {
  auto t = alloc_pages(1);
  auto d = alloc_pages(1);
  if (!t.ok() || !d.ok()) panic("proc: no pages for the sigreturn trampoline and the vDSO data");
  auto* code = reinterpret_cast<uint32_t*>(t.value());
  code[0] = 0xd2801168;  // mov x8, #139 (rt_sigreturn)
  code[1] = 0xd4000001;  // svc #0
  for (size_t i = 2; i < kPageSize / 4; ++i) code[i] = 0;  // udf #0: faults if reached
  arch::sync_icache(t.value(), kPageSize);
  trampoline_page = t.value();
  __builtin_memset(reinterpret_cast<void*>(d.value()), 0, kPageSize);
  vdso_data_page = d.value();
  arch::sync_icache(reinterpret_cast<uint64_t>(vdso::image), vdso::image_pages * kPageSize);
}

namespace {

// The initial stack (Linux's layout): from the top, the execfn string, the
// argument and environment strings, "aarch64", 16 random bytes; then, 16-byte
// aligned at sp: argc, argv[], NULL, envp[], NULL, auxv pairs, AT_NULL.
Result<uint64_t> build_stack(AddressSpace& space, const ExecArgs& args, const char* execfn,
                             const elf::Image& image, ArgArea* area) {
  uint64_t top = kStackTop;
  auto push_bytes = [&](const void* p, size_t n) -> Result<uint64_t> {
    top -= n;
    TRY(copy_to_user(space, top, p, n));
    return top;
  };
  uint64_t u_execfn = TRY(push_bytes(execfn, string_length(execfn) + 1));
  // Strings in reverse, so argv[0] ends up lowest (as Linux lays them out).
  uint64_t u_strings = TRY(push_bytes(args.strings(), args.bytes()));
  uint64_t env_offset = args.envc() ? args.offset(args.argc()) : args.bytes();
  *area = ArgArea{u_strings, u_strings + env_offset, u_strings + env_offset, u_strings + args.bytes()};
  uint64_t u_platform = TRY(push_bytes("aarch64", 8));
  uint8_t random[16];
  arch::random_fill(random, sizeof(random));
  top = align_down(top, 16);
  uint64_t u_random = TRY(push_bytes(random, sizeof(random)));

  const uint64_t aux[kAuxEntries][2] = {
      {kAtHwcap, arch::user_hwcap()}, {kAtPagesz, kPageSize}, {kAtClktck, 100},
      {kAtPhdr, image.phdr_vaddr}, {kAtPhent, elf::kProgramHeaderSize}, {kAtPhnum, image.phnum},
      {kAtBase, 0}, {kAtFlags, 0}, {kAtEntry, image.entry}, {kAtUid, 0}, {kAtEuid, 0}, {kAtGid, 0},
      {kAtEgid, 0}, {kAtSecure, 0}, {kAtRandom, u_random}, {kAtHwcap2, 0}, {kAtExecfn, u_execfn},
      {kAtPlatform, u_platform}, {kAtSysinfoEhdr, kVdsoBase}, {kAtNull, 0},
  };
  size_t words = 1 + args.argc() + 1 + args.envc() + 1 + 2 * kAuxEntries;
  uint64_t sp = align_down(top - words * 8, 16);
  uint64_t at = sp;
  auto put = [&](uint64_t v) -> Result<void> {
    TRY(UserPtr<uint64_t>{at}.write(space, v));
    at += 8;
    return {};
  };
  TRY(put(args.argc()));
  for (size_t i = 0; i < args.argc(); ++i) TRY(put(u_strings + args.offset(i)));
  TRY(put(0));
  for (size_t i = 0; i < args.envc(); ++i) TRY(put(u_strings + args.offset(args.argc() + i)));
  TRY(put(0));
  for (const auto& pair : aux) {
    TRY(put(pair[0]));
    TRY(put(pair[1]));
  }
  return sp;
}

// `scratch`: one page for the headers, then for copying file bytes.
Result<Loaded> load(const ProgramFile& file, const ExecArgs& args, const char* execfn, char* scratch) {
  // The ELF header and program headers: the first page of the file.
  size_t head_len = file.size < kPageSize ? file.size : kPageSize;
  TRY(file.read(file.ctx, 0, scratch, head_len));
  const char* why = "";
  auto image = elf::parse(reinterpret_cast<const uint8_t*>(scratch), head_len, file.size, kUserMin, kMmapTop,
                          kDynBias, &why);
  if (!image.ok()) {
    klog("exec %s: %s\n", execfn, why);
    return Error::kNotExecutable;
  }
  Loaded out;
  out.space = TRY(AddressSpace::create());
  auto built = [&]() -> Result<void> {
    uint64_t end = 0;
    for (size_t i = 0; i < image.value().segment_count; ++i) {
      const elf::Segment& s = image.value().segments[i];
      TRY(load_segment(*out.space, file, s, scratch));
      end = max(end, align_up(s.vaddr + s.memsz, kPageSize));
    }
    TRY(out.space->init_brk(end));
    TRY(out.space->map_fixed(kStackTop - kStackSize, kStackSize, kProtRead | kProtWrite));
    TRY(map_user_pages(*out.space));
    uint64_t sp = TRY(build_stack(*out.space, args, execfn, image.value(), &out.args));
    out.frame = arch::TrapFrame{};
    out.frame.sp_el0 = sp;
    out.frame.elr = image.value().entry;
    out.frame.spsr = 0;  // EL0t, interrupts unmasked
    return {};
  }();
  if (!built.ok()) {
    release_space(out.space);
    return built.error();
  }
  return out;
}

void set_name(Process& p, const char* path) {
  const char* base = path;
  for (const char* c = path; *c; ++c) {
    if (*c == '/' && c[1]) base = c + 1;
  }
  string_copy(p.name, base, sizeof(p.name));
}

// Linux's de_thread: the other threads of the process die before the new
// program replaces the old (they leave at their return to user mode), and
// the caller takes over the pid as its thread id. kInterrupted if the
// process is dying itself.
Result<void> kill_other_threads() {
  Task* self = current_task();
  Process& p = *self->process;
  sched::SchedLock lock;
  if (p.live_tasks == 1) return {};
  if (must_die_locked(*self)) return Error::kInterrupted;
  p.exec_task = self;
  wake_killable_locked(p);
  while (p.live_tasks > 1 && !p.group_exit) (void)p.exec_wait.wait(sched::Wait::kUninterruptible);
  p.exec_task = nullptr;
  if (p.group_exit) return Error::kInterrupted;
  self->tid = p.pid;
  return {};
}

}  // namespace

Result<LoadedProgram> load_program(const char* path, void* cwd, const ExecArgs& args) {
  char resolved[kPathMax];
  ProgramFile file = TRY(open_program(path, cwd, resolved, sizeof(resolved)));
  uint64_t scratch = TRY(alloc_pages(1));
  auto loaded = load(file, args, path, reinterpret_cast<char*>(scratch));
  free_pages(scratch);
  Loaded l = TRY(loaded);
  LoadedProgram out;
  out.space = l.space;
  out.frame = l.frame;
  out.args = l.args;
  string_copy(out.exe, resolved, sizeof(out.exe));
  return out;
}

void commit_program(Process& p, LoadedProgram& program, const char* path) {
  AddressSpace* old = p.space;
  p.space = program.space;
  program.space = nullptr;
  if (&p == &current_process()) {
    sched::set_address_space(p.space->ttbr0());
    // A new program starts with clean FP/SIMD registers and no thread pointer.
    static const arch::UserCpuState kClean{};
    arch::load_user_cpu_state(kClean);
  }
  release_space(old);
  // Exec'd from here on (setpgid by the parent: EACCES), before the
  // close-on-exec descriptors close: a parent waiting for that EOF (on
  // another CPU) must already see it.
  if (!p.tasks.empty()) {
    sched::SchedLock lock;
    p.did_exec = true;
  }
  p.fds.close_on_exec();
  set_name(p, path);
  string_copy(p.exe, program.exe, sizeof(p.exe));
  p.arg_start = program.args.arg_start;
  p.arg_end = program.args.arg_end;
  p.env_start = program.args.env_start;
  p.env_end = program.args.env_end;
  sched::SchedLock lock;
  // The surviving thread (if the process runs already) starts afresh.
  if (Task* t = p.tasks.front()) {
    t->clear_child_tid = 0;
    t->robust_list = 0;
    t->altstack = AltStack{};
  }
  p.signals.reset_handlers_for_exec();
  // A vfork parent resumes: the child no longer uses its memory.
  p.vfork_pending = false;
  p.vfork_done.wake_all();
}

Result<void> exec_current(arch::TrapFrame& frame, uint64_t upath, uint64_t uargv, uint64_t uenvp) {
  Process& p = current_process();
  char path[kPathMax];
  auto len = copy_string_from_user(*p.space, path, upath, sizeof(path));
  if (!len.ok()) return len.error() == Error::kRange ? Error::kNameTooLong : len.error();
  if (len.value() == 0) return Error::kNotFound;
  ExecArgs* args = TRY(ExecArgs::create());
  auto collected = [&]() -> Result<void> {
    TRY(args->add_user_vector(*p.space, uargv, ExecArgs::Kind::kArgv));
    TRY(args->add_user_vector(*p.space, uenvp, ExecArgs::Kind::kEnvp));
    return {};
  }();
  if (!collected.ok()) {
    ExecArgs::destroy(args);
    return collected.error();
  }
  auto program = load_program(path, p.cwd, *args);
  ExecArgs::destroy(args);
  if (!program.ok()) return program.error();
  if (auto alone = kill_other_threads(); !alone.ok()) {
    release_space(program.value().space);
    return alone.error();
  }
  commit_program(p, program.value(), path);
  frame = program.value().frame;
  return {};
}

}  // namespace akuma::proc
