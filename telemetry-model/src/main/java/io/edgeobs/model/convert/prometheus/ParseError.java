package io.edgeobs.model.convert.prometheus;

/**
 * A line that could not be read. The rest of the scrape is still parsed.
 *
 * @param lineNumber 1-based
 * @param line       the line, cut to {@link #MAX_LINE} chars
 * @param message    what is wrong
 */
public record ParseError(int lineNumber, String line, String message) {

    /** How much of a bad line is kept, in chars. */
    public static final int MAX_LINE = 200;

    static ParseError of(int lineNumber, String text, int start, int end, String message) {
        int cut = Math.min(end, start + MAX_LINE);
        if (cut < end && Character.isHighSurrogate(text.charAt(cut - 1))) {
            cut--; // do not split a character outside the basic plane
        }
        return new ParseError(lineNumber, text.substring(start, cut), message);
    }

    @Override
    public String toString() {
        return "line " + lineNumber + ": " + message + " (" + line + ")";
    }
}
