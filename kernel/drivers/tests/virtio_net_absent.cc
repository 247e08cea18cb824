// Without a virtio-net device (QEMU started with `-nic none`), probing fails
// with a clear error instead of touching an empty slot.
#include "kernel/boot/program.h"
#include "kernel/console/console.h"
#include "kernel/drivers/virtio/net.h"

namespace akuma {

int program_main() {
  Result<virtio::VirtioNet*> probed = virtio::VirtioNet::probe();
  if (probed.ok()) {
    kprintf("virtio-net: unexpectedly found a device\n");
    return 1;
  }
  kprintf("virtio-net: probe failed: %s\n", error_name(probed.error()));
  return probed.error() == Error::kNotFound ? 0 : 1;
}

}  // namespace akuma
