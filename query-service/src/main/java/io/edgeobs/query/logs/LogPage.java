package io.edgeobs.query.logs;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/** A page of logs, newest first; {@code nextCursor} null on the last page; {@code backend} which store answered. */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record LogPage(List<LogEntry> logs, String nextCursor, String backend) {
}
