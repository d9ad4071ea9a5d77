package io.edgeobs.registry.error;

/**
 * An error with the Confluent Schema Registry's HTTP status and error code, answered as
 * {@code {"error_code": 40401, "message": "..."}}.
 */
public class RegistryException extends RuntimeException {

    private final int status;
    private final int errorCode;

    public RegistryException(int status, int errorCode, String message) {
        super(message);
        this.status = status;
        this.errorCode = errorCode;
    }

    public int status() {
        return status;
    }

    public int errorCode() {
        return errorCode;
    }

    public static RegistryException subjectNotFound(String subject) {
        return new RegistryException(404, 40401, "Subject '" + subject + "' not found.");
    }

    public static RegistryException versionNotFound(String subject, Object version) {
        return new RegistryException(404, 40402, "Version " + version + " not found for subject '" + subject + "'.");
    }

    public static RegistryException schemaNotFound(String what) {
        return new RegistryException(404, 40403, "Schema " + what + " not found.");
    }

    public static RegistryException subjectNotSoftDeleted(String subject) {
        return new RegistryException(404, 40405, "Subject '" + subject
                + "' was not deleted first before being permanently deleted.");
    }

    public static RegistryException versionNotSoftDeleted(String subject, int version) {
        return new RegistryException(404, 40407, "Subject '" + subject + "' Version " + version
                + " was not deleted first before being permanently deleted.");
    }

    public static RegistryException subjectConfigNotFound(String subject) {
        return new RegistryException(404, 40408, "Subject '" + subject + "' does not have subject-level compatibility "
                + "configured.");
    }

    public static RegistryException incompatible(String subject, java.util.List<String> messages) {
        return new RegistryException(409, 409, "Schema being registered is incompatible with an earlier schema for "
                + "subject '" + subject + "', details: " + messages);
    }

    public static RegistryException invalidSchema(String message) {
        return new RegistryException(422, 42201, "Invalid schema: " + message);
    }

    public static RegistryException invalidVersion(String version) {
        return new RegistryException(422, 42202, "The specified version '" + version + "' is not a valid version id. "
                + "Allowed values are between [1, 2^31-1] and the string \"latest\"");
    }

    public static RegistryException invalidCompatibility(String level) {
        return new RegistryException(422, 42203, "Invalid compatibility level '" + level + "'. Valid values are "
                + "NONE, BACKWARD, BACKWARD_TRANSITIVE, FORWARD, FORWARD_TRANSITIVE, FULL, FULL_TRANSITIVE");
    }

    public static RegistryException store(String message, Throwable cause) {
        RegistryException e = new RegistryException(500, 50001, "Error in the backend data store: " + message);
        e.initCause(cause);
        return e;
    }
}
