package io.edgeobs.model.validation;

import io.edgeobs.model.codec.ModelException;

import java.util.List;
import java.util.stream.Collectors;

/** Thrown by callers that refuse input outright; carries every violation found. */
public class ValidationException extends ModelException {

    private final transient List<Violation> violations;

    public ValidationException(List<Violation> violations) {
        super(describe(violations));
        this.violations = List.copyOf(violations);
    }

    public List<Violation> violations() {
        return violations;
    }

    private static String describe(List<Violation> violations) {
        int shown = Math.min(violations.size(), 5);
        String text = violations.subList(0, shown).stream().map(Violation::toString).collect(Collectors.joining("; "));
        return violations.size() > shown ? text + "; and " + (violations.size() - shown) + " more" : text;
    }
}
