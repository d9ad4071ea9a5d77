package io.edgeobs.model.convert.prometheus;

import io.edgeobs.model.MetricPoint;

import java.util.List;
import java.util.Map;

/**
 * The points of a scrape, the lines that could not be read, and the families' metadata.
 * Every sample line that is valid becomes exactly one point; every other non-blank, non-comment line is an error.
 */
public record ParseResult(List<MetricPoint> points, List<ParseError> errors, Map<String, MetricFamily> families) {

    public ParseResult {
        points = List.copyOf(points);
        errors = List.copyOf(errors);
        families = Map.copyOf(families);
    }

    public boolean hasErrors() {
        return !errors.isEmpty();
    }
}
