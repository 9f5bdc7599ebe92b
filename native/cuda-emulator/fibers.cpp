#include "fibers.h"

#include <sys/mman.h>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <vector>

extern "C" void emu_switch(void** save_sp, void* load_sp);

// void emu_switch(void** save_sp, void* load_sp): push callee-saved registers, store rsp, load the
// other stack, pop its registers, return into it (System V AMD64 ABI).
asm(R"(
.text
.globl emu_switch
.type emu_switch,@function
emu_switch:
    pushq %rbp
    pushq %rbx
    pushq %r12
    pushq %r13
    pushq %r14
    pushq %r15
    movq %rsp, (%rdi)
    movq %rsi, %rsp
    popq %r15
    popq %r14
    popq %r13
    popq %r12
    popq %rbx
    popq %rbp
    ret
.size emu_switch, .-emu_switch
.section .note.GNU-stack,"",@progbits
.text
)");

namespace emu {
namespace {

constexpr std::size_t kStackBytes = 128 * 1024;
constexpr unsigned kMaxThreads = 1024;

struct Fiber {
    void* sp = nullptr;
    bool done = false;
};

char* stacks = nullptr;              // kMaxThreads stacks, allocated once
Fiber fibers[kMaxThreads];
void* scheduler_sp = nullptr;
unsigned current = 0;
FiberBody current_body = nullptr;
void* current_arg = nullptr;

[[noreturn]] void fiber_entry() {
    current_body(current_arg);
    fibers[current].done = true;
    void* dead;
    emu_switch(&dead, scheduler_sp);
    std::abort();  // a finished fiber is never resumed
}

void* initial_stack(unsigned i) {
    char* top = stacks + (std::size_t)(i + 1) * kStackBytes;
    auto* sp = reinterpret_cast<std::uintptr_t*>(top);
    // after emu_switch's ret pops fiber_entry, rsp = top - 8, as after a call (ABI: rsp+8 aligned to 16)
    *--sp = 0;
    *--sp = reinterpret_cast<std::uintptr_t>(&fiber_entry);
    for (int r = 0; r < 6; r++) *--sp = 0;  // rbp rbx r12 r13 r14 r15
    return sp;
}

unsigned long long next(unsigned long long& s) {
    s ^= s << 13;
    s ^= s >> 7;
    s ^= s << 17;
    return s;
}

}  // namespace

void yield_to_scheduler() { emu_switch(&fibers[current].sp, scheduler_sp); }

bool run_block(unsigned n, FiberBody body, void* arg, void (*set_thread)(unsigned), unsigned long long seed,
               const char** error) {
    if (stacks == nullptr) {
        void* m = mmap(nullptr, kStackBytes * kMaxThreads, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
        if (m == MAP_FAILED) { *error = "mmap of fiber stacks failed"; return false; }
        stacks = static_cast<char*>(m);
    }
    current_body = body;
    current_arg = arg;
    std::vector<unsigned> live(n);
    for (unsigned i = 0; i < n; i++) {
        live[i] = i;
        fibers[i].sp = initial_stack(i);
        fibers[i].done = false;
    }
    unsigned long long s = seed | 1;
    while (!live.empty()) {
        for (std::size_t i = live.size(); i > 1; i--) {  // Fisher-Yates: a new order every phase
            std::size_t j = next(s) % i;
            unsigned t = live[i - 1]; live[i - 1] = live[j]; live[j] = t;
        }
        for (unsigned t : live) {
            current = t;
            set_thread(t);
            emu_switch(&scheduler_sp, fibers[t].sp);
        }
        std::vector<unsigned> waiting;
        for (unsigned t : live) if (!fibers[t].done) waiting.push_back(t);
        // threads that exited count as arrived at the barrier, as on the GPU; the others go on
        live.swap(waiting);
    }
    return true;
}

}  // namespace emu
