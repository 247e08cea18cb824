"""conformance_test: one static Linux program, run on Linux (the oracle) and on Akuma.

conformance_test(name, program, golden, net = False, data = [])
    Packs NAME_initramfs.cpio: //conformance:init as /init, `program` (a
    linux_program) as /test, each of `data` (linux_programs) as /bin/<its name>,
    and for net tests Linux's virtio-net modules in /lib/modules. Then makes
      NAME_linux  Debian's Linux 6.1 arm64 kernel (@linux_arm64) boots the image;
      NAME_akuma  Akuma's //kernel/boot:init_kernel boots the same image
                  (only when AKUMA_READY is True);
    both checked against the one `golden` by the runner (a variant: the
    transcript, then QEMU's exit status 0, which the init's power-off gives),
    each with NAME_linux.update / .repro and NAME_akuma.update / .repro.
    net: boot with a virtio-net device on QEMU's user network (the init
    configures eth0 as 10.0.2.15/24); otherwise there is no NIC.

See conformance/README.md.
"""

load("//harness:defs.bzl", "golden_targets")
load("//tools/initramfs:defs.bzl", "initramfs")

# The one switch for the Akuma half: flip it once //kernel/boot:init_kernel
# (a kernel that starts /init from the initramfs as PID 1) exists. Until then
# nothing here refers to that label.
AKUMA_READY = True

AKUMA_KERNEL = "//kernel/boot:init_kernel"
LINUX_KERNEL = "@linux_arm64//:vmlinuz"
LINUX_MODULES = "@linux_arm64//:virtio_net_modules"

# `quiet loglevel=0` keeps every kernel message off the console (even
# KERN_EMERG ones such as "reboot: Power down"), so the transcript is exactly
# what the init and the programs print. rdinit=/init: the initramfs's /init.
KERNEL_CMDLINE = "console=ttyAMA0 quiet loglevel=0 rdinit=/init"
MEMORY = "256M"
INIT = "//conformance:init"

def _label_name(label):
    return label.split(":")[-1] if ":" in label else label.split("/")[-1]

def conformance_test(name, program, golden, net = False, data = [], size = "small", tags = [], qemu_timeout = 60,
                     quiet_timeout = 10, cpus = None):
    """NAME_linux (and NAME_akuma once AKUMA_READY) from one program and one golden; each also
    at 4 CPUs (NAME_linux_smp4, NAME_akuma_smp4: harness/defs.bzl). quiet_timeout: seconds
    without output that make a hang (a program that prints only at its end needs its run
    time, at 4 CPUs on a loaded machine too). cpus: the CPU counts if not harness/defs.bzl's
    CPU_COUNTS ([4] for a program about several CPUs)."""
    files = {INIT: "/init", program: "/test"}
    for helper in data:
        files[helper] = "/bin/" + _label_name(helper)
    image = name + "_initramfs"
    initramfs(
        name = image,
        files = files,
        trees = {LINUX_MODULES: "/lib/modules"} if net else {},
        tags = ["manual"],
    )
    kernels = {"linux": LINUX_KERNEL}
    if AKUMA_READY:
        kernels["akuma"] = AKUMA_KERNEL
    for kernel_name, kernel in kernels.items():
        golden_targets(
            name = "%s_%s" % (name, kernel_name),
            kernel = kernel,
            golden = golden,
            kind = "variant",
            size = size,
            # The forwarded port of a net test stays inside a private network namespace.
            tags = tags + ["conformance", kernel_name] + (["block-network"] if net else []),
            initrd = ":" + image,
            append = KERNEL_CMDLINE,
            memory = MEMORY,
            net = net,
            expect_exit = 0,
            qemu_timeout = qemu_timeout,
            quiet_timeout = quiet_timeout,
            **({"cpus": cpus} if cpus else {})
        )
