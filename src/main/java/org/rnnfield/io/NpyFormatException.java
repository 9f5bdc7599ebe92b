package org.rnnfield.io;

/** A file that is not a readable .npy/.npz array of the kind rnnfield accepts. */
public class NpyFormatException extends java.io.IOException {
    public NpyFormatException(String message) {
        super(message);
    }
}
