package io.edgeobs.ingest.storage;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;

/**
 * Which database errors are worth retrying (the database is unreachable, restarting, out of connections, or the
 * transaction lost a deadlock or serialization race) and which say that the data cannot be stored as it is
 * (a value too large for an index, an encoding PostgreSQL refuses), so retrying would never end.
 */
public final class SqlFailures {

    private SqlFailures() {
    }

    public static boolean isTransient(Throwable t) {
        for (Throwable e = t; e != null; e = e.getCause()) {
            if (e instanceof SQLTransientException || e instanceof SQLRecoverableException
                    || e instanceof java.net.SocketException || e instanceof java.io.EOFException) {
                return true;
            }
            if (e instanceof SQLException sql && isTransientState(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    static boolean isTransientState(String state) {
        if (state == null) {
            // pgjdbc and Agroal leave it empty when no connection could be made at all
            return true;
        }
        return state.startsWith("08")          // connection exception
                || state.startsWith("53")      // insufficient resources (too many connections, disk full)
                || state.startsWith("57P")     // admin shutdown, crash shutdown, cannot connect now
                || state.equals("40001")       // serialization failure
                || state.equals("40P01")       // deadlock detected
                || state.equals("55P03")       // lock not available (lock_timeout)
                || state.equals("57014")       // query canceled (statement_timeout)
                || state.startsWith("58");     // system error (I/O)
    }
}
