// Vector operations of the Backend: fill, axpy, Adam update, the sum of squares (a two-level
// reduction: each block writes one partial sum in double, the host adds the partials), and the per-row
// sums of squares and masked row copy of the site chains (column-major rows x cols).

template <typename T>
__device__ void fill(T* y, long long n, T v) {
    for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < n; i += (long long)gridDim.x * blockDim.x) y[i] = v;
}

template <typename T>
__device__ void axpy(T a, const T* x, T* y, long long n) {
    for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < n; i += (long long)gridDim.x * blockDim.x) y[i] += a * x[i];
}

// m = b1 m + (1-b1) g; v = b2 v + (1-b2) g^2; p -= lr (m / c1) / (sqrt(v / c2) + eps), c = 1 - b^step
template <typename T>
__device__ void adam(T* p, const T* g, T* m, T* v, long long n, double lr, double b1, double b2, double eps, double c1, double c2) {
    for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < n; i += (long long)gridDim.x * blockDim.x) {
        double gi = g[i];
        double mi = b1 * m[i] + (1 - b1) * gi;
        double vi = b2 * v[i] + (1 - b2) * gi * gi;
        m[i] = (T)mi;
        v[i] = (T)vi;
        p[i] = (T)(p[i] - lr * (mi / c1) / (sqrt(vi / c2) + eps));
    }
}

// blockDim.x must be a power of two <= 1024; partial[blockIdx.x] = sum over this block's elements of x^2
template <typename T>
__device__ void sum_squares(const T* x, long long n, double* partial) {
    __shared__ double s[1024];
    double acc = 0;
    for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < n; i += (long long)gridDim.x * blockDim.x) {
        double v = x[i];
        acc += v * v;
    }
    s[threadIdx.x] = acc;
    __syncthreads();
    for (int w = blockDim.x / 2; w > 0; w >>= 1) {
        if (threadIdx.x < w) s[threadIdx.x] += s[threadIdx.x + w];
        __syncthreads();
    }
    if (threadIdx.x == 0) partial[blockIdx.x] = s[0];
}

// out[i] = sum_k x[k rows + i]^2, k in order, in double: one thread per row (neighbouring threads read
// neighbouring addresses of each column)
template <typename T>
__device__ void row_sums_of_squares(const T* x, long long rows, long long cols, T* out) {
    for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < rows; i += (long long)gridDim.x * blockDim.x) {
        double acc = 0;
        for (long long k = 0; k < cols; k++) {
            double v = x[k * rows + i];
            acc += v * v;
        }
        out[i] = (T)acc;
    }
}

// dst[j] = src[j] where mask[j mod rows] != 0 (j over all rows x cols elements)
template <typename T>
__device__ void copy_rows_where(const T* mask, const T* src, T* dst, long long rows, long long n) {
    for (long long j = blockIdx.x * (long long)blockDim.x + threadIdx.x; j < n; j += (long long)gridDim.x * blockDim.x) {
        if (mask[j % rows] != 0) dst[j] = src[j];
    }
}

extern "C" {
__global__ void row_sums_of_squares_f64(const double* x, long long rows, long long cols, double* out) { row_sums_of_squares(x, rows, cols, out); }
__global__ void row_sums_of_squares_f32(const float* x, long long rows, long long cols, float* out) { row_sums_of_squares(x, rows, cols, out); }
__global__ void copy_rows_where_f64(const double* m, const double* s, double* d, long long rows, long long n) { copy_rows_where(m, s, d, rows, n); }
__global__ void copy_rows_where_f32(const float* m, const float* s, float* d, long long rows, long long n) { copy_rows_where(m, s, d, rows, n); }
__global__ void fill_f64(double* y, long long n, double v) { fill(y, n, v); }
__global__ void fill_f32(float* y, long long n, float v) { fill(y, n, v); }
__global__ void axpy_f64(double a, const double* x, double* y, long long n) { axpy(a, x, y, n); }
__global__ void axpy_f32(float a, const float* x, float* y, long long n) { axpy(a, x, y, n); }
__global__ void adam_f64(double* p, const double* g, double* m, double* v, long long n, double lr, double b1, double b2, double eps, double c1, double c2) { adam(p, g, m, v, n, lr, b1, b2, eps, c1, c2); }
__global__ void adam_f32(float* p, const float* g, float* m, float* v, long long n, double lr, double b1, double b2, double eps, double c1, double c2) { adam(p, g, m, v, n, lr, b1, b2, eps, c1, c2); }
__global__ void sum_squares_f64(const double* x, long long n, double* partial) { sum_squares(x, n, partial); }
__global__ void sum_squares_f32(const float* x, long long n, double* partial) { sum_squares(x, n, partial); }
}
