package io.edgeobs.query.metrics;

import io.edgeobs.query.api.QueryException;
import io.edgeobs.query.config.QueryConfig;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Picks the table a series query reads (ADR 0062). With {@code source=auto}: raw points when the step is under a
 * minute or not a whole number of minutes, or when the range is short (at most {@code raw-max-range}) and still
 * within raw retention; {@code metrics_1h} when the step is a whole number of hours; {@code metrics_1m} otherwise.
 * Whichever rollup is read, the buckets it does not have yet are read from raw points ({@link PointsSql}), so the
 * rollup job's lag never shows. A forced source that cannot serve the step is a 400; a source whose retention
 * does not reach back to {@code from} adds a warning.
 */
final class SourceChooser {

    private final QueryConfig.Metrics config;

    SourceChooser(QueryConfig.Metrics config) {
        this.config = config;
    }

    Source choose(Source forced, Duration step, Instant from, Instant to, Instant now, List<String> warnings) {
        Source source = forced != null ? forced : auto(step, from, to, now);
        if (!source.serves(step)) {
            throw new QueryException.BadParameter("source", source.wireName() + " holds " + source.bucket().toMinutes()
                    + "-minute buckets and can only serve a step that is a whole multiple of them; step was "
                    + step.toSeconds() + "s (use source=raw or auto, or a step of " + source.bucket().toSeconds() + "s)");
        }
        Duration retention = switch (source) {
            case RAW -> config.rawRetention();
            case M1 -> config.rollup1mRetention();
            case H1 -> null;
        };
        if (retention != null && from.isBefore(now.minus(retention))) {
            warnings.add(source.wireName() + " is kept for " + retention.toDays() + " days (edgeobs.query.metrics."
                    + (source == Source.RAW ? "raw-retention" : "rollup1m-retention") + "); buckets before "
                    + now.minus(retention) + " may be missing; " + (source == Source.RAW
                    ? "a step of whole minutes reads the rollups" : "a step of whole hours reads metrics_1h"));
        }
        return source;
    }

    private Source auto(Duration step, Instant from, Instant to, Instant now) {
        if (!Source.M1.serves(step)) {
            return Source.RAW;
        }
        boolean rawKept = !from.isBefore(now.minus(config.rawRetention()));
        if (rawKept && Duration.between(from, to).compareTo(config.rawMaxRange()) <= 0) {
            return Source.RAW;
        }
        return Source.H1.serves(step) ? Source.H1 : Source.M1;
    }
}
