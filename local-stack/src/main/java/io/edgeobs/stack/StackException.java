package io.edgeobs.stack;

/** Something that stops the stack from starting, with a message that tells the user what to do. */
final class StackException extends RuntimeException {

    StackException(String message) {
        super(message);
    }

    StackException(String message, Throwable cause) {
        super(message, cause);
    }
}
