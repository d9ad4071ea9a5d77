package io.edgeobs.model.convert.otlp;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What an OTLP request became: the converted records, and how many items were rejected and why, as OTLP's
 * partial success reports it ({@code rejected_spans}, {@code rejected_data_points}, {@code rejected_log_records}
 * and an error message). Every item of the request is either in {@link #records()} or counted in
 * {@link #rejected()}; nothing is left out silently.
 *
 * @param records           the converted records, in request order
 * @param rejected          how many spans, data points or log records could not be converted
 * @param rejectedByReason  the same count per reason, sorted by reason
 */
public record Conversion<T>(List<T> records, long rejected, Map<String, Long> rejectedByReason) {

    public Conversion {
        records = List.copyOf(records);
        rejectedByReason = Collections.unmodifiableMap(new TreeMap<>(rejectedByReason));
        long sum = rejectedByReason.values().stream().mapToLong(Long::longValue).sum();
        if (sum != rejected) {
            throw new IllegalArgumentException("rejected is " + rejected + " but the reasons add up to " + sum);
        }
    }

    /** Whether every item of the request was converted. */
    public boolean isComplete() {
        return rejected == 0;
    }

    /**
     * The error message of an OTLP partial success: every reason with its count
     * ({@code "2 spans that end before they start; 1 number data points without a value"}), empty when
     * nothing was rejected.
     */
    public String errorMessage() {
        StringBuilder sb = new StringBuilder();
        rejectedByReason.forEach((reason, count) -> {
            if (sb.length() > 0) {
                sb.append("; ");
            }
            sb.append(count).append(' ').append(reason);
        });
        return sb.toString();
    }

    /** Collects records and rejections while converting. */
    static final class Builder<T> {
        private final List<T> records = new ArrayList<>();
        private final Map<String, Long> reasons = new TreeMap<>();
        private long rejected;

        void add(T record) {
            records.add(record);
        }

        /** Counts one rejected item; {@code reason} is a plural phrase such as "spans without an end time". */
        void reject(String reason) {
            reject(reason, 1);
        }

        void reject(String reason, long count) {
            if (count > 0) {
                rejected += count;
                reasons.merge(reason, count, Long::sum);
            }
        }

        Conversion<T> build() {
            return new Conversion<>(records, rejected, reasons);
        }
    }
}
