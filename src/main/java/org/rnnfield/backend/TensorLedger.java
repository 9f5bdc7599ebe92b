package org.rnnfield.backend;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A backend's account of its tensors: the bytes made and not released ({@link Backend#allocatedBytes}),
 * and the open {@link Backend.Scope}s - a tensor made while scopes are open belongs to the innermost and is
 * released when that scope closes, unless it was released before. Shared by the backends, so that CPU and
 * CUDA account for lifetimes identically. Not thread-safe (nor are backends).
 */
public final class TensorLedger {
    private final Deque<Set<Tensor>> open = new ArrayDeque<>();
    private final Consumer<Tensor> release;
    private long bytes;

    /** @param release the backend's release, called for each tensor a closing scope still holds */
    public TensorLedger(Consumer<Tensor> release) {
        this.release = release;
    }

    /** Records a tensor of {@code size} bytes the backend just made. */
    public void made(Tensor t, long size) {
        bytes += size;
        if (!open.isEmpty()) {
            open.peek().add(t);
        }
    }

    /** Records a tensor of {@code size} bytes released by hand or by its scope (not released again). */
    public void released(Tensor t, long size) {
        bytes -= size;
        for (Set<Tensor> s : open) {
            if (s.remove(t)) {
                return;
            }
        }
    }

    /** Bytes of the tensors made and not released. */
    public long bytes() {
        return bytes;
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
