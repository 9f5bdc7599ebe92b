// A CPU emulation of the part of the CUDA driver API (libcuda.so.1) that rnnfield's CudaBackend uses,
// so that the whole CUDA path - JCuda's native binding, our argument packing, launch geometry, column
// views, transfers and the kernels' own logic - runs in tests on machines without a GPU. Not a GPU:
// it checks logic, not GPU arithmetic (host libm replaces CUDA's tanh/exp) nor speed.
//
// Device memory is host memory: every allocation is poisoned with 0xFF bytes (NaN in float and double,
// so a kernel that reads unwritten memory shows up) and ends at a PROT_NONE guard page, so a read or
// write past the end of a buffer faults. Copies are checked against the live allocations.
// RNNFIELD_EMULATOR_MEMORY (bytes, default 4 GiB) is the emulated device memory: larger requests fail
// with CUDA_ERROR_OUT_OF_MEMORY, as on a GPU.
#include "cuda_shim.h"
#include "fibers.h"

#include <sys/mman.h>
#include <unistd.h>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <type_traits>
#include <utility>

uint3 threadIdx;
uint3 blockIdx;
dim3 blockDim;
dim3 gridDim;

extern "C" void __syncthreads() { emu::yield_to_scheduler(); }

// the kernels, compiled for the host (generated list: kernels.inc includes every kernels/*.cu)
#include "kernels.inc"

typedef int CUresult;
typedef int CUdevice;
typedef unsigned long long CUdeviceptr;
enum {
    CUDA_SUCCESS = 0, CUDA_ERROR_INVALID_VALUE = 1, CUDA_ERROR_OUT_OF_MEMORY = 2, CUDA_ERROR_NOT_INITIALIZED = 3,
    CUDA_ERROR_INVALID_DEVICE = 101, CUDA_ERROR_INVALID_IMAGE = 200, CUDA_ERROR_INVALID_CONTEXT = 201,
    CUDA_ERROR_INVALID_HANDLE = 400, CUDA_ERROR_NOT_FOUND = 500, CUDA_ERROR_LAUNCH_OUT_OF_RESOURCES = 701,
    CUDA_ERROR_NOT_SUPPORTED = 801
};

namespace {

using Launcher = void (*)(void** params);

// kernel parameters arrive as an array of pointers to each argument's value (cuLaunchKernel's contract)
template <typename... A, std::size_t... I>
void unpack(void (*f)(A...), void** p, std::index_sequence<I...>) {
    f(*static_cast<std::remove_cv_t<std::remove_reference_t<A>>*>(p[I])...);
}

template <typename... A>
constexpr std::size_t arity(void (*)(A...)) { return sizeof...(A); }

#define EMU_KERNEL(name) {#name, [](void** p) { unpack(&name, p, std::make_index_sequence<arity(&name)>{}); }},
const std::map<std::string, Launcher> kRegistry = {
#include "registry.inc"
};

struct Allocation {
    void* map;
    std::size_t map_bytes;
    std::size_t bytes;
};

std::mutex lock;
bool initialized = false;
std::map<CUdeviceptr, Allocation> allocations;   // by start address
std::size_t used = 0;
struct Module { std::set<std::string> entries; };
struct Function { Launcher call; std::string name; };
std::set<Module*> modules;
int context_token = 0;
unsigned long long launches = 0;

std::size_t capacity() {
    const char* v = std::getenv("RNNFIELD_EMULATOR_MEMORY");
    return v ? std::strtoull(v, nullptr, 10) : (4ull << 30);
}

// the allocation holding [p, p + n), or null
const Allocation* holding(CUdeviceptr p, std::size_t n) {
    auto it = allocations.upper_bound(p);
    if (it == allocations.begin()) return nullptr;
    --it;
    if (p + n <= it->first + it->second.bytes) return &it->second;
    return nullptr;
}

CUresult fail(CUresult code, const char* what) {
    std::fprintf(stderr, "cuda-emulator: %s\n", what);
    return code;
}

void* launch_params;
Launcher launch_call;
void run_thread(void*) { launch_call(static_cast<void**>(launch_params)); }
unsigned block_x, block_y;
void set_thread(unsigned t) {
    threadIdx.x = t % block_x;
    threadIdx.y = (t / block_x) % block_y;
    threadIdx.z = t / (block_x * block_y);
}

}  // namespace

extern "C" {

CUresult cuInit(unsigned int) { initialized = true; return CUDA_SUCCESS; }
CUresult cuDriverGetVersion(int* v) { *v = 12060; return CUDA_SUCCESS; }
CUresult cuDeviceGetCount(int* n) { if (!initialized) return CUDA_ERROR_NOT_INITIALIZED; *n = 1; return CUDA_SUCCESS; }
CUresult cuDeviceGet(CUdevice* d, int ordinal) { if (ordinal != 0) return CUDA_ERROR_INVALID_DEVICE; *d = 0; return CUDA_SUCCESS; }
CUresult cuDeviceGetName(char* name, int len, CUdevice) {
    std::snprintf(name, len, "rnnfield CUDA emulator on the CPU (not a GPU)");
    return CUDA_SUCCESS;
}
CUresult cuDeviceGetAttribute(int* v, int attribute, CUdevice) {
    // 75/76: compute capability major/minor (as an sm_90 device); everything else 0
    *v = attribute == 75 ? 9 : 0;
    return CUDA_SUCCESS;
}
CUresult cuDeviceTotalMem_v2(std::size_t* bytes, CUdevice) { *bytes = capacity(); return CUDA_SUCCESS; }

CUresult cuCtxCreate_v2(void** ctx, unsigned int, CUdevice) { *ctx = &context_token; return CUDA_SUCCESS; }
CUresult cuCtxDestroy_v2(void*) { return CUDA_SUCCESS; }
CUresult cuCtxSetCurrent(void* ctx) { return ctx == &context_token || ctx == nullptr ? CUDA_SUCCESS : CUDA_ERROR_INVALID_CONTEXT; }
CUresult cuCtxGetCurrent(void** ctx) { *ctx = &context_token; return CUDA_SUCCESS; }
CUresult cuCtxSynchronize() { return CUDA_SUCCESS; }  // launches run to completion

CUresult cuMemGetInfo_v2(std::size_t* free_bytes, std::size_t* total) {
    std::lock_guard<std::mutex> g(lock);
    *total = capacity();
    *free_bytes = *total - used;
    return CUDA_SUCCESS;
}

CUresult cuMemAlloc_v2(CUdeviceptr* p, std::size_t bytes) {
    std::lock_guard<std::mutex> g(lock);
    if (bytes == 0) return CUDA_ERROR_INVALID_VALUE;
    if (bytes > capacity() - used) return CUDA_ERROR_OUT_OF_MEMORY;
    std::size_t page = sysconf(_SC_PAGESIZE);
    std::size_t padded = (bytes + 15) / 16 * 16;                 // 16-byte alignment, as doubles need
    std::size_t data_pages = (padded + page - 1) / page;
    std::size_t map_bytes = (data_pages + 1) * page;
    void* m = mmap(nullptr, map_bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (m == MAP_FAILED) return CUDA_ERROR_OUT_OF_MEMORY;
    char* guard = static_cast<char*>(m) + data_pages * page;
    mprotect(guard, page, PROT_NONE);
    char* start = guard - padded;                                // the buffer ends at the guard page
    std::memset(start, 0xFF, padded);
    *p = reinterpret_cast<CUdeviceptr>(start);
    allocations[*p] = Allocation{m, map_bytes, bytes};
    used += bytes;
    return CUDA_SUCCESS;
}

CUresult cuMemFree_v2(CUdeviceptr p) {
    std::lock_guard<std::mutex> g(lock);
    auto it = allocations.find(p);
    if (it == allocations.end()) return fail(CUDA_ERROR_INVALID_VALUE, "cuMemFree of a pointer that is not an allocation");
    used -= it->second.bytes;
    munmap(it->second.map, it->second.map_bytes);
    allocations.erase(it);
    return CUDA_SUCCESS;
}

CUresult cuMemcpyHtoD_v2(CUdeviceptr dst, const void* src, std::size_t n) {
    std::lock_guard<std::mutex> g(lock);
    if (!holding(dst, n)) return fail(CUDA_ERROR_INVALID_VALUE, "cuMemcpyHtoD outside any allocation");
    std::memcpy(reinterpret_cast<void*>(dst), src, n);
    return CUDA_SUCCESS;
}

CUresult cuMemcpyDtoH_v2(void* dst, CUdeviceptr src, std::size_t n) {
    std::lock_guard<std::mutex> g(lock);
    if (!holding(src, n)) return fail(CUDA_ERROR_INVALID_VALUE, "cuMemcpyDtoH outside any allocation");
    std::memcpy(dst, reinterpret_cast<void*>(src), n);
    return CUDA_SUCCESS;
}

CUresult cuMemcpyDtoD_v2(CUdeviceptr dst, CUdeviceptr src, std::size_t n) {
    std::lock_guard<std::mutex> g(lock);
    if (!holding(dst, n) || !holding(src, n)) return fail(CUDA_ERROR_INVALID_VALUE, "cuMemcpyDtoD outside any allocation");
    std::memmove(reinterpret_cast<void*>(dst), reinterpret_cast<void*>(src), n);
    return CUDA_SUCCESS;
}

// the PTX is not executed: its .entry names say which kernels the module holds; they run from the
// host build of the same sources (PtxUpToDateTest keeps the two in step)
CUresult cuModuleLoadData(void** module, const void* image) {
    const char* ptx = static_cast<const char*>(image);
    if (std::strstr(ptx, ".version") == nullptr || std::strstr(ptx, ".target") == nullptr) {
        return fail(CUDA_ERROR_INVALID_IMAGE, "cuModuleLoadData: not PTX text");
    }
    auto* m = new Module();
    for (const char* s = std::strstr(ptx, ".entry "); s; s = std::strstr(s + 1, ".entry ")) {
        const char* b = s + 7;
        const char* e = b;
        while (*e && *e != '(' && *e != ' ' && *e != '\n') e++;
        m->entries.insert(std::string(b, e));
    }
    std::lock_guard<std::mutex> g(lock);
    modules.insert(m);
    *module = m;
    return CUDA_SUCCESS;
}

CUresult cuModuleUnload(void* module) {
    std::lock_guard<std::mutex> g(lock);
    auto* m = static_cast<Module*>(module);
    if (!modules.erase(m)) return CUDA_ERROR_INVALID_HANDLE;
    delete m;
    return CUDA_SUCCESS;
}

CUresult cuModuleGetFunction(void** function, void* module, const char* name) {
    auto* m = static_cast<Module*>(module);
    if (!modules.count(m)) return CUDA_ERROR_INVALID_HANDLE;
    if (!m->entries.count(name)) return CUDA_ERROR_NOT_FOUND;
    auto k = kRegistry.find(name);
    if (k == kRegistry.end()) return fail(CUDA_ERROR_NOT_FOUND, "kernel in the PTX but not in the host build");
    *function = new Function{k->second, name};  // lives as long as the process, as a CUfunction does
    return CUDA_SUCCESS;
}

CUresult cuLaunchKernel(void* function, unsigned gx, unsigned gy, unsigned gz, unsigned bx, unsigned by, unsigned bz,
                        unsigned shared_bytes, void* stream, void** params, void** extra) {
    if (function == nullptr) return CUDA_ERROR_INVALID_HANDLE;
    if (extra != nullptr || shared_bytes != 0 || stream != nullptr) return fail(CUDA_ERROR_NOT_SUPPORTED, "cuLaunchKernel: extra/dynamic shared memory/streams are not emulated");
    // the limits of compute capability 8.x/9.x
    if (gx == 0 || gy == 0 || gz == 0 || gx > 2147483647u || gy > 65535 || gz > 65535) return fail(CUDA_ERROR_INVALID_VALUE, "cuLaunchKernel: grid dimensions out of range");
    if (bx == 0 || by == 0 || bz == 0 || bx > 1024 || by > 1024 || bz > 64 || (unsigned long long)bx * by * bz > 1024) {
        return fail(CUDA_ERROR_INVALID_VALUE, "cuLaunchKernel: block dimensions out of range");
    }
    std::lock_guard<std::mutex> g(lock);
    auto* f = static_cast<Function*>(function);
    launch_call = f->call;
    launch_params = params;
    block_x = bx;
    block_y = by;
    blockDim = dim3{bx, by, bz};
    gridDim = dim3{gx, gy, gz};
    const char* error = nullptr;
    for (unsigned z = 0; z < gz; z++)
        for (unsigned y = 0; y < gy; y++)
            for (unsigned x = 0; x < gx; x++) {
                blockIdx = uint3{x, y, z};
                if (!emu::run_block(bx * by * bz, run_thread, nullptr, set_thread, ++launches * 0x9E3779B97F4A7C15ull, &error)) {
                    return fail(CUDA_ERROR_LAUNCH_OUT_OF_RESOURCES, error);
                }
            }
    return CUDA_SUCCESS;
}

CUresult cuGetErrorName(CUresult, const char** s) { *s = "CUDA_ERROR (emulator)"; return CUDA_SUCCESS; }
CUresult cuGetErrorString(CUresult, const char** s) { *s = "error reported by the rnnfield CUDA emulator"; return CUDA_SUCCESS; }

}  // extern "C"
