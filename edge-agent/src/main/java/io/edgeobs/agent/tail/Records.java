package io.edgeobs.agent.tail;

import io.edgeobs.model.LogRecord;
import io.edgeobs.model.convert.jsonlog.JsonLogConverter;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Lines to log records: the model's {@link JsonLogConverter} (time, level, message, trace ids, the rest as fields;
 * a line that is not a JSON object becomes the message), then the source's fields, the path field, and
 * {@value #TRUNCATED}{@code =true} on a line that was cut at the cap.
 */
final class Records {

    /** Marks a record whose line was longer than the cap; its message is then the line's raw head. */
    static final String TRUNCATED = "truncated";

    private Records() {
    }

    static List<LogRecord> of(List<LineReader.Line> lines, TailSource source, Path file, long receivedAtUnixNanos) {
        List<LogRecord> out = new ArrayList<>(lines.size());
        for (LineReader.Line line : lines) {
            LogRecord record = JsonLogConverter.convert(line.text(), receivedAtUnixNanos);
            if (!source.fields().isEmpty() || source.pathField().isPresent() || line.truncated()) {
                Map<String, Object> fields = new LinkedHashMap<>(record.fields());
                fields.putAll(source.fields());
                source.pathField().ifPresent(f -> fields.put(f, file.toString()));
                if (line.truncated()) {
                    fields.put(TRUNCATED, true);
                }
                record = record.withFields(fields);
            }
            out.add(record);
        }
        return out;
    }
}
