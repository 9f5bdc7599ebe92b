// Fused elementwise steps of the rate network (DESIGN.md section 1), as CpuBackend.leakyStep/adjointStep:
//   leaky_step:   xnext = (1 - alpha) x + alpha drive;  phinext = phi(xnext)
//   adjoint_step: lambda = phi'(x) * source + (1 - alpha) lambda_next, phi'(x) from phix = phi(x)
//   adjoint_tangent_step: dlambda = phi'(x) dsource + phi''(x) dx source + (1 - alpha) dlambda_next (its tangent)
//   apply_phi:    out = phi(x)
// phi_kind: 0 = tanh, 1 = linear. Buffers are contiguous column-major views of n elements.

template <typename T> __device__ __forceinline__ T phi_of(T v, int kind) { return kind == 0 ? tanh(v) : v; }
template <typename T> __device__ __forceinline__ T dphi_from_value(T p, int kind) { return kind == 0 ? T(1) - p * p : T(1); }

template <typename T>
__device__ void leaky_step(const T* x, const T* drive, T* xnext, T* phinext, long long n, T alpha, int kind) {
    for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < n; i += (long long)gridDim.x * blockDim.x) {
        T v = (T(1) - alpha) * x[i] + alpha * drive[i];
        xnext[i] = v;
        phinext[i] = phi_of(v, kind);
    }
}

template <typename T>
__device__ void adjoint_step(const T* phix, const T* source, const T* lamnext, T* lam, long long n, T alpha, int kind) {
    for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < n; i += (long long)gridDim.x * blockDim.x) {
        lam[i] = dphi_from_value(phix[i], kind) * source[i] + (T(1) - alpha) * lamnext[i];
    }
}

template <typename T> __device__ __forceinline__ T d2phi_from_value(T p, int kind) { return kind == 0 ? T(-2) * p * (T(1) - p * p) : T(0); }

template <typename T>
__device__ void adjoint_tangent_step(const T* phix, const T* dx, const T* source, const T* dsource, const T* dlamnext, T* dlam,
                                     long long n, T alpha, int kind) {
    for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < n; i += (long long)gridDim.x * blockDim.x) {
        T p = phix[i];
        dlam[i] = dphi_from_value(p, kind) * dsource[i] + d2phi_from_value(p, kind) * dx[i] * source[i] + (T(1) - alpha) * dlamnext[i];
    }
}

template <typename T>
__device__ void apply_phi(const T* x, T* out, long long n, int kind) {
    for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < n; i += (long long)gridDim.x * blockDim.x) {
        out[i] = phi_of(x[i], kind);
    }
}

extern "C" {
__global__ void leaky_step_f64(const double* x, const double* d, double* xn, double* pn, long long n, double a, int k) { leaky_step(x, d, xn, pn, n, a, k); }
__global__ void leaky_step_f32(const float* x, const float* d, float* xn, float* pn, long long n, float a, int k) { leaky_step(x, d, xn, pn, n, a, k); }
__global__ void adjoint_step_f64(const double* p, const double* s, const double* ln, double* l, long long n, double a, int k) { adjoint_step(p, s, ln, l, n, a, k); }
__global__ void adjoint_step_f32(const float* p, const float* s, const float* ln, float* l, long long n, float a, int k) { adjoint_step(p, s, ln, l, n, a, k); }
__global__ void adjoint_tangent_step_f64(const double* p, const double* dx, const double* s, const double* ds, const double* dn, double* dl, long long n, double a, int k) { adjoint_tangent_step(p, dx, s, ds, dn, dl, n, a, k); }
__global__ void adjoint_tangent_step_f32(const float* p, const float* dx, const float* s, const float* ds, const float* dn, float* dl, long long n, float a, int k) { adjoint_tangent_step(p, dx, s, ds, dn, dl, n, a, k); }
__global__ void apply_phi_f64(const double* x, double* o, long long n, int k) { apply_phi(x, o, n, k); }
__global__ void apply_phi_f32(const float* x, float* o, long long n, int k) { apply_phi(x, o, n, k); }
}
