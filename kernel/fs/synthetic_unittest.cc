// The seam for synthetic directories, exercised by a toy /proc: per-process
// directories generated on lookup, a file whose contents depend on the
// process, and magic links (/proc/self, /proc/PID/exe) resolved per caller.
// Only a test of the seam: the kernel's /proc is issue 9.
#include <gtest/gtest.h>

#include <cstring>
#include <string>

#include "kernel/fs/cpio_builder.h"
#include "kernel/fs/fs_testing.h"
#include "kernel/fs/vfs.h"

// The kernel defines Caller as its process; the test, as a pid.
struct akuma::fs::Caller {
  int pid;
};

namespace akuma::fs {
namespace {

using testing::CpioBuilder;
using Names = std::vector<std::string>;

// Two processes, 1 and 2, each with "exe" (a magic link to its program) and
// "stat" (generated text). Nodes are the provider's: they live in this struct.
struct ToyProc {
  struct Process {
    std::string pid_text;
    const Node* exe_target;
    Node dir{};
    Node exe{};
    Node stat{};
  };
  Process processes[2];
  Node self{};
  const Node* proc_dir = nullptr;

  static ToyProc* of(const Node* node) { return static_cast<ToyProc*>(node->ops_data); }
  Process* process(int pid) { return pid == 1 || pid == 2 ? &processes[pid - 1] : nullptr; }

  // /proc
  static Result<Node*> proc_lookup(const Node* dir, const char* name, size_t length, const Caller*) {
    ToyProc* proc = of(dir);
    std::string n(name, length);
    if (n == "self") return &proc->self;
    for (Process& p : proc->processes) {
      if (n == p.pid_text) return &p.dir;
    }
    return Error::kNotFound;
  }
  static Result<bool> proc_entry(const Node* dir, uint64_t position, DirEntry* out, uint64_t* next,
                                 const Caller*) {
    ToyProc* proc = of(dir);
    if (position >= 5) return false;
    if (position == 4) *out = {"self", 4, &proc->self};
    else {
      Process& p = proc->processes[position - 2];
      *out = {p.pid_text.c_str(), p.pid_text.size(), &p.dir};
    }
    *next = position + 1;
    return true;
  }
  // /proc/self: where it leads depends on who asks.
  static Result<Node*> self_follow(const Node* link, const Caller* caller) {
    if (!caller) return Error::kNotFound;
    Process* p = of(link)->process(caller->pid);
    if (!p) return Error::kNotFound;
    return &p->dir;
  }
  static Result<size_t> self_read_link(const Node* link, char* buffer, size_t length, const Caller* caller) {
    Node* dir = TRY(self_follow(link, caller));
    size_t n = std::min(length, dir->name_length);
    std::memcpy(buffer, dir->name, n);
    return n;
  }
  // /proc/PID
  static Result<Node*> pid_lookup(const Node* dir, const char* name, size_t length, const Caller*) {
    Process* p = static_cast<Process*>(dir->ops_data);
    std::string n(name, length);
    if (n == "exe") return &p->exe;
    if (n == "stat") return &p->stat;
    return Error::kNotFound;
  }
  static Result<bool> pid_entry(const Node* dir, uint64_t position, DirEntry* out, uint64_t* next,
                                const Caller*) {
    Process* p = static_cast<Process*>(dir->ops_data);
    if (position == 2) *out = {"exe", 3, &p->exe};
    else if (position == 3) *out = {"stat", 4, &p->stat};
    else return false;
    *next = position + 1;
    return true;
  }
  static Result<Node*> exe_follow(const Node* link, const Caller*) {
    return const_cast<Node*>(static_cast<Process*>(link->ops_data)->exe_target);
  }
  static Result<size_t> exe_read_link(const Node* link, char* buffer, size_t length, const Caller*) {
    char path[kPathMax];
    size_t n = TRY(path_of(static_cast<Process*>(link->ops_data)->exe_target, path, sizeof path));
    n = std::min(n, length);
    std::memcpy(buffer, path, n);
    return n;
  }
  static Result<size_t> stat_read(const Node* file, uint64_t offset, void* buffer, size_t length,
                                  const Caller* caller) {
    Process* p = static_cast<Process*>(file->ops_data);
    std::string text = p->pid_text + " (asked by " + std::to_string(caller ? caller->pid : 0) + ")\n";
    if (offset >= text.size()) return size_t{0};
    size_t n = std::min<size_t>(length, text.size() - offset);
    std::memcpy(buffer, text.data() + offset, n);
    return n;
  }

  static constexpr NodeOps kProcOps = {proc_lookup, proc_entry, nullptr, nullptr, nullptr};
  static constexpr NodeOps kSelfOps = {nullptr, nullptr, nullptr, self_read_link, self_follow};
  static constexpr NodeOps kPidOps = {pid_lookup, pid_entry, nullptr, nullptr, nullptr};
  static constexpr NodeOps kExeOps = {nullptr, nullptr, nullptr, exe_read_link, exe_follow};
  static constexpr NodeOps kStatOps = {nullptr, nullptr, stat_read, nullptr, nullptr};

  static void set(Node* node, NodeKind kind, uint32_t mode, const Node* parent, const std::string& name,
                  const NodeOps* ops, void* data, uint64_t ino) {
    node->kind = kind;
    node->mode = mode;
    node->nlink = kind == NodeKind::kDirectory ? 2 : 1;
    node->ino = ino;
    node->parent = const_cast<Node*>(parent);
    node->name = name.c_str();
    node->name_length = name.size();
    node->ops = ops;
    node->ops_data = data;
  }

  void build(const Node* proc, const Node* exe1, const Node* exe2) {
    proc_dir = proc;
    set(&self, NodeKind::kSymlink, kModeSymlink | 0777, proc, kSelfName, &kSelfOps, this, 1000);
    const Node* exes[2] = {exe1, exe2};
    for (int i = 0; i < 2; ++i) {
      Process& p = processes[i];
      p.pid_text = std::to_string(i + 1);
      p.exe_target = exes[i];
      uint64_t ino = 2000 + 10 * i;
      set(&p.dir, NodeKind::kDirectory, kModeDirectory | 0555, proc, p.pid_text, &kPidOps, &p, ino);
      set(&p.exe, NodeKind::kSymlink, kModeSymlink | 0777, &p.dir, kExeName, &kExeOps, &p, ino + 1);
      set(&p.stat, NodeKind::kRegular, kModeRegular | 0444, &p.dir, kStatName, &kStatOps, &p, ino + 2);
    }
  }
  inline static const std::string kSelfName = "self";
  inline static const std::string kExeName = "exe";
  inline static const std::string kStatName = "stat";
};

class Synthetic : public testing::TreeTest {
 protected:
  void SetUp() override {
    unpack(CpioBuilder().dir("proc", 0555).file("bin/sh", "sh").file("bin/ls", "ls").finish());
    const Node* proc_dir = node("/proc");
    proc.build(proc_dir, node("/bin/sh"), node("/bin/ls"));
    ASSERT_TRUE(tree.attach(proc_dir, &ToyProc::kProcOps, &proc).ok());
  }
  const Node* node_as(const Caller& caller, const std::string& path, Follow follow = Follow::kYes) {
    Result<const Node*> r = resolve(path, follow, nullptr, &caller);
    EXPECT_TRUE(r.ok()) << path << ": " << error_name(r.error());
    return r.ok() ? r.value() : nullptr;
  }
  std::string read_link_as(const Caller& caller, const std::string& path) {
    char buffer[kPathMax];
    Result<size_t> r = read_link(node_as(caller, path, Follow::kNo), buffer, sizeof buffer, &caller);
    EXPECT_TRUE(r.ok());
    return r.ok() ? std::string(buffer, r.value()) : "";
  }
  ToyProc proc;
  Caller one{1};
  Caller two{2};
};

TEST_F(Synthetic, ChildrenAreGeneratedOnLookup) {
  EXPECT_EQ(node_as(one, "/proc/1"), &proc.processes[0].dir);
  EXPECT_EQ(node_as(one, "/proc/2/stat"), &proc.processes[1].stat);
  EXPECT_EQ(error_of("/proc/3"), "not found");
  EXPECT_EQ(error_of("/proc/1/nope"), "not found");
  // ".." leads back out through the provider's parent pointers.
  EXPECT_EQ(node_as(one, "/proc/1/../../bin/sh"), node("/bin/sh"));
  EXPECT_EQ(path(node_as(one, "/proc/2/stat")), "/proc/2/stat");
}

TEST_F(Synthetic, MagicLinksResolvePerCaller) {
  EXPECT_EQ(node_as(one, "/proc/self"), &proc.processes[0].dir);
  EXPECT_EQ(node_as(two, "/proc/self"), &proc.processes[1].dir);
  EXPECT_EQ(node_as(one, "/proc/self/exe"), node("/bin/sh"));
  EXPECT_EQ(node_as(two, "/proc/self/exe"), node("/bin/ls"));
  EXPECT_EQ(node_as(two, "/proc/self/exe", Follow::kNo), &proc.processes[1].exe);
  EXPECT_EQ(read_link_as(one, "/proc/self/exe"), "/bin/sh");
  EXPECT_EQ(read_link_as(two, "/proc/self"), "2");
  // Without a caller there is no "self".
  EXPECT_EQ(error_of("/proc/self/exe"), "not found");
  // A trailing slash on a magic link to a file.
  EXPECT_EQ(error_of("/proc/1/exe/"), "not a directory");
}

TEST_F(Synthetic, GeneratedContentsAndListings) {
  EXPECT_EQ(contents(node_as(two, "/proc/self/stat"), &two), "2 (asked by 2)\n");
  EXPECT_EQ(contents(node_as(one, "/proc/2/stat"), &one), "2 (asked by 1)\n");
  EXPECT_EQ(listing(node("/proc")), (Names{".", "..", "1", "2", "self"}));
  EXPECT_EQ(listing(node_as(one, "/proc/1")), (Names{".", "..", "exe", "stat"}));
  DirListing dot_dot;
  ASSERT_TRUE(list(node_as(one, "/proc/1"), 1, &dot_dot).value());
  EXPECT_EQ(dot_dot.node, node("/proc"));
  EXPECT_EQ(stat(node_as(one, "/proc/1/stat")).ino, 2002u);
  // Synthetic files have no pages to map.
  EXPECT_EQ(page(node_as(one, "/proc/1/stat"), 0).error(), Error::kInvalidArgument);
}

TEST_F(Synthetic, AttachNeedsAnEmptyTreeDirectory) {
  EXPECT_EQ(tree.attach(node("/bin"), &ToyProc::kProcOps, &proc).error(), Error::kBusy);
  EXPECT_EQ(tree.attach(node("/bin/sh"), &ToyProc::kProcOps, &proc).error(), Error::kNotDirectory);
  EXPECT_EQ(tree.attach(node("/proc"), &ToyProc::kProcOps, &proc).error(), Error::kBusy);
}

}  // namespace
}  // namespace akuma::fs
