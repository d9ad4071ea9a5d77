package io.edgeobs.model.codec;

import io.edgeobs.model.proto.Field;
import io.edgeobs.model.proto.Fields;
import io.edgeobs.model.proto.Value;
import io.edgeobs.model.proto.ValueList;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Maps structured log fields (normalised JSON values, see {@link io.edgeobs.model.Fields}) to protobuf and back. */
final class FieldsMapper {

    private FieldsMapper() {
    }

    static Fields toProto(Map<String, Object> object) {
        var b = Fields.newBuilder();
        // Model maps are sorted already; sorting here too keeps the bytes deterministic for any caller.
        new TreeMap<>(object).forEach((k, v) -> b.addFields(Field.newBuilder().setKey(k).setValue(toValue(v))));
        return b.build();
    }

    @SuppressWarnings("unchecked")
    private static Value toValue(Object v) {
        var b = Value.newBuilder();
        if (v == null) {
            b.setNullValue(true);
        } else if (v instanceof String s) {
            b.setStringValue(s);
        } else if (v instanceof Long l) {
            b.setIntValue(l);
        } else if (v instanceof Double d) {
            b.setDoubleValue(d);
        } else if (v instanceof Boolean bool) {
            b.setBoolValue(bool);
        } else if (v instanceof List<?> list) {
            var lb = ValueList.newBuilder();
            for (Object item : list) {
                lb.addValues(toValue(item));
            }
            b.setListValue(lb);
        } else if (v instanceof Map<?, ?> map) {
            b.setObjectValue(toProto((Map<String, Object>) map));
        } else {
            throw new IllegalArgumentException("field value of type " + v.getClass().getSimpleName()
                    + " is not normalised; build fields with io.edgeobs.model.Fields");
        }
        return b.build();
    }

    static Map<String, Object> fromProto(Fields fields) {
        if (fields.getFieldsCount() == 0) {
            return io.edgeobs.model.Fields.EMPTY;
        }
        TreeMap<String, Object> m = new TreeMap<>();
        for (Field f : fields.getFieldsList()) {
            if (m.containsKey(f.getKey())) {
                throw new DecodeException("log fields repeat the key '" + f.getKey() + "'");
            }
            m.put(f.getKey(), fromValue(f.getValue()));
        }
        return Collections.unmodifiableMap(m);
    }

    private static Object fromValue(Value v) {
        return switch (v.getKindCase()) {
            case NULL_VALUE, KIND_NOT_SET -> null;
            case STRING_VALUE -> v.getStringValue();
            case INT_VALUE -> v.getIntValue();
            case DOUBLE_VALUE -> v.getDoubleValue();
            case BOOL_VALUE -> v.getBoolValue();
            case LIST_VALUE -> {
                List<Object> out = new ArrayList<>(v.getListValue().getValuesCount());
                for (Value item : v.getListValue().getValuesList()) {
                    out.add(fromValue(item));
                }
                yield Collections.unmodifiableList(out);
            }
            case OBJECT_VALUE -> fromProto(v.getObjectValue());
        };
    }
}
