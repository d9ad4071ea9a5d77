package io.edgeobs.model.convert.otlp;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What an OTLP request became: the converted records, and how many items were rejected and why, as OTLP's
 * partial success reports it ({@code rejected_spans}, {@code rejected_data_points}, {@code rejected_log_records}
 * and an error message).
 */
public record Conversion<T>(List<T> records, long rejected, Map<String, Long> rejectedByReason) {

    public Conversion {
        records = List.copyOf(records);
        rejectedByReason = Map.copyOf(rejectedByReason);
    }

    /** An error message for partial success: every reason with its count, or empty when nothing was rejected. */
    public String errorMessage() {
        return new TreeMap<>(rejectedByReason).entrySet().stream()
                .map(e -> e.getValue() + " " + e.getKey())
                .collect(Collectors.joining("; "));
    }

    /** Collects records and rejections while converting. */
    static final class Builder<T> {
        private final List<T> records = new java.util.ArrayList<>();
        private final Map<String, Long> reasons = new TreeMap<>();
        private long rejected;

        void add(T record) {
            records.add(record);
        }

        void reject(String reason) {
            rejected++;
            reasons.merge(reason, 1L, Long::sum);
        }

        Conversion<T> build() {
            return new Conversion<>(records, rejected, reasons);
        }
    }
}
