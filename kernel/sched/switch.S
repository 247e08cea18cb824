// Context switch: saves the callee-saved registers (x19-x30) and sp of the
// current thread, loads those of the next. Everything else is caller-saved
// and already on the stack of whoever called context_switch. FP/SIMD state
// (which only user code uses) is switched by the scheduler around this call.
//
// void context_switch(uint64_t* save_sp, uint64_t load_sp)
.text
.global context_switch
.balign 16
context_switch:
    sub     sp, sp, #96
    stp     x19, x20, [sp, #0]
    stp     x21, x22, [sp, #16]
    stp     x23, x24, [sp, #32]
    stp     x25, x26, [sp, #48]
    stp     x27, x28, [sp, #64]
    stp     x29, x30, [sp, #80]
    mov     x9, sp
    str     x9, [x0]
    mov     sp, x1
    ldp     x19, x20, [sp, #0]
    ldp     x21, x22, [sp, #16]
    ldp     x23, x24, [sp, #32]
    ldp     x25, x26, [sp, #48]
    ldp     x27, x28, [sp, #64]
    ldp     x29, x30, [sp, #80]
    add     sp, sp, #96
    ret

// First run of a kernel thread: the initial context "returns" here with x19 =
// the Thread. thread_start never returns.
.global thread_trampoline
.balign 16
thread_trampoline:
    mov     x0, x19
    mov     x29, #0
    bl      thread_start
    b       .

// First run of a user thread: x19 = the Thread, x20 = its TrapFrame (top of
// its kernel stack). user_thread_start keeps IRQs masked, so the frame can be
// restored and entered without an IRQ clobbering ELR/SPSR.
.global user_thread_trampoline
.balign 16
user_thread_trampoline:
    mov     x0, x19
    mov     x29, #0
    bl      user_thread_start
    mov     sp, x20
    b       exception_return
