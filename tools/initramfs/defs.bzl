"""initramfs(name, files = {label: "/path/in/image"}, trees = {label: "/dir"}, dirs = [])

Packs NAME.cpio: an uncompressed, deterministic newc archive (tools/initramfs/cpio.py)
that QEMU loads with -initrd. `files` maps a label with exactly one file (a
linux_program, a data file) to its path in the image; `trees` puts every file
of a label (a filegroup) into a directory under its own base name. Every image
has /dev/console (character device 5,1: the kernel opens it as PID 1's
stdin/stdout/stderr) and the directories /proc, /tmp and /bin. A file's mode
is 0755 if it is executable (every linux_program), 0644 otherwise.
"""

_DIRS = ["/proc", "/tmp", "/bin"]
_CHARDEVS = {"/dev/console": "5,1"}

def _one_file(target, what):
    files = target.files.to_list()
    if len(files) != 1:
        fail("%s: %s must be exactly one file, it has %d" % (what, target.label, len(files)))
    return files[0]

def _initramfs_impl(ctx):
    out = ctx.actions.declare_file(ctx.label.name + ".cpio")
    args = ctx.actions.args()
    args.add(ctx.file._packer)
    args.add("--output", out)
    inputs = []
    for target, path in ctx.attr.files.items():
        f = _one_file(target, "files")
        inputs.append(f)
        args.add("--file", "%s=%s" % (path, f.path))
    for target, directory in ctx.attr.trees.items():
        for f in target.files.to_list():
            inputs.append(f)
            args.add("--file", "%s/%s=%s" % (directory.rstrip("/"), f.basename, f.path))
    for d in _DIRS + ctx.attr.dirs:
        args.add("--dir", d)
    for path, rdev in _CHARDEVS.items():
        args.add("--chardev", "%s=%s" % (path, rdev))
    ctx.actions.run(
        executable = "/usr/bin/python3",
        arguments = [args],
        inputs = inputs + [ctx.file._packer],
        outputs = [out],
        mnemonic = "Initramfs",
        progress_message = "Packing %s" % out.short_path,
    )
    return [DefaultInfo(files = depset([out]), runfiles = ctx.runfiles(files = [out]))]

initramfs = rule(
    implementation = _initramfs_impl,
    doc = "An initramfs (newc cpio) holding `files` and `trees`; see the module docstring.",
    attrs = {
        "files": attr.label_keyed_string_dict(allow_files = True),
        "trees": attr.label_keyed_string_dict(allow_files = True),
        "dirs": attr.string_list(doc = "more empty directories"),
        "_packer": attr.label(default = "//tools/initramfs:cpio.py", allow_single_file = True),
    },
)
