package org.rnnfield.backend;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The open {@link Backend.Scope}s of one backend: a tensor made while scopes are open belongs to the
 * innermost, and is released when that scope closes unless it was released before. Shared by the
 * backends, so that CPU and CUDA account for lifetimes identically. Not thread-safe (nor are backends).
 */
public final class TensorScopes {
    private final Deque<Set<Tensor>> open = new ArrayDeque<>();
    private final Consumer<Tensor> release;

    /** @param release the backend's release, called for each tensor a closing scope still holds */
    public TensorScopes(Consumer<Tensor> release) {
        this.release = release;
    }

    /** Records a tensor the backend just made. */
    public void made(Tensor t) {
        if (!open.isEmpty()) {
            open.peek().add(t);
        }
    }

    /** Forgets a tensor released by hand, so its scope does not release it again. */
    public void released(Tensor t) {
        for (Set<Tensor> s : open) {
            if (s.remove(t)) {
                return;
            }
        }
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
