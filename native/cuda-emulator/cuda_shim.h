// Host compilation of kernels/*.cu for the CUDA driver emulator (see README.md here). Each CUDA
// thread of a block runs as a fiber on one OS thread; __syncthreads() yields to the scheduler, which
// resumes the block's fibers in a shuffled order each phase, so a missing barrier changes results.
// __shared__ becomes a function-local static: blocks run one after another, so one copy suffices.
#pragma once
#include <cmath>
#include <cstdint>
#include <stdint.h>

struct uint3 { unsigned int x, y, z; };
struct dim3 { unsigned int x, y, z; };

// set by the scheduler before every resume of a fiber; not const, so reloaded after each barrier
extern uint3 threadIdx;
extern uint3 blockIdx;
extern dim3 blockDim;
extern dim3 gridDim;

extern "C" void __syncthreads();

#define __global__
#define __device__
#define __host__
#define __forceinline__ inline
#define __launch_bounds__(...)
#define __shared__ static
