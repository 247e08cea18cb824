// An image that never boots: it stops at its first instruction, before any output or
// interrupt set-up. The harness must call this a boot timeout (and not a hang).
.section .text.boot
.global _start
_start:
    wfe
    b       _start
