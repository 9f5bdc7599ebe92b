package org.rnnfield.backend;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A backend's account of its tensors: each tensor made and not yet released with its bytes
 * ({@link Backend#allocatedBytes}), and the open {@link Backend.Scope}s - a tensor made while scopes are open
 * belongs to the innermost and is released when that scope closes, unless it was released before. Shared by
 * the backends, so that CPU and CUDA account for lifetimes identically: both refuse a second release of a
 * tensor, and a view, in the same words. Not thread-safe (nor are backends).
 */
public final class TensorLedger {
    private final Map<Tensor, Long> live = new IdentityHashMap<>();
    private final Deque<Set<Tensor>> open = new ArrayDeque<>();
    private final Consumer<Tensor> release;
    private long bytes;

    /** @param release the backend's release, called for each tensor a closing scope still holds */
    public TensorLedger(Consumer<Tensor> release) {
        this.release = release;
    }

    /** Records a tensor of {@code size} bytes the backend just made. */
    public void made(Tensor t, long size) {
        live.put(t, size);
        bytes += size;
        if (!open.isEmpty()) {
            open.peek().add(t);
        }
    }

    /**
     * Removes a tensor being released (by hand or by its scope) from the account and returns its bytes.
     * Throws if it is not a live tensor made by this backend: a view, a tensor released before, or another's.
     */
    public long released(Tensor t) {
        Long size = live.remove(t);
        if (size == null) {
            throw new IllegalArgumentException("release needs a whole tensor made by this backend and not released before "
                    + "(not a view): " + t.rows() + " x " + t.cols());
        }
        bytes -= size;
        for (Set<Tensor> s : open) {
            if (s.remove(t)) {
                break;
            }
        }
        return size;
    }

    /** Bytes of the tensors made and not released. */
    public long bytes() {
        return bytes;
    }

    /** The tensors made and not released, for a backend that frees them all at close. */
    public List<Tensor> live() {
        return new ArrayList<>(live.keySet());
    }

    public Backend.Scope open() {
        Set<Tensor> scope = Collections.newSetFromMap(new IdentityHashMap<>());
        open.push(scope);
        return () -> close(scope);
    }

    private void close(Set<Tensor> scope) {
        if (open.peek() != scope) {
            throw new IllegalStateException(open.contains(scope) ? "an inner tensor scope is still open" : "tensor scope closed twice");
        }
        open.pop();
        for (Tensor t : new ArrayList<>(scope)) {
            release.accept(t);
        }
    }
}
