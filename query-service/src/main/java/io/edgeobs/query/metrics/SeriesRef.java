package io.edgeobs.query.metrics;

import java.util.Map;

/** A series of the caller's tenant that a query matched: its id, device, kind and tags. */
record SeriesRef(long id, String deviceId, String kind, Map<String, String> tags) {

    /** The value of a tag key for grouping; {@code device_id} is the series' device. Null when the series lacks it. */
    String tag(String key) {
        return TagMatcher.DEVICE_ID.equals(key) ? deviceId : tags.get(key);
    }
}
