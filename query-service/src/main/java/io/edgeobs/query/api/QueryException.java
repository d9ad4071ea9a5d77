package io.edgeobs.query.api;

/**
 * Why the query service cannot answer a request. Each subclass is one HTTP status; {@link ProblemMapper} renders
 * them as RFC 7807 problem details. Messages are written for the caller: what was wrong with the request.
 */
public abstract class QueryException extends RuntimeException {

    protected QueryException(String message) {
        super(message);
    }

    public abstract int status();

    public abstract String title();

    /** The request parameter at fault, if one is. */
    public String parameter() {
        return null;
    }

    /** 400: a parameter or the body is wrong; {@link #parameter()} names which. */
    public static class BadParameter extends QueryException {
        private final String parameter;

        public BadParameter(String parameter, String why) {
            super(parameter + ": " + why);
            this.parameter = parameter;
        }

        @Override
        public String parameter() {
            return parameter;
        }

        public int status() {
            return 400;
        }

        public String title() {
            return "bad parameter";
        }
    }

    /** 401: no API key, or one the service does not know. */
    public static class Unauthorized extends QueryException {
        public Unauthorized(String message) {
            super(message);
        }

        public int status() {
            return 401;
        }

        public String title() {
            return "unauthorized";
        }
    }

    /** 403: a valid key whose role may not do this. */
    public static class Forbidden extends QueryException {
        public Forbidden(String message) {
            super(message);
        }

        public int status() {
            return 403;
        }

        public String title() {
            return "forbidden";
        }
    }

    /** 404: nothing of that id in the caller's tenant (whether another tenant has one is never said). */
    public static class NotFound extends QueryException {
        public NotFound(String message) {
            super(message);
        }

        public int status() {
            return 404;
        }

        public String title() {
            return "not found";
        }
    }

    /** 409: the request conflicts with what exists (a name already taken). */
    public static class Conflict extends QueryException {
        public Conflict(String message) {
            super(message);
        }

        public int status() {
            return 409;
        }

        public String title() {
            return "conflict";
        }
    }
}
