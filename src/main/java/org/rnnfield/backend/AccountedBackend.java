package org.rnnfield.backend;

/**
 * What every backend keeps the same way: its precision and the {@link TensorLedger} of its tensors (bytes made and
 * not released, scopes), so that CPU and CUDA account for lifetimes identically. A backend records each tensor it
 * makes with {@code ledger.made} and removes it in {@link #release} with {@code ledger.released}.
 */
public abstract class AccountedBackend implements Backend {
    private final Precision precision;
    protected final TensorLedger ledger = new TensorLedger(this::release);

    protected AccountedBackend(Precision precision) {
        this.precision = precision;
    }

    @Override
    public final Precision precision() {
        return precision;
    }

    /** Bytes per element: 8 for float64, 4 for float32. */
    protected final int elementBytes() {
        return precision == Precision.FLOAT64 ? 8 : 4;
    }

    @Override
    public final long allocatedBytes() {
        return ledger.bytes();
    }

    @Override
    public final Scope scope() {
        return ledger.open();
    }
}
