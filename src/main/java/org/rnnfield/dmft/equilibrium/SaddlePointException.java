package org.rnnfield.dmft.equilibrium;

/** The equilibrium saddle point does not exist or could not be reached (the message says which and why). */
public final class SaddlePointException extends RuntimeException {
    public SaddlePointException(String message) {
        super(message);
    }
}
