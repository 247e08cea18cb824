// File syscalls: read/write and their vector and positioned forms, lseek,
// close, dup, fcntl, pipe2, stat, openat, getdents64, the working
// directory, readlinkat, faccessat. Descriptors name proc::OpenFiles; paths
// resolve in the initramfs tree (kernel/proc/filesystem.h), which is
// read-only.
#include "kernel/fs/node.h"
#include "kernel/lib/string.h"
#include "kernel/mm/address_space.h"
#include "kernel/mm/memory.h"
#include "kernel/proc/api.h"
#include "kernel/proc/filesystem.h"
#include "kernel/proc/pipe.h"
#include "kernel/syscall/file_io.h"
#include "kernel/syscall/linux_abi.h"
#include "kernel/syscall/syscall.h"

namespace akuma::syscall {
namespace {

proc::Process& self() { return proc::current_process(); }

Result<proc::FileRef> fd_file(int fd) { return self().fds.get(fd); }

// A path from user memory: at most kPathMax bytes with its NUL.
struct UserPath {
  char text[fs::kPathMax];
};

Result<void> copy_path(uint64_t upath, UserPath& out) {
  if (upath == 0) return Error::kBadAddress;
  auto n = copy_string_from_user(user_space(), out.text, upath, sizeof(out.text));
  if (!n.ok()) return n.error() == Error::kRange ? Error::kNameTooLong : n.error();
  return {};
}

// Where a relative path starts: the working directory (AT_FDCWD) or the
// directory open at `dirfd`.
Result<const fs::Node*> start_of(int dirfd, const char* path) {
  if (path[0] == '/') return static_cast<const fs::Node*>(nullptr);
  if (dirfd == abi::kAtFdcwd) return static_cast<const fs::Node*>(self().cwd);
  proc::FileRef f = TRY(fd_file(dirfd));
  return proc::directory_of(*f);
}

Result<const fs::Node*> resolve_at(int dirfd, const char* path, bool follow) {
  if (path[0] == '\0') return Error::kNotFound;
  const fs::Node* start = TRY(start_of(dirfd, path));
  return proc::resolve_path(start, path, follow);
}

abi::Stat to_stat(const proc::FileStat& st) {
  abi::Stat out{};
  out.dev = abi::encode_dev(0, st.dev_minor);
  out.ino = st.ino;
  out.mode = st.mode;
  out.nlink = st.nlink;
  out.uid = st.uid;
  out.gid = st.gid;
  out.rdev = abi::encode_dev(st.rdev_major, st.rdev_minor);
  out.size = static_cast<int64_t>(st.size);
  out.blksize = static_cast<int32_t>(kPageSize);
  out.blocks = static_cast<int64_t>(st.blocks);
  out.atime_sec = out.mtime_sec = out.ctime_sec = static_cast<int64_t>(st.mtime);
  return out;
}

Result<abi::Stat> stat_of_file(proc::OpenFile& f) {
  proc::FileStat st;
  if (f.ops->stat) f.ops->stat(f, &st);
  return to_stat(st);
}

}  // namespace

// ---------------------------------------------------------------- read/write

int64_t sys_read(const Args& a) {
  auto r = [&]() -> Result<size_t> {
    proc::FileRef f = TRY(fd_file(a.i32(0)));
    return read_to_user(*f, a.a[1], a.a[2]);
  }();
  return to_return(r);
}

int64_t sys_write(const Args& a) {
  auto r = [&]() -> Result<size_t> {
    proc::FileRef f = TRY(fd_file(a.i32(0)));
    return write_from_user(*f, a.a[1], a.a[2]);
  }();
  return write_return(r);
}

namespace {

// readv/writev: each iovec in turn, stopping at the first short transfer.
template <typename Transfer>
Result<size_t> vector_io(uint64_t uiov, uint64_t count, Transfer transfer) {
  if (count > static_cast<uint64_t>(abi::kIovMax)) return Error::kInvalidArgument;
  size_t total = 0;
  for (uint64_t i = 0; i < count; ++i) {
    abi::Iovec v = TRY(UserPtr<abi::Iovec>{uiov + i * sizeof(abi::Iovec)}.read(user_space()));
    if (v.len > (1ull << 62)) return Error::kInvalidArgument;
    if (v.len == 0) continue;
    auto n = transfer(v.base, v.len);
    if (!n.ok()) return total ? Result<size_t>(total) : n;
    total += n.value();
    if (n.value() < v.len) break;
  }
  return total;
}

}  // namespace

int64_t sys_readv(const Args& a) {
  auto r = [&]() -> Result<size_t> {
    proc::FileRef f = TRY(fd_file(a.i32(0)));
    return vector_io(a.a[1], a.a[2], [&f](uint64_t buf, uint64_t len) { return read_to_user(*f, buf, len); });
  }();
  return to_return(r);
}

int64_t sys_writev(const Args& a) {
  auto r = [&]() -> Result<size_t> {
    proc::FileRef f = TRY(fd_file(a.i32(0)));
    return vector_io(a.a[1], a.a[2], [&f](uint64_t buf, uint64_t len) { return write_from_user(*f, buf, len); });
  }();
  return write_return(r);
}

int64_t sys_pread64(const Args& a) {
  auto r = [&]() -> Result<size_t> {
    proc::FileRef f = TRY(fd_file(a.i32(0)));
    if (!f->readable()) return Error::kBadDescriptor;
    if (!f->ops->pread) return Error::kIllegalSeek;
    if (static_cast<int64_t>(a.a[3]) < 0) return Error::kInvalidArgument;
    return pread_to_user(*f, a.a[1], a.a[2], a.a[3]);
  }();
  return to_return(r);
}

int64_t sys_pwrite64(const Args& a) {
  auto r = [&]() -> Result<size_t> {
    proc::FileRef f = TRY(fd_file(a.i32(0)));
    if (!f->ops->pread) return Error::kIllegalSeek;  // pipes, sockets, terminals
    return Error::kBadDescriptor;                    // files are never open for writing
  }();
  return to_return(r);
}

int64_t sys_lseek(const Args& a) {
  int whence = a.i32(2);
  int64_t offset = static_cast<int64_t>(a.a[1]);
  auto r = [&]() -> Result<uint64_t> {
    proc::FileRef f = TRY(fd_file(a.i32(0)));
    bool directory = proc::is_directory_file(*f);
    if (!f->ops->pread && !directory) return Error::kIllegalSeek;
    int64_t base;
    switch (whence) {
      case abi::kSeekSet: base = 0; break;
      case abi::kSeekCur: base = static_cast<int64_t>(f->offset); break;
      case abi::kSeekEnd:
        if (directory) return Error::kInvalidArgument;
        base = static_cast<int64_t>(TRY(stat_of_file(*f)).size);
        break;
      default: return Error::kInvalidArgument;
    }
    int64_t pos;
    if (__builtin_add_overflow(base, offset, &pos) || pos < 0) return Error::kInvalidArgument;
    f->offset = static_cast<uint64_t>(pos);
    return f->offset;
  }();
  return to_return(r);
}

// ---------------------------------------------------------------- descriptors

int64_t sys_close(const Args& a) { return to_return(self().fds.close(a.i32(0))); }

int64_t sys_dup(const Args& a) {
  auto r = [&]() -> Result<int> {
    proc::FileRef f = TRY(fd_file(a.i32(0)));
    return self().fds.install(f.take(), false);  // the new descriptor's reference
  }();
  return to_return(r);
}

int64_t sys_dup3(const Args& a) {
  int oldfd = a.i32(0), newfd = a.i32(1), flags = a.i32(2);
  auto r = [&]() -> Result<int> {
    if (flags & ~abi::kOCloexec) return Error::kInvalidArgument;
    proc::FileRef f = TRY(fd_file(oldfd));
    if (oldfd == newfd) return Error::kInvalidArgument;
    if (newfd < 0 || newfd >= proc::FdTable::kMaxFds) return Error::kBadDescriptor;
    TRY(self().fds.install_at(newfd, f.take(), flags & abi::kOCloexec));
    return newfd;
  }();
  return to_return(r);
}

int64_t sys_fcntl(const Args& a) {
  int fd = a.i32(0), cmd = a.i32(1);
  uint64_t arg = a.a[2];
  auto r = [&]() -> Result<int64_t> {
    proc::FileRef f = TRY(fd_file(fd));
    switch (cmd) {
      case abi::kFDupfd:
      case abi::kFDupfdCloexec: {
        int min_fd = static_cast<int>(arg);
        if (min_fd < 0 || min_fd >= proc::FdTable::kMaxFds) return Error::kInvalidArgument;
        return TRY(self().fds.install(f.take(), cmd == abi::kFDupfdCloexec, min_fd));
      }
      case abi::kFGetfd:
        return TRY(self().fds.cloexec(fd)) ? abi::kFdCloexec : 0;
      case abi::kFSetfd:
        TRY(self().fds.set_cloexec(fd, (arg & abi::kFdCloexec) != 0));
        return 0;
      case abi::kFGetfl:
        return f->flags;
      case abi::kFSetfl: {
        // Only the status flags Linux lets fcntl change; the access mode stays.
        constexpr int kChangeable = abi::kONonblock | abi::kOAppend;
        f->flags = (f->flags & ~kChangeable) | (static_cast<int>(arg) & kChangeable);
        return 0;
      }
      default:
        return Error::kInvalidArgument;
    }
  }();
  return to_return(r);
}

int64_t sys_pipe2(const Args& a) {
  UserPtr<int[2]> ufds{a.a[0]};
  int flags = a.i32(1);
  auto r = [&]() -> Result<void> {
    if (flags & ~(abi::kOCloexec | abi::kONonblock)) return Error::kInvalidArgument;
    TRY(check_user_writable(user_space(), ufds.addr, 2 * sizeof(int)));
    proc::PipeEnds ends = TRY(proc::make_pipe(flags & abi::kONonblock));
    bool cloexec = flags & abi::kOCloexec;
    auto rfd = self().fds.install(ends.reader, cloexec);
    if (!rfd.ok()) {
      proc::release(ends.writer);
      return rfd.error();
    }
    auto wfd = self().fds.install(ends.writer, cloexec);
    if (!wfd.ok()) {
      (void)self().fds.close(rfd.value());
      return wfd.error();
    }
    int fds[2] = {rfd.value(), wfd.value()};
    return copy_to_user(user_space(), ufds.addr, fds, sizeof(fds));
  }();
  return to_return(r);
}

// ---------------------------------------------------------------- stat

int64_t sys_fstat(const Args& a) {
  auto r = [&]() -> Result<void> {
    proc::FileRef f = TRY(fd_file(a.i32(0)));
    abi::Stat st = TRY(stat_of_file(*f));
    return UserPtr<abi::Stat>{a.a[1]}.write(user_space(), st);
  }();
  return to_return(r);
}

int64_t sys_newfstatat(const Args& a) {
  int dirfd = a.i32(0);
  int flags = a.i32(3);
  auto r = [&]() -> Result<void> {
    if (flags & ~(abi::kAtSymlinkNofollow | abi::kAtEmptyPath | 0x800 /* AT_NO_AUTOMOUNT */)) {
      return Error::kInvalidArgument;
    }
    UserPath path;
    TRY(copy_path(a.a[1], path));
    abi::Stat st;
    if (path.text[0] == '\0' && (flags & abi::kAtEmptyPath)) {
      proc::FileRef f;
      if (dirfd == abi::kAtFdcwd) {
        proc::FileStat fst;
        proc::stat_node(self().cwd ? static_cast<const fs::Node*>(self().cwd) : proc::root_directory(), &fst);
        st = to_stat(fst);
      } else {
        f = TRY(fd_file(dirfd));
        st = TRY(stat_of_file(*f));
      }
    } else {
      const fs::Node* node = TRY(resolve_at(dirfd, path.text, !(flags & abi::kAtSymlinkNofollow)));
      proc::FileStat fst;
      proc::stat_node(node, &fst);
      st = to_stat(fst);
    }
    return UserPtr<abi::Stat>{a.a[2]}.write(user_space(), st);
  }();
  return to_return(r);
}

// ---------------------------------------------------------------- paths

int64_t sys_openat(const Args& a) {
  int dirfd = a.i32(0);
  int flags = a.i32(2);
  auto r = [&]() -> Result<int> {
    UserPath path;
    TRY(copy_path(a.a[1], path));
    auto node = resolve_at(dirfd, path.text, !(flags & abi::kONofollow));
    if (!node.ok()) {
      // Creating is writing: a read-only file system says so.
      if (node.error() == Error::kNotFound && (flags & abi::kOCreat)) return Error::kReadOnly;
      return node.error();
    }
    if ((flags & abi::kOCreat) && (flags & abi::kOExcl)) return Error::kExists;
    // Linux records O_LARGEFILE on every open of a 64-bit process.
    int status = (flags & (abi::kOAccmode | abi::kONonblock | abi::kOAppend | abi::kODirectory | abi::kOPath)) |
                 abi::kOLargefile;
    proc::OpenFile* f = TRY(proc::open_node(node.value(), status));
    f->flags &= ~abi::kODirectory;  // asked of the open, not kept as status
    return self().fds.install(f, flags & abi::kOCloexec);
  }();
  return to_return(r);
}

int64_t sys_getdents64(const Args& a) {
  uint64_t ubuf = a.a[1];
  size_t count = a.a[2] > (1u << 30) ? (1u << 30) : a.a[2];
  auto r = [&]() -> Result<size_t> {
    proc::FileRef f = TRY(fd_file(a.i32(0)));
    if (!proc::is_directory_file(*f)) return Error::kNotDirectory;
    size_t used = 0;
    char record[abi::kDirent64NameOffset + fs::kNameMax + 1 + 8];
    for (;;) {
      proc::DirRecord e;
      if (!TRY(proc::read_dir_entry(*f, &e))) break;
      size_t reclen = align_up(abi::kDirent64NameOffset + e.name_length + 1, 8);
      if (used + reclen > count) {
        if (used == 0) return Error::kInvalidArgument;  // the buffer holds not even one entry
        break;
      }
      __builtin_memset(record, 0, reclen);
      abi::Dirent64Header h{e.ino, static_cast<int64_t>(e.next), static_cast<uint16_t>(reclen), e.type};
      __builtin_memcpy(record, &h, abi::kDirent64NameOffset);
      __builtin_memcpy(record + abi::kDirent64NameOffset, e.name, e.name_length);
      TRY(copy_to_user(user_space(), ubuf + used, record, reclen));
      used += reclen;
      proc::advance_dir(*f, e);
    }
    return used;
  }();
  return to_return(r);
}

int64_t sys_getcwd(const Args& a) {
  uint64_t ubuf = a.a[0];
  size_t size = a.a[1];
  auto r = [&]() -> Result<size_t> {
    char path[fs::kPathMax];
    const fs::Node* cwd = self().cwd ? static_cast<const fs::Node*>(self().cwd) : proc::root_directory();
    size_t len = TRY(fs::path_of(cwd, path, sizeof(path)));
    if (len + 1 > size) return Error::kRange;
    TRY(copy_to_user(user_space(), ubuf, path, len + 1));
    return len + 1;  // the syscall counts the NUL
  }();
  return to_return(r);
}

int64_t sys_chdir(const Args& a) {
  auto r = [&]() -> Result<void> {
    UserPath path;
    TRY(copy_path(a.a[0], path));
    const fs::Node* node = TRY(resolve_at(abi::kAtFdcwd, path.text, true));
    TRY(proc::check_working_directory(node));
    self().cwd = const_cast<fs::Node*>(node);
    return {};
  }();
  return to_return(r);
}

int64_t sys_fchdir(const Args& a) {
  auto r = [&]() -> Result<void> {
    proc::FileRef f = TRY(fd_file(a.i32(0)));
    const fs::Node* node = TRY(proc::directory_of(*f));
    TRY(proc::check_working_directory(node));
    self().cwd = const_cast<fs::Node*>(node);
    return {};
  }();
  return to_return(r);
}

int64_t sys_readlinkat(const Args& a) {
  int dirfd = a.i32(0);
  uint64_t ubuf = a.a[2];
  int64_t size = static_cast<int64_t>(a.a[3]);
  auto r = [&]() -> Result<size_t> {
    if (size <= 0) return Error::kInvalidArgument;
    UserPath path;
    TRY(copy_path(a.a[1], path));
    char target[fs::kPathMax];
    const fs::Node* node = TRY(resolve_at(dirfd, path.text, false));
    size_t n = TRY(fs::read_link(node, target, sizeof(target)));
    if (n > static_cast<size_t>(size)) n = static_cast<size_t>(size);  // truncated, as readlink does
    TRY(copy_to_user(user_space(), ubuf, target, n));
    return n;
  }();
  return to_return(r);
}

int64_t sys_faccessat(const Args& a) {
  int dirfd = a.i32(0);
  int mode = a.i32(2);
  auto r = [&]() -> Result<void> {
    if (mode & ~(abi::kROk | abi::kWOk | abi::kXOk)) return Error::kInvalidArgument;
    UserPath path;
    TRY(copy_path(a.a[1], path));
    const fs::Node* node = TRY(resolve_at(dirfd, path.text, true));
    // Everyone is root: reading is always allowed, executing needs an x bit
    // (directories can always be searched), writing meets the read-only
    // file system (device nodes aside).
    if ((mode & abi::kWOk) && node->kind != fs::NodeKind::kCharDevice) return Error::kReadOnly;
    if ((mode & abi::kXOk) && !fs::is_directory(node) && (node->mode & 0111) == 0) return Error::kAccessDenied;
    return {};
  }();
  return to_return(r);
}

}  // namespace akuma::syscall
