"""The program lists that several BUILD files need (one place each)."""

# The network tools (programs/net).
NET_PROGRAMS = ["//programs/net:" + name for name in [
    "netstat",
    "ping",
    "poll_probe",
    "tcp_client",
    "tcp_echo",
    "tcp_greeter",
    "tcp_sink",
]]

# The test programs (programs/tests), by name.
TEST_PROGRAM_NAMES = [
    "bad_pointers",
    "busy_exit",
    "chan_reader",
    "exit_with",
    "flood",
    "illegal",
    "kill_self",
    "killer",
    "orphan_maker",
    "quick_exit",
    "relay",
    "segv_kernel",
    "segv_null",
    "sleeper",
    "spin_threads",
    "spinner",
    "stdin_echo",
    "ticker",
    "wait_child",
    "yielder",
]

# Every program of the tree.
ALL_PROGRAMS = [
    "//programs/bench:fork_bench",
    "//programs/httpd:httpd",
] + NET_PROGRAMS + ["//programs/tests:" + name for name in TEST_PROGRAM_NAMES]
