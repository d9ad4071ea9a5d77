package io.edgeobs.model.validation;

/**
 * One thing wrong with the input.
 *
 * @param path    where: {@code resource.device_id}, {@code records[3].tags["host"]}
 * @param message what, in words a sender can act on
 */
public record Violation(String path, String message) {

    @Override
    public String toString() {
        return path + ": " + message;
    }
}
