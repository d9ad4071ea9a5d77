package io.edgeobs.model.convert.prometheus;

/**
 * A line that could not be read. The rest of the scrape is still parsed.
 *
 * @param lineNumber 1-based
 * @param line       the line, cut to 200 characters
 * @param message    what is wrong
 */
public record ParseError(int lineNumber, String line, String message) {

    static ParseError of(int lineNumber, String text, int start, int end, String message) {
        int cut = Math.min(end, start + 200);
        return new ParseError(lineNumber, text.substring(start, cut), message);
    }

    @Override
    public String toString() {
        return "line " + lineNumber + ": " + message + " (" + line + ")";
    }
}
