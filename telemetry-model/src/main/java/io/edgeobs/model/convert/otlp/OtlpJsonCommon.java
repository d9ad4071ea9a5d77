package io.edgeobs.model.convert.otlp;

import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.EntityRef;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import io.opentelemetry.proto.resource.v1.Resource;

import java.io.IOException;

/**
 * OTLP/JSON messages shared by all signals ({@code common.proto}, {@code resource.proto}). Each method reads
 * one message from a reader positioned on its value; field names are accepted in lowerCamelCase and snake_case,
 * unknown fields are skipped.
 */
final class OtlpJsonCommon {

    private OtlpJsonCommon() {
    }

    static Resource resource(OtlpJsonReader r) throws IOException {
        Resource.Builder b = Resource.newBuilder();
        if (r.object("resource")) {
            for (String f = r.nextField(); f != null; f = r.nextField()) {
                switch (f) {
                    case "attributes" -> r.each(f, OtlpJsonCommon::keyValue, b::addAttributes);
                    case "droppedAttributesCount", "dropped_attributes_count" ->
                            b.setDroppedAttributesCount(r.int32(f, true));
                    case "entityRefs", "entity_refs" -> r.each(f, OtlpJsonCommon::entityRef, b::addEntityRefs);
                    default -> r.skip();
                }
            }
        }
        return b.build();
    }

    private static EntityRef entityRef(OtlpJsonReader r) throws IOException {
        EntityRef.Builder b = EntityRef.newBuilder();
        if (r.object("entityRefs")) {
            for (String f = r.nextField(); f != null; f = r.nextField()) {
                switch (f) {
                    case "schemaUrl", "schema_url" -> b.setSchemaUrl(r.string(f));
                    case "type" -> b.setType(r.string(f));
                    case "idKeys", "id_keys" -> r.each(f, OtlpJsonCommon::key, b::addIdKeys);
                    case "descriptionKeys", "description_keys" -> r.each(f, OtlpJsonCommon::key, b::addDescriptionKeys);
                    default -> r.skip();
                }
            }
        }
        return b.build();
    }

    private static String key(OtlpJsonReader r) throws IOException {
        return r.string("entityRefs keys");
    }

    static InstrumentationScope scope(OtlpJsonReader r) throws IOException {
        InstrumentationScope.Builder b = InstrumentationScope.newBuilder();
        if (r.object("scope")) {
            for (String f = r.nextField(); f != null; f = r.nextField()) {
                switch (f) {
                    case "name" -> b.setName(r.string(f));
                    case "version" -> b.setVersion(r.string(f));
                    case "attributes" -> r.each(f, OtlpJsonCommon::keyValue, b::addAttributes);
                    case "droppedAttributesCount", "dropped_attributes_count" ->
                            b.setDroppedAttributesCount(r.int32(f, true));
                    default -> r.skip();
                }
            }
        }
        return b.build();
    }

    static KeyValue keyValue(OtlpJsonReader r) throws IOException {
        KeyValue.Builder b = KeyValue.newBuilder();
        if (r.object("attributes")) {
            for (String f = r.nextField(); f != null; f = r.nextField()) {
                switch (f) {
                    case "key" -> b.setKey(r.string(f));
                    case "value" -> b.setValue(anyValue(r));
                    default -> r.skip();
                }
            }
        }
        return b.build();
    }

    static AnyValue anyValue(OtlpJsonReader r) throws IOException {
        AnyValue.Builder b = AnyValue.newBuilder();
        if (r.object("value")) {
            for (String f = r.nextField(); f != null; f = r.nextField()) {
                switch (f) {
                    case "stringValue", "string_value" -> b.setStringValue(r.string(f));
                    case "boolValue", "bool_value" -> b.setBoolValue(r.bool(f));
                    case "intValue", "int_value" -> b.setIntValue(r.int64(f));
                    case "doubleValue", "double_value" -> b.setDoubleValue(r.float64(f));
                    case "bytesValue", "bytes_value" -> b.setBytesValue(r.bytes(f));
                    case "arrayValue", "array_value" -> b.setArrayValue(arrayValue(r));
                    case "kvlistValue", "kvlist_value" -> b.setKvlistValue(kvlistValue(r));
                    default -> r.skip();
                }
            }
        }
        return b.build();
    }

    private static ArrayValue arrayValue(OtlpJsonReader r) throws IOException {
        ArrayValue.Builder b = ArrayValue.newBuilder();
        if (r.object("arrayValue")) {
            for (String f = r.nextField(); f != null; f = r.nextField()) {
                if (f.equals("values")) {
                    r.each(f, OtlpJsonCommon::anyValue, b::addValues);
                } else {
                    r.skip();
                }
            }
        }
        return b.build();
    }

    private static KeyValueList kvlistValue(OtlpJsonReader r) throws IOException {
        KeyValueList.Builder b = KeyValueList.newBuilder();
        if (r.object("kvlistValue")) {
            for (String f = r.nextField(); f != null; f = r.nextField()) {
                if (f.equals("values")) {
                    r.each(f, OtlpJsonCommon::keyValue, b::addValues);
                } else {
                    r.skip();
                }
            }
        }
        return b.build();
    }
}
