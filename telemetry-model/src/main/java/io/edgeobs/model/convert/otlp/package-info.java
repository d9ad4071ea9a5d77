/**
 * OTLP (OpenTelemetry protocol) export requests into the edgeobs model.
 *
 * <h2>Use</h2>
 * <pre>{@code
 * OtlpEncoding encoding = OtlpEncoding.fromContentType(contentType).orElseThrow(...);   // else 415
 * ExportTraceServiceRequest request = OtlpRequests.traces(body, encoding);             // DecodeException -> 400
 * Conversion<Span> spans = OtlpTraces.convert(request);
 * // answer with partial success: rejected_spans = spans.rejected(), error_message = spans.errorMessage()
 * }</pre>
 * {@link io.edgeobs.model.convert.otlp.OtlpMetrics#convert} and {@link io.edgeobs.model.convert.otlp.OtlpLogs#convert}
 * also take the time the request was received, for items that carry no time of their own. Every span, data point
 * and log record of a request is either converted or counted as rejected with a reason; nothing is dropped
 * silently. Conversion does not validate: run the records through {@code io.edgeobs.model.validation} as well.
 *
 * <h2>OTLP/JSON</h2>
 * Read with a streaming Jackson parser straight into the {@code opentelemetry-proto} builders, so JSON and protobuf
 * bodies of the same data give equal messages and equal records. Accepted: trace and span ids as hex (other bytes
 * as base64), enums as numbers or names, 64-bit integers as strings or numbers, doubles as numbers or
 * {@code "NaN"}/{@code "Infinity"}/{@code "-Infinity"}, field names in lowerCamelCase or snake_case, {@code null} as
 * not set; unknown fields are skipped, as the OTLP specification requires.
 *
 * <h2>Attribute values</h2>
 * As tags (strings): strings as they are, booleans {@code true}/{@code false}, integers in decimal, doubles short
 * ({@code 0.75}, {@code 504} for 504.0, {@code 1.0E-5}, {@code NaN}, {@code Infinity}), bytes in base64, arrays and
 * key/value lists as compact JSON ({@code ["a","b"]}, {@code {"k":1}}). As log fields they keep their types: Long,
 * Double, Boolean, String, lists and nested maps.
 *
 * <h2>Spans</h2>
 * <ul>
 *   <li>ids as bytes; an empty or all-zero parent span id means a root span;</li>
 *   <li>service: resource attribute {@code service.name}, else {@code unknown_service}; operation: the span name;
 *       kind and status (unset/ok/error with message) as in OTLP;</li>
 *   <li>start, and duration = end - start; a span without an end time or ending before it starts is rejected;</li>
 *   <li>tags, unprefixed, each later source replacing an earlier one with the same key: resource attributes
 *       (without {@code service.name}), scope attributes, {@code otel.scope.name}, {@code otel.scope.version},
 *       {@code w3c.tracestate}, the span's attributes. So the span's own attributes win;</li>
 *   <li>events (time, name, their attributes as tags) and links (trace and span id, their attributes as tags).</li>
 * </ul>
 *
 * <h2>Metrics</h2>
 * <ul>
 *   <li>gauge: {@code GAUGE}; monotonic sum: {@code COUNTER}; non-monotonic sum: {@code GAUGE}. Delta temporality
 *       (sums and histograms) is kept, with tag {@code temporality=delta}: a delta counter point is the increase
 *       over its interval, not a running total, and the tag keeps it out of cumulative series. Unspecified
 *       temporality is read as cumulative;</li>
 *   <li>histogram: one {@code HISTOGRAM_BUCKET} point {@code <name>_bucket} per bucket, counts cumulative, tag
 *       {@code le} ({@code 5}, {@code 10}, {@code 0.25}), always ending with {@code le="+Inf"} = the count; then
 *       {@code <name>_sum} (if the point has a sum) and {@code <name>_count}. Bucket counts that do not match the
 *       bounds or the count, and bounds that do not increase, reject the point;</li>
 *   <li>exponential histogram: converted the same way. Buckets of a scale above 0 are merged into powers of two
 *       (scale 0; each fine bucket lies inside exactly one, so counts stay exact), so {@code le} is {@code 1},
 *       {@code 2}, {@code 4}, ... whatever scale the SDK picked and moves to; negative buckets get {@code le} =
 *       {@code -2^i} and come first, the zero bucket gets the zero threshold. Scales outside -10..20 reject;</li>
 *   <li>summary: one {@code SUMMARY_QUANTILE} point {@code <name>} per quantile with tag {@code quantile}, then
 *       {@code <name>_sum} and {@code <name>_count};</li>
 *   <li>names: the OTLP metric name as it is (dots kept, no unit or {@code _total} suffix); unit: the metric's;</li>
 *   <li>tags, each later source replacing an earlier one: resource attributes, with {@code service.name} as
 *       {@code service}; scope attributes, {@code otel.scope.name}, {@code otel.scope.version}; the point's
 *       attributes; {@code temporality}; {@code le}/{@code quantile};</li>
 *   <li>time: the point's time, else its start time, else the time the request was received;</li>
 *   <li>exemplar: the trace id of the first exemplar with a valid 16-byte trace id; for histogram buckets, of the
 *       first such exemplar whose value falls in that bucket;</li>
 *   <li>NaN values pass through (valid for gauges; validation rejects them elsewhere); points flagged "no recorded
 *       value" and number points without a value are rejected and counted.</li>
 * </ul>
 *
 * <h2>Logs</h2>
 * <ul>
 *   <li>time: the record's time, else its observed time, else the time the request was received;</li>
 *   <li>level: from the severity number, else parsed from the severity text ({@code warning}, {@code ERR}, ...);</li>
 *   <li>message: a string body as it is; any other body as its text ({@code 42}, JSON for arrays and maps);</li>
 *   <li>fields, each later one replacing an earlier one with the same key: {@code resource} (an object of all
 *       resource attributes, {@code service.name} included), {@code otel.scope.name}, {@code otel.scope.version},
 *       {@code event.name}, {@code body} (only a map body, as an object), the record's attributes with their types.
 *       So the record's own attributes win;</li>
 *   <li>trace and span ids for correlation; all-zero ids mean none.</li>
 * </ul>
 */
package io.edgeobs.model.convert.otlp;
