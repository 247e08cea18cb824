#include "kernel/syscall/file_io.h"

#include "kernel/mm/address_space.h"
#include "kernel/mm/memory.h"
#include "kernel/proc/api.h"
#include "kernel/syscall/linux_abi.h"
#include "kernel/syscall/syscall.h"

namespace akuma::syscall {
namespace {

// A kernel buffer for one transfer: a page, or a small stack buffer when the
// transfer is small (most terminal and pipe traffic).
class Scratch {
 public:
  explicit Scratch(size_t want) {
    if (want > sizeof(small_)) {
      auto page = alloc_pages(1);
      if (page.ok()) {
        data_ = reinterpret_cast<char*>(page.value());
        size_ = kPageSize;
        owned_ = true;
      }
    }
  }
  ~Scratch() {
    if (owned_) free_pages(reinterpret_cast<uint64_t>(data_));
  }
  Scratch(const Scratch&) = delete;
  Scratch& operator=(const Scratch&) = delete;
  char* data() { return data_; }
  size_t size() const { return size_; }

 private:
  char small_[512];
  char* data_ = small_;
  size_t size_ = sizeof(small_);
  bool owned_ = false;
};

bool is_regular_file(const proc::OpenFile& f) { return f.ops->pread != nullptr; }

}  // namespace

Result<size_t> read_to_user(proc::OpenFile& f, uint64_t ubuf, size_t len) {
  if (!f.readable() || !f.ops->read) return Error::kBadDescriptor;
  if (len == 0) return size_t{0};
  AddressSpace& space = user_space();
  Scratch buf(len);
  size_t done = 0;
  do {
    size_t want = min(len - done, buf.size());
    TRY(check_user_writable(space, ubuf + done, want));
    auto n = f.ops->read(f, buf.data(), want);
    if (!n.ok()) return done ? Result<size_t>(done) : n;
    TRY(copy_to_user(space, ubuf + done, buf.data(), n.value()));
    done += n.value();
    // Pipes, sockets and terminals return what one read brought; files go
    // on to their end.
    if (!is_regular_file(f) || n.value() < want) break;
  } while (done < len);
  return done;
}

Result<size_t> pread_to_user(proc::OpenFile& f, uint64_t ubuf, size_t len, uint64_t offset) {
  AddressSpace& space = user_space();
  Scratch buf(len);
  size_t done = 0;
  while (done < len) {
    size_t want = min(len - done, buf.size());
    TRY(check_user_writable(space, ubuf + done, want));
    size_t n = TRY(f.ops->pread(f, offset + done, buf.data(), want));
    TRY(copy_to_user(space, ubuf + done, buf.data(), n));
    done += n;
    if (n < want) break;
  }
  return done;
}

Result<size_t> write_from_user(proc::OpenFile& f, uint64_t ubuf, size_t len) {
  if (!f.writable() || !f.ops->write) return Error::kBadDescriptor;
  AddressSpace& space = user_space();
  Scratch buf(len);
  size_t done = 0;
  while (done < len) {
    size_t want = min(len - done, buf.size());
    Result<void> c = copy_from_user(space, buf.data(), ubuf + done, want);
    if (!c.ok()) return done ? Result<size_t>(done) : Result<size_t>(c.error());
    auto n = f.ops->write(f, buf.data(), want);
    if (!n.ok()) return done ? Result<size_t>(done) : n;
    done += n.value();
    if (n.value() < want) break;
  }
  return done;
}

int64_t write_return(const Result<size_t>& r, bool no_signal) {
  if (!r.ok() && r.error() == Error::kBrokenPipe && !no_signal) {
    (void)proc::send_signal(proc::current_process().pid, proc::kSIGPIPE);
  }
  return to_return(r);
}

}  // namespace akuma::syscall
