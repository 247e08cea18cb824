// /proc: a read-only view of live processes, generated when read (through
// kernel/fs's synthetic seam on the initramfs's empty /proc directory):
//
//   /proc/self              link to /proc/<the caller's pid>
//   /proc/PID/stat          one line, Linux's 52 fields (proc(5))
//   /proc/PID/status        "Key:\tvalue" lines (Name, State, PPid, Threads, ...)
//   /proc/PID/cmdline       the arguments, each NUL-terminated
//   /proc/PID/exe           link to the program
//   /proc/PID/task/TID/stat, status   the same for one thread
//
// Unlike the seed's FreeBSD, whose running process's usage can be read only
// from inside it, any process's CPU time, peak memory and context switches
// are here while it runs.
//
// The nodes of a process (and of each thread) are made at its first lookup
// and belong to it: freed when it is reaped (when the thread exits). An open
// /proc file keeps its own copy of its node, which names the process by pid
// only, so reading it after the process is gone fails cleanly (ESRCH), never
// touches freed memory. Table lock while the nodes and processes are used;
// no lookup blocks, so a walk through /proc/PID/... is atomic.
#include "kernel/fs/cpio.h"
#include "kernel/fs/vfs.h"
#include "kernel/lib/format.h"
#include "kernel/lib/string.h"
#include "kernel/mm/memory.h"
#include "kernel/mm/page_allocator.h"
#include "kernel/proc/api.h"
#include "kernel/proc/filesystem.h"
#include "kernel/proc/internal.h"
#include "kernel/sched/scheduler.h"

namespace akuma::proc {

using sched::SchedLock;

namespace {

constexpr uint64_t kInoBase = 1ull << 32;  // far above the initramfs's inode numbers
constexpr size_t kTextMax = 2048;          // the longest file generated (status)

enum class Kind : uint8_t { kPidDir, kStat, kStatus, kCmdline, kExe, kTaskDir, kTidDir, kTidStat, kTidStatus };

// ops_data of a /proc node: which process (and thread) it is about.
uint64_t key(Pid pid, Pid tid) { return static_cast<uint64_t>(static_cast<uint32_t>(pid)) << 32 | static_cast<uint32_t>(tid); }
Pid pid_of(const fs::Node* n) { return static_cast<Pid>(reinterpret_cast<uint64_t>(n->ops_data) >> 32); }
Pid tid_of(const fs::Node* n) { return static_cast<Pid>(reinterpret_cast<uint64_t>(n->ops_data) & 0xffffffff); }

struct ProcessNodes {
  fs::Node dir, stat, status, cmdline, exe, task;
  char name[12];
};
struct TaskNodes {
  fs::Node dir, stat, status;
  char name[12];
};

fs::Node* proc_root;  // the initramfs's /proc, made synthetic
fs::Node self_link;

const fs::NodeOps* ops_for(Kind k);

void make_node(fs::Node& n, Kind kind, fs::Node* parent, const char* name, uint64_t data, uint64_t ino) {
  n = fs::Node{};
  switch (kind) {
    case Kind::kPidDir:
    case Kind::kTaskDir:
    case Kind::kTidDir:
      n.kind = fs::NodeKind::kDirectory;
      n.mode = fs::kModeDirectory | 0555;
      n.nlink = 2;
      break;
    case Kind::kExe:
      n.kind = fs::NodeKind::kSymlink;
      n.mode = fs::kModeSymlink | 0777;
      n.nlink = 1;
      break;
    default:
      n.kind = fs::NodeKind::kRegular;
      n.mode = fs::kModeRegular | 0444;
      n.nlink = 1;
      break;
  }
  n.ino = ino;
  n.parent = parent;
  n.name = name;
  n.name_length = string_length(name);
  n.ops = ops_for(kind);
  n.ops_data = reinterpret_cast<void*>(data);
}

uint64_t ino_of(Pid pid, Pid tid, Kind k) {
  return kInoBase + (static_cast<uint64_t>(pid) << 24) + (static_cast<uint64_t>(tid) << 4) + static_cast<uint64_t>(k);
}

// Table lock held. The process's nodes, made at first use.
Result<ProcessNodes*> nodes_of(Process& p) {
  if (p.procfs_nodes) return static_cast<ProcessNodes*>(p.procfs_nodes);
  auto* n = new (fallible) ProcessNodes;
  if (!n) return Error::kNoMemory;
  format_to(n->name, sizeof(n->name), "%d", p.pid);
  uint64_t d = key(p.pid, 0);
  make_node(n->dir, Kind::kPidDir, proc_root, n->name, d, ino_of(p.pid, 0, Kind::kPidDir));
  make_node(n->stat, Kind::kStat, &n->dir, "stat", d, ino_of(p.pid, 0, Kind::kStat));
  make_node(n->status, Kind::kStatus, &n->dir, "status", d, ino_of(p.pid, 0, Kind::kStatus));
  make_node(n->cmdline, Kind::kCmdline, &n->dir, "cmdline", d, ino_of(p.pid, 0, Kind::kCmdline));
  make_node(n->exe, Kind::kExe, &n->dir, "exe", d, ino_of(p.pid, 0, Kind::kExe));
  make_node(n->task, Kind::kTaskDir, &n->dir, "task", d, ino_of(p.pid, 0, Kind::kTaskDir));
  n->dir.nlink = 3;
  p.procfs_nodes = n;
  return n;
}

Result<TaskNodes*> nodes_of(Task& t, ProcessNodes& parent) {
  if (t.procfs_nodes) return static_cast<TaskNodes*>(t.procfs_nodes);
  auto* n = new (fallible) TaskNodes;
  if (!n) return Error::kNoMemory;
  Pid pid = t.process->pid;
  format_to(n->name, sizeof(n->name), "%d", t.tid);
  uint64_t d = key(pid, t.tid);
  make_node(n->dir, Kind::kTidDir, &parent.task, n->name, d, ino_of(pid, t.tid, Kind::kTidDir));
  make_node(n->stat, Kind::kTidStat, &n->dir, "stat", d, ino_of(pid, t.tid, Kind::kTidStat));
  make_node(n->status, Kind::kTidStatus, &n->dir, "status", d, ino_of(pid, t.tid, Kind::kTidStatus));
  t.procfs_nodes = n;
  return n;
}

Result<Pid> parse_pid(const char* name, size_t length) {
  if (length == 0 || length > 10 || name[0] == '0') return Error::kNotFound;
  int64_t v = 0;
  for (size_t i = 0; i < length; ++i) {
    if (name[i] < '0' || name[i] > '9') return Error::kNotFound;
    v = v * 10 + (name[i] - '0');
  }
  if (v > 0x7fffffff) return Error::kNotFound;
  return static_cast<Pid>(v);
}

bool named(const char* name, size_t length, const char* want) {
  return length == string_length(want) && __builtin_memcmp(name, want, length) == 0;
}

// Table lock held: the process (PID 0 is not shown), or nullptr.
Process* shown_locked(Pid pid) {
  Process* p = pid == kKernelPid ? nullptr : find_locked(pid);
  return p;
}

Task* task_locked(Process& p, Pid tid) {
  for (Task& t : p.tasks) {
    if (t.tid == tid) return &t;
  }
  return nullptr;
}

// ---------------------------------------------------------------- text

struct Text {
  char buf[kTextMax];
  size_t len = 0;
  void add(const char* fmt, ...) __attribute__((format(printf, 2, 3))) {
    va_list args;
    va_start(args, fmt);
    if (len < sizeof(buf)) len += vformat_to(buf + len, sizeof(buf) - len, fmt, args);
    va_end(args);
    if (len > sizeof(buf) - 1) len = sizeof(buf) - 1;
  }
};

uint64_t ticks(uint64_t ns) { return ns / 10000000; }  // USER_HZ = 100

// One letter as Linux's /proc shows a thread: R running or ready, S asleep,
// T stopped, Z a zombie.
char thread_letter(const Process& p, const Task* t) {
  if (!p.lifecycle.alive()) return 'Z';
  // The leader exited while others still ran: Linux shows it as a zombie. A
  // leader that is the last thread shows running while it releases the
  // memory (perhaps on another CPU), until the process is a zombie.
  if (!t) return p.leader_finishing ? 'R' : 'Z';
  if (t->parked) return 'T';
  switch (t->thread->state) {
    case sched::ThreadState::kRunning:
    case sched::ThreadState::kReady: return 'R';
    default: return 'S';
  }
}

const char* letter_name(char c) {
  switch (c) {
    case 'R': return "R (running)";
    case 'S': return "S (sleeping)";
    case 'T': return "T (stopped)";
    default: return "Z (zombie)";
  }
}

struct Memory {
  uint64_t vsize = 0;      // bytes mapped
  uint64_t rss_pages = 0;
  uint64_t peak_kib = 0;
  uint64_t brk = 0;
};

Memory memory_of(const Process& p) {
  Memory m;
  if (!p.space) return m;
  m.vsize = p.space->mapped_bytes();
  m.rss_pages = p.space->pages();
  m.peak_kib = p.space->peak_pages() * (kPageSize / 1024);
  m.brk = p.space->brk();
  return m;
}

uint64_t caught_mask(const Process& p, bool ignored) {
  uint64_t m = 0;
  for (int sig = 1; sig <= kMaxSignal; ++sig) {
    uint64_t h = p.signals.action(sig).handler;
    if (ignored ? h == kHandlerIgnore : (h != kHandlerIgnore && h != kHandlerDefault)) m |= signal_bit(sig);
  }
  return m;
}

// Table lock held. `t`: a thread's file, or nullptr for the process's.
void write_stat(Text& out, Process& p, Task* t, Pid id) {
  Task* main = t ? t : main_task_locked(p);
  if (main && main->tid != p.pid && !t) main = nullptr;  // the leader is gone
  Usage u = !p.lifecycle.alive() ? p.usage : t ? thread_usage(*t->thread) : live_usage_locked(p);
  Memory m = memory_of(p);
  uint64_t pending = p.pending.set | (main ? main->pending.set : 0);
  out.add("%d (%s) %c %d %d %d 0 -1 4194304 %llu 0 0 0 %llu %llu %llu %llu 20 0 %d 0 %llu %llu %llu "
          "18446744073709551615 0 0 %llu 0 0 %llu %llu %llu %llu 0 0 0 %d 0 0 0 0 0 0 0 0 %llu %llu %llu "
          "%llu %llu %d\n",
          id, p.name, thread_letter(p, main), p.ppid, p.pgid, p.sid, static_cast<unsigned long long>(u.minor_faults),
          static_cast<unsigned long long>(ticks(u.user_ns)), static_cast<unsigned long long>(ticks(u.system_ns)),
          static_cast<unsigned long long>(ticks(p.children_usage.user_ns)),
          static_cast<unsigned long long>(ticks(p.children_usage.system_ns)), p.lifecycle.alive() ? p.live_tasks : 1,
          static_cast<unsigned long long>(ticks(p.start_ns)), static_cast<unsigned long long>(m.vsize),
          static_cast<unsigned long long>(m.rss_pages), static_cast<unsigned long long>(p.arg_start),
          static_cast<unsigned long long>(pending), static_cast<unsigned long long>(main ? main->blocked : 0),
          static_cast<unsigned long long>(caught_mask(p, true)), static_cast<unsigned long long>(caught_mask(p, false)),
          p.exit_signal, static_cast<unsigned long long>(m.brk), static_cast<unsigned long long>(p.arg_start),
          static_cast<unsigned long long>(p.arg_end), static_cast<unsigned long long>(p.env_start),
          static_cast<unsigned long long>(p.env_end), p.lifecycle.alive() ? 0 : p.exit_status);
}

void write_status(Text& out, Process& p, Task* t, Pid id) {
  Task* main = t ? t : main_task_locked(p);
  if (main && main->tid != p.pid && !t) main = nullptr;
  Usage u = !p.lifecycle.alive() ? p.usage : t ? thread_usage(*t->thread) : live_usage_locked(p);
  Memory m = memory_of(p);
  out.add("Name:\t%s\nUmask:\t0022\nState:\t%s\nTgid:\t%d\nNgid:\t0\nPid:\t%d\nPPid:\t%d\nTracerPid:\t0\n", p.name,
          letter_name(thread_letter(p, main)), p.pid, id, p.ppid);
  out.add("Uid:\t0\t0\t0\t0\nGid:\t0\t0\t0\t0\nFDSize:\t%d\nGroups:\t\nNStgid:\t%d\nNSpid:\t%d\nNSpgid:\t%d\nNSsid:\t%d\n",
          FdTable::kMaxFds, p.pid, id, p.pgid, p.sid);
  if (p.space) {
    out.add("VmPeak:\t%8llu kB\nVmSize:\t%8llu kB\nVmHWM:\t%8llu kB\nVmRSS:\t%8llu kB\n",
            static_cast<unsigned long long>(m.vsize / 1024), static_cast<unsigned long long>(m.vsize / 1024),
            static_cast<unsigned long long>(m.peak_kib),
            static_cast<unsigned long long>(m.rss_pages * (kPageSize / 1024)));
  }
  out.add("Threads:\t%d\n", p.lifecycle.alive() ? p.live_tasks : 1);
  out.add("SigQ:\t0/0\nSigPnd:\t%016llx\nShdPnd:\t%016llx\nSigBlk:\t%016llx\nSigIgn:\t%016llx\nSigCgt:\t%016llx\n",
          static_cast<unsigned long long>(main ? main->pending.set : 0), static_cast<unsigned long long>(p.pending.set),
          static_cast<unsigned long long>(main ? main->blocked : 0),
          static_cast<unsigned long long>(caught_mask(p, true)), static_cast<unsigned long long>(caught_mask(p, false)));
  out.add("voluntary_ctxt_switches:\t%llu\nnonvoluntary_ctxt_switches:\t%llu\n",
          static_cast<unsigned long long>(u.voluntary_switches), static_cast<unsigned long long>(u.involuntary_switches));
}

Result<size_t> copy_out(const Text& t, uint64_t offset, void* buffer, size_t length) {
  if (offset >= t.len) return size_t{0};
  size_t n = t.len - offset < length ? t.len - offset : length;
  __builtin_memcpy(buffer, t.buf + offset, n);
  return n;
}

// ---------------------------------------------------------------- ops

Result<size_t> read_generated(const fs::Node* file, uint64_t offset, void* buffer, size_t length, const fs::Caller*) {
  static Text text;  // one at a time: generated and copied under the table lock
  SchedLock lock;
  Process* p = shown_locked(pid_of(file));
  if (!p) return Error::kNotFound;  // ESRCH on Linux: the syscall layer says so
  text.len = 0;
  Kind kind = static_cast<Kind>(file->ino & 0xf);
  Task* t = nullptr;
  if (kind == Kind::kTidStat || kind == Kind::kTidStatus) {
    t = task_locked(*p, tid_of(file));
    if (!t) return Error::kNotFound;
  }
  switch (kind) {
    case Kind::kStat: write_stat(text, *p, nullptr, p->pid); break;
    case Kind::kTidStat: write_stat(text, *p, t, t->tid); break;
    case Kind::kStatus: write_status(text, *p, nullptr, p->pid); break;
    case Kind::kTidStatus: write_status(text, *p, t, t->tid); break;
    default: return Error::kInvalidArgument;
  }
  return copy_out(text, offset, buffer, length);
}

Result<size_t> read_cmdline(const fs::Node* file, uint64_t offset, void* buffer, size_t length, const fs::Caller*) {
  SchedLock lock;
  Process* p = shown_locked(pid_of(file));
  if (!p) return Error::kNotFound;
  if (!p->space || p->arg_end <= p->arg_start || offset >= p->arg_end - p->arg_start) return size_t{0};
  size_t n = p->arg_end - p->arg_start - offset;
  if (n > length) n = length;
  // The arguments live in the process's own memory (as on Linux).
  TRY(copy_from_user(*p->space, buffer, p->arg_start + offset, n));
  return n;
}

Result<size_t> exe_read_link(const fs::Node* link, char* buffer, size_t length, const fs::Caller*) {
  SchedLock lock;
  Process* p = shown_locked(pid_of(link));
  if (!p || !p->lifecycle.alive()) return Error::kNotFound;
  size_t n = string_length(p->exe);
  if (n > length) n = length;
  __builtin_memcpy(buffer, p->exe, n);
  return n;
}

Result<fs::Node*> exe_follow(const fs::Node* link, const fs::Caller*) {
  char path[kPathMax];
  {
    SchedLock lock;
    Process* p = shown_locked(pid_of(link));
    if (!p || !p->lifecycle.alive()) return Error::kNotFound;
    string_copy(path, p->exe, sizeof(path));
  }
  return const_cast<fs::Node*>(TRY(resolve_path(nullptr, path, true)));
}

Result<fs::Node*> self_follow(const fs::Node*, const fs::Caller*) {
  Process& self = current_process();
  SchedLock lock;
  if (self.pid == kKernelPid) return Error::kNotFound;
  return &TRY(nodes_of(self))->dir;
}

Result<size_t> self_read_link(const fs::Node*, char* buffer, size_t length, const fs::Caller*) {
  Process& self = current_process();
  if (self.pid == kKernelPid) return Error::kNotFound;
  char text[12];
  size_t n = format_to(text, sizeof(text), "%d", self.pid);
  if (n > length) n = length;
  __builtin_memcpy(buffer, text, n);
  return n;
}

// /proc: "self", then every process in pid order (position = pid + 3).
Result<fs::Node*> root_lookup(const fs::Node*, const char* name, size_t length, const fs::Caller*) {
  if (named(name, length, "self")) return &self_link;
  Pid pid = TRY(parse_pid(name, length));
  SchedLock lock;
  Process* p = shown_locked(pid);
  if (!p) return Error::kNotFound;
  return &TRY(nodes_of(*p))->dir;
}

Result<bool> root_entry(const fs::Node*, uint64_t position, fs::DirEntry* out, uint64_t* next, const fs::Caller*) {
  if (position == 2) {
    *out = {"self", 4, &self_link};
    *next = 3;
    return true;
  }
  SchedLock lock;
  for (Process& p : table) {  // pid order
    if (p.pid == kKernelPid || static_cast<uint64_t>(p.pid) + 3 < position) continue;
    ProcessNodes* n = TRY(nodes_of(p));
    *out = {n->name, n->dir.name_length, &n->dir};
    *next = static_cast<uint64_t>(p.pid) + 4;
    return true;
  }
  return false;
}

const char* const kPidEntries[] = {"cmdline", "exe", "stat", "status", "task"};

fs::Node* pid_child(ProcessNodes& n, size_t i) {
  fs::Node* nodes[] = {&n.cmdline, &n.exe, &n.stat, &n.status, &n.task};
  return nodes[i];
}

Result<fs::Node*> pid_lookup(const fs::Node* dir, const char* name, size_t length, const fs::Caller*) {
  SchedLock lock;
  Process* p = shown_locked(pid_of(dir));
  if (!p) return Error::kNotFound;
  ProcessNodes* n = TRY(nodes_of(*p));
  for (size_t i = 0; i < sizeof(kPidEntries) / sizeof(kPidEntries[0]); ++i) {
    if (named(name, length, kPidEntries[i])) return pid_child(*n, i);
  }
  return Error::kNotFound;
}

Result<bool> pid_entry(const fs::Node* dir, uint64_t position, fs::DirEntry* out, uint64_t* next, const fs::Caller*) {
  size_t i = position - 2;
  if (i >= sizeof(kPidEntries) / sizeof(kPidEntries[0])) return false;
  SchedLock lock;
  Process* p = shown_locked(pid_of(dir));
  if (!p) return false;
  ProcessNodes* n = TRY(nodes_of(*p));
  *out = {kPidEntries[i], string_length(kPidEntries[i]), pid_child(*n, i)};
  *next = position + 1;
  return true;
}

// /proc/PID/task: the live threads in creation order (position = tid + 3).
Result<fs::Node*> task_lookup(const fs::Node* dir, const char* name, size_t length, const fs::Caller*) {
  Pid tid = TRY(parse_pid(name, length));
  SchedLock lock;
  Process* p = shown_locked(pid_of(dir));
  if (!p) return Error::kNotFound;
  Task* t = task_locked(*p, tid);
  if (!t) return Error::kNotFound;
  ProcessNodes* pn = TRY(nodes_of(*p));
  return &TRY(nodes_of(*t, *pn))->dir;
}

Result<bool> task_entry(const fs::Node* dir, uint64_t position, fs::DirEntry* out, uint64_t* next, const fs::Caller*) {
  SchedLock lock;
  Process* p = shown_locked(pid_of(dir));
  if (!p) return false;
  Task* best = nullptr;
  for (Task& t : p->tasks) {
    if (static_cast<uint64_t>(t.tid) + 3 >= position && (!best || t.tid < best->tid)) best = &t;
  }
  if (!best) return false;
  ProcessNodes* pn = TRY(nodes_of(*p));
  TaskNodes* n = TRY(nodes_of(*best, *pn));
  *out = {n->name, n->dir.name_length, &n->dir};
  *next = static_cast<uint64_t>(best->tid) + 4;
  return true;
}

Result<fs::Node*> tid_lookup(const fs::Node* dir, const char* name, size_t length, const fs::Caller*) {
  SchedLock lock;
  Process* p = shown_locked(pid_of(dir));
  Task* t = p ? task_locked(*p, tid_of(dir)) : nullptr;
  if (!t) return Error::kNotFound;
  TaskNodes* n = TRY(nodes_of(*t, *TRY(nodes_of(*p))));
  if (named(name, length, "stat")) return &n->stat;
  if (named(name, length, "status")) return &n->status;
  return Error::kNotFound;
}

Result<bool> tid_entry(const fs::Node* dir, uint64_t position, fs::DirEntry* out, uint64_t* next, const fs::Caller*) {
  if (position > 3) return false;
  SchedLock lock;
  Process* p = shown_locked(pid_of(dir));
  Task* t = p ? task_locked(*p, tid_of(dir)) : nullptr;
  if (!t) return false;
  TaskNodes* n = TRY(nodes_of(*t, *TRY(nodes_of(*p))));
  *out = position == 2 ? fs::DirEntry{"stat", 4, &n->stat} : fs::DirEntry{"status", 6, &n->status};
  *next = position + 1;
  return true;
}

const fs::NodeOps kRootOps{root_lookup, root_entry, nullptr, nullptr, nullptr};
const fs::NodeOps kSelfOps{nullptr, nullptr, nullptr, self_read_link, self_follow};
const fs::NodeOps kPidDirOps{pid_lookup, pid_entry, nullptr, nullptr, nullptr};
const fs::NodeOps kGeneratedOps{nullptr, nullptr, read_generated, nullptr, nullptr};
const fs::NodeOps kCmdlineOps{nullptr, nullptr, read_cmdline, nullptr, nullptr};
const fs::NodeOps kExeOps{nullptr, nullptr, nullptr, exe_read_link, exe_follow};
const fs::NodeOps kTaskDirOps{task_lookup, task_entry, nullptr, nullptr, nullptr};
const fs::NodeOps kTidDirOps{tid_lookup, tid_entry, nullptr, nullptr, nullptr};

const fs::NodeOps* ops_for(Kind k) {
  switch (k) {
    case Kind::kPidDir: return &kPidDirOps;
    case Kind::kCmdline: return &kCmdlineOps;
    case Kind::kExe: return &kExeOps;
    case Kind::kTaskDir: return &kTaskDirOps;
    case Kind::kTidDir: return &kTidDirOps;
    default: return &kGeneratedOps;
  }
}

}  // namespace

void mount_procfs(fs::Tree& tree) {
  auto dir = tree.resolve(nullptr, "/proc", 5, fs::Follow::kYes);
  if (!dir.ok() || !fs::is_directory(dir.value())) return;  // an image without /proc
  if (!tree.attach(dir.value(), &kRootOps, nullptr).ok()) return;
  proc_root = const_cast<fs::Node*>(dir.value());
  self_link = fs::Node{};
  self_link.kind = fs::NodeKind::kSymlink;
  self_link.mode = fs::kModeSymlink | 0777;
  self_link.nlink = 1;
  self_link.ino = kInoBase - 1;
  self_link.parent = proc_root;
  self_link.name = "self";
  self_link.name_length = 4;
  self_link.ops = &kSelfOps;
}

bool procfs_transient(const fs::Node* n) { return n->ops && n != proc_root && n != &self_link; }

Result<const fs::Node*> procfs_live(const fs::Node* copy) {
  SchedLock lock;
  Process* p = shown_locked(pid_of(copy));
  if (!p) return Error::kNotFound;
  ProcessNodes* pn = TRY(nodes_of(*p));
  switch (static_cast<Kind>(copy->ino & 0xf)) {
    case Kind::kPidDir: return &pn->dir;
    case Kind::kTaskDir: return &pn->task;
    case Kind::kTidDir: {
      Task* t = task_locked(*p, tid_of(copy));
      if (!t) return Error::kNotFound;
      return &TRY(nodes_of(*t, *pn))->dir;
    }
    default: return Error::kNotDirectory;
  }
}

void release_procfs_nodes(Process& p) {
  delete static_cast<ProcessNodes*>(p.procfs_nodes);
  p.procfs_nodes = nullptr;
}

void release_procfs_nodes(Task& t) {
  delete static_cast<TaskNodes*>(t.procfs_nodes);
  t.procfs_nodes = nullptr;
}

}  // namespace akuma::proc
