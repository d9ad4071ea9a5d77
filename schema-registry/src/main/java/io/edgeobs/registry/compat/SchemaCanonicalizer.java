package io.edgeobs.registry.compat;

/**
 * The identity of a schema: a normal form in which comments, whitespace and formatting (protobuf) or key order and
 * whitespace (JSON) no longer show. Two schemas with the same canonical form are the same schema and get the same id;
 * registering a schema again is idempotent.
 *
 * <ul>
 *   <li>PROTOBUF: comments removed, then Wire's rendering of the parsed file: one declaration per line, fixed
 *       indentation and spacing, {@code syntax = "proto2";} when the file has no syntax statement. Declaration order
 *       is kept. Everything else (options, extensions, services, imports) stays and still distinguishes
 *       schemas.</li>
 *   <li>JSON: object keys sorted at every level, no whitespace, strings and numbers as written (array order is
 *       kept: it is meaningful in {@code enum}, {@code items} tuples and {@code type}).</li>
 * </ul>
 *
 * <p>The registry stores a fingerprint of this form, so changing it changes the identity of stored schemas.
 */
public final class SchemaCanonicalizer {

    private SchemaCanonicalizer() {
    }

    /**
     * @throws SchemaParseException when the text is not a valid schema of that type
     */
    public static String canonical(SchemaType type, String schemaText) {
        if (type == SchemaType.PROTOBUF) {
            var file = ProtoText.parse(schemaText);
            ProtoModel.fromFile(file); // the same validity rules as the compatibility check
            return ProtoText.canonical(file);
        }
        return JsonSchemaText.canonical(JsonSchemaText.parse(schemaText));
    }
}
