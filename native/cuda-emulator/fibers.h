// Minimal stackful fibers for the emulator: one saved stack pointer per fiber, switched by a
// 14-instruction x86-64 routine (callee-saved registers only; the kernels change no FP control state).
#pragma once
#include <cstddef>

namespace emu {

using FiberBody = void (*)(void* arg);

/** Runs bodies[i](args) for n threads of one block; a body calls yield_to_scheduler() at a barrier.
 *  Returns false (with a message in error) when some threads wait at a barrier others never reach. */
bool run_block(unsigned n, FiberBody body, void* arg, void (*set_thread)(unsigned), unsigned long long seed,
               const char** error);

/** Called from inside a fiber: suspend until every live thread of the block has arrived. */
void yield_to_scheduler();

}  // namespace emu
