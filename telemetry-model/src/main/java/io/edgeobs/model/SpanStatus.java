package io.edgeobs.model;

/** A span's outcome: unset, ok, or error with a message. */
public record SpanStatus(Code code, String message) {

    public enum Code { UNSET, OK, ERROR }

    public static final SpanStatus UNSET = new SpanStatus(Code.UNSET, "");
    public static final SpanStatus OK = new SpanStatus(Code.OK, "");

    public SpanStatus {
        code = code == null ? Code.UNSET : code;
        message = Resource.nullToEmpty(message);
    }

    public static SpanStatus error(String message) {
        return new SpanStatus(Code.ERROR, message);
    }

    public boolean isError() {
        return code == Code.ERROR;
    }
}
