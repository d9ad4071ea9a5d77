package io.edgeobs.gateway.policy;

import java.util.regex.Pattern;

/**
 * A shell-style pattern: {@code *} matches any run of characters (dots and slashes included), {@code ?} one
 * character, everything else itself. Exact names and simple prefixes avoid the regex.
 */
public final class Glob {

    public static final Glob ANY = new Glob("*");

    private final String text;
    private final Pattern pattern;
    private final String prefix;

    private Glob(String text) {
        this.text = text;
        boolean wild = text.indexOf('*') >= 0 || text.indexOf('?') >= 0;
        int star = text.indexOf('*');
        boolean simplePrefix = star == text.length() - 1 && text.indexOf('?') < 0;
        this.prefix = !wild ? text : simplePrefix ? text.substring(0, star) : null;
        this.pattern = prefix != null ? null : Pattern.compile(toRegex(text));
    }

    public static Glob of(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("a pattern must not be empty");
        }
        return text.equals("*") ? ANY : new Glob(text);
    }

    public boolean matches(String s) {
        if (this == ANY) {
            return true;
        }
        if (s == null) {
            return false;
        }
        if (pattern == null) {
            return text.equals(prefix) ? s.equals(text) : s.startsWith(prefix);
        }
        return pattern.matcher(s).matches();
    }

    private static String toRegex(String glob) {
        StringBuilder sb = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (char c : glob.toCharArray()) {
            if (c == '*' || c == '?') {
                if (literal.length() > 0) {
                    sb.append(Pattern.quote(literal.toString()));
                    literal.setLength(0);
                }
                sb.append(c == '*' ? ".*" : ".");
            } else {
                literal.append(c);
            }
        }
        if (literal.length() > 0) {
            sb.append(Pattern.quote(literal.toString()));
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return text;
    }
}
