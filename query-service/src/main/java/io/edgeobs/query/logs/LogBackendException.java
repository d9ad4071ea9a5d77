package io.edgeobs.query.logs;

import io.edgeobs.query.api.QueryException;

/** 502: the configured log backend (OpenSearch) could not be reached or refused the search. */
public class LogBackendException extends QueryException {

    public LogBackendException(String message) {
        super(message);
    }

    @Override
    public int status() {
        return 502;
    }

    @Override
    public String title() {
        return "log backend unavailable";
    }
}
