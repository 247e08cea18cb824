"""Repositories taken from Debian's packages, so Bazel 4.2.3 never downloads anything.

Debian's bazel-rules-cc (rules_cc 0.0.4) is written for Bazel 5: two of its files
load `use_cpp_toolchain` from `@bazel_tools//tools/cpp:toolchain_utils.bzl`, which
4.2.3 does not have (nor `config_common.toolchain_type`, which rules_cc's own
version of it uses). `debian_rules_cc` copies the package's tree into the external
repository and rewrites just those loads to rules_cc's own equivalents.
"""

_RULES_CC = "/usr/share/bazel/rules/cc"

# Files whose Bazel-5-only load is rewritten; everything else is linked as is.
_PATCHED = [
    "cc/private/rules_impl/cc_flags_supplier.bzl",
    "cc/private/rules_impl/compiler_flag.bzl",
]

_OLD_LOAD = 'load("@bazel_tools//tools/cpp:toolchain_utils.bzl", "find_cpp_toolchain", "use_cpp_toolchain")'
_NEW_LOAD = 'load("//cc/private/rules_impl:bazel4_compat.bzl", "find_cpp_toolchain", "use_cpp_toolchain")'

# Bazel 4.2.3 has no optional toolchains (config_common.toolchain_type): a plain
# toolchain type label is its equivalent of use_cpp_toolchain().
_COMPAT_BZL = """load("//cc:find_cc_toolchain.bzl", _find_cpp_toolchain = "find_cpp_toolchain")

find_cpp_toolchain = _find_cpp_toolchain

def use_cpp_toolchain():
    return ["@bazel_tools//tools/cpp:toolchain_type"]
"""

def _debian_rules_cc_impl(rctx):
    root = rctx.path(_RULES_CC)
    if not root.exists:
        fail("%s is missing: run tools/setup.sh (package bazel-rules-cc)" % _RULES_CC)
    result = rctx.execute(["cp", "-R", str(root) + "/.", "."])
    if result.return_code != 0:
        fail("copying %s failed: %s" % (_RULES_CC, result.stderr))
    for rel in _PATCHED:
        text = rctx.read(rel)
        if _OLD_LOAD not in text:
            fail("rules_cc changed: %s no longer has the load to adapt" % rel)
        rctx.file(rel, text.replace(_OLD_LOAD, _NEW_LOAD), executable = False)
    rctx.file("cc/private/rules_impl/bazel4_compat.bzl", _COMPAT_BZL, executable = False)

debian_rules_cc = repository_rule(
    implementation = _debian_rules_cc_impl,
    local = True,
)
