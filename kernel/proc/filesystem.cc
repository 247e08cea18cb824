#include "kernel/proc/filesystem.h"

#include "kernel/arch/aarch64/memory_map.h"
#include "kernel/console/console.h"
#include "kernel/fs/vfs.h"
#include "kernel/lib/string.h"
#include "kernel/mm/memory.h"
#include "kernel/proc/console_file.h"
#include "kernel/proc/program_file.h"

namespace akuma::proc {
namespace {

constexpr int kAccessMode = 03;
constexpr int kWriteOnly = 01;
constexpr int kReadWrite = 02;
constexpr int kCreate = 0100;
constexpr int kTruncate = 01000;
constexpr int kDirectoryOnly = 040000;  // O_DIRECTORY (AArch64's value)
constexpr uint32_t kConsoleMajor = 5;
constexpr uint32_t kConsoleMinor = 1;
constexpr uint32_t kInitramfsDevMinor = 1;  // st_dev of every file in the tree: 0:1

// The tree never changes after boot, so nodes are shared freely.
fs::Tree rootfs;
// A root for images booted without an initramfs: an empty archive.
constexpr char kEmptyArchive[] =
    "0707010000000000000000000000000000000000000001000000000000000000000000000000000000000000000000000000"
    "0b00000000TRAILER!!!\0\0\0\0";  // name NUL, then padding to 4

Result<uint64_t> tree_page_alloc(void*, size_t n) { return alloc_pages(n); }
void tree_page_free(void*, uint64_t addr, size_t n) { free_pages(addr, n); }

const fs::Node* node_of(const OpenFile& f) { return static_cast<const fs::Node*>(f.data); }

// ---------------------------------------------------------------- regular files

Result<size_t> file_pread(OpenFile& f, uint64_t offset, char* buf, size_t len) {
  return fs::read(node_of(f), offset, buf, len);
}

Result<size_t> file_read(OpenFile& f, char* buf, size_t len) {
  size_t n = TRY(fs::read(node_of(f), f.offset, buf, len));
  f.offset += n;
  return n;
}

uint32_t always_ready(OpenFile&) { return kReadable | kWritable; }

void file_stat(OpenFile& f, FileStat* out) { stat_node(node_of(f), out); }

const FileOps kRegularOps{"file", file_read, nullptr, file_pread, always_ready, nullptr, file_stat, nullptr};

// Directories: read() is EISDIR; the offset is the listing position.
Result<size_t> dir_read(OpenFile&, char*, size_t) { return Error::kIsDirectory; }

const FileOps kDirectoryOps{"directory", dir_read, nullptr, nullptr, always_ready, nullptr, file_stat, nullptr};

// /proc files and directories (procfs.cc): the open file holds a copy of
// the node, which names its process by pid only (the node itself goes when
// the process is reaped). Its ".." is itself.
void transient_close(OpenFile& f) { delete static_cast<fs::Node*>(f.data); }

const FileOps kTransientRegularOps{"file", file_read, nullptr, file_pread, always_ready, nullptr, file_stat,
                                   transient_close};
const FileOps kTransientDirectoryOps{"directory", dir_read, nullptr, nullptr, always_ready, nullptr, file_stat,
                                     transient_close};

Result<OpenFile*> open_transient(const fs::Node* node, const FileOps* ops, int flags) {
  auto* copy = new (fallible) fs::Node(*node);
  if (!copy) return Error::kNoMemory;
  copy->parent = copy;
  auto f = open_file(ops, copy, flags);
  if (!f.ok()) delete copy;
  return f;
}

// ---------------------------------------------------------------- programs

Result<void> program_read(const void* ctx, uint64_t offset, void* out, size_t len) {
  size_t n = TRY(fs::read(static_cast<const fs::Node*>(ctx), offset, out, len));
  return n == len ? Result<void>{} : Result<void>{Error::kMalformed};
}

uint64_t program_page(const void* ctx, uint64_t index) {
  return fs::page(static_cast<const fs::Node*>(ctx), index).value_or(0);
}

}  // namespace

Result<void> mount_initramfs(uint64_t start_phys, uint64_t end_phys) {
  PageSource pages{nullptr, tree_page_alloc, tree_page_free};
  if (end_phys <= start_phys) {
    return rootfs.unpack(reinterpret_cast<const uint8_t*>(kEmptyArchive), sizeof(kEmptyArchive) - 1, pages);
  }
  auto unpacked = rootfs.unpack(phys_ptr<const uint8_t>(start_phys), end_phys - start_phys, pages);
  release_reserved(PhysRange{start_phys, end_phys});  // the tree has its own copies
  if (!unpacked.ok()) {
    kprintf("initramfs: %s; starting with an empty root\n", error_name(unpacked.error()));
    TRY(rootfs.unpack(reinterpret_cast<const uint8_t*>(kEmptyArchive), sizeof(kEmptyArchive) - 1, pages));
  }
  klog("initramfs: %zu entries, %zu pages\n", rootfs.stats().entries, rootfs.pages_held());
  mount_procfs(rootfs);
  return {};
}

FilesystemStats filesystem_stats() {
  return FilesystemStats{rootfs.stats().entries, rootfs.stats().skipped, rootfs.pages_held()};
}

const fs::Node* root_directory() { return rootfs.root(); }

Result<const fs::Node*> resolve_path(const fs::Node* start, const char* path, bool follow_last) {
  return rootfs.resolve(start, path, string_length(path), follow_last ? fs::Follow::kYes : fs::Follow::kNo);
}

void stat_node(const fs::Node* node, FileStat* out) {
  fs::StatInfo st = fs::stat(node);
  out->ino = st.ino;
  out->mode = st.mode;
  out->nlink = st.nlink;
  out->uid = st.uid;
  out->gid = st.gid;
  out->rdev_major = st.rdev_major;
  out->rdev_minor = st.rdev_minor;
  out->dev_minor = kInitramfsDevMinor;
  out->size = st.size;
  out->blocks = st.blocks;
  out->mtime = st.mtime;
}

Result<OpenFile*> open_node(const fs::Node* node, int flags) {
  bool writes = (flags & kAccessMode) == kWriteOnly || (flags & kAccessMode) == kReadWrite;
  switch (node->kind) {
    case fs::NodeKind::kCharDevice:
      if (node->rdev_major == kConsoleMajor && node->rdev_minor == kConsoleMinor) return open_console(flags);
      return Error::kNotSupported;
    case fs::NodeKind::kDirectory:
      if (writes || (flags & (kCreate | kTruncate))) return Error::kIsDirectory;
      if (procfs_transient(node)) return open_transient(node, &kTransientDirectoryOps, flags);
      return open_file(&kDirectoryOps, const_cast<fs::Node*>(node), flags);
    case fs::NodeKind::kRegular:
      if (flags & kDirectoryOnly) return Error::kNotDirectory;
      if (writes || (flags & kTruncate)) return Error::kReadOnly;
      if (procfs_transient(node)) return open_transient(node, &kTransientRegularOps, flags);
      return open_file(&kRegularOps, const_cast<fs::Node*>(node), flags);
    default:
      // A symlink reached with O_NOFOLLOW (ELOOP, as Linux), fifos and
      // sockets in the archive (nothing stands behind them here).
      if (node->kind == fs::NodeKind::kSymlink) return Error::kSymlinkLoop;
      if (flags & kDirectoryOnly) return Error::kNotDirectory;
      return Error::kNotSupported;
  }
}

bool is_directory_file(const OpenFile& f) { return f.ops == &kDirectoryOps || f.ops == &kTransientDirectoryOps; }

Result<const fs::Node*> directory_of(OpenFile& f) {
  if (!is_directory_file(f)) return Error::kNotDirectory;
  if (f.ops == &kTransientDirectoryOps) return procfs_live(node_of(f));  // gone: ENOENT
  return node_of(f);
}

Result<void> check_working_directory(const fs::Node* node) {
  if (!fs::is_directory(node)) return Error::kNotDirectory;
  // A process's /proc directory goes with the process: not a place to stay.
  if (procfs_transient(node)) return Error::kAccessDenied;
  return {};
}

Result<bool> read_dir_entry(OpenFile& f, DirRecord* out) {
  if (!is_directory_file(f)) return Error::kNotDirectory;
  fs::DirListing e;
  bool more = TRY(fs::list(node_of(f), f.offset, &e));
  if (!more) return false;
  *out = DirRecord{e.node->ino, e.next, static_cast<uint8_t>((e.node->mode >> 12) & 15), e.name, e.name_length};
  return true;
}

void advance_dir(OpenFile& f, const DirRecord& record) { f.offset = record.next; }

Result<ProgramFile> open_program(const char* path, void* cwd, char* resolved, size_t resolved_size) {
  const fs::Node* node = TRY(resolve_path(static_cast<const fs::Node*>(cwd), path, true));
  if (node->kind == fs::NodeKind::kDirectory) return Error::kAccessDenied;  // EACCES, as Linux
  if (node->kind != fs::NodeKind::kRegular || (node->mode & 0111) == 0) return Error::kAccessDenied;
  TRY(fs::path_of(node, resolved, resolved_size));
  ProgramFile f;
  f.size = node->size;
  f.ctx = node;
  f.read = program_read;
  f.page = program_page;
  return f;
}

}  // namespace akuma::proc
