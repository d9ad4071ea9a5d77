package io.edgeobs.model.validation;

import io.edgeobs.model.Batch;

import java.util.List;

/**
 * The outcome of validating a batch: the records that passed, and what was wrong with the others.
 *
 * @param accepted         the batch with only the valid records, or {@code null} if the batch as a whole is invalid
 * @param rejectedRecords  how many records were dropped (all of them if the batch as a whole is invalid)
 * @param violations       every problem found, with its path
 */
public record BatchValidation(Batch accepted, int rejectedRecords, List<Violation> violations) {

    public BatchValidation {
        violations = List.copyOf(violations);
    }

    public boolean isValid() {
        return violations.isEmpty();
    }

    /** True when the batch cannot be accepted at all (its resource or header is invalid). */
    public boolean isRejectedWhole() {
        return accepted == null;
    }
}
