package io.edgeobs.model.convert.otlp;

import io.edgeobs.model.Tags;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;

import java.util.List;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/** The reusable tag collector gives what a sorted map with "last value wins" gives, below and above its hash index. */
class TagPairsTest {

    @Property(tries = 300)
    void shouldKeepTheLastValueOfEveryKeyLikeASortedMap(
            @ForAll @Size(max = 60) List<@AlphaChars @StringLength(min = 1, max = 2) String> base,
            @ForAll @Size(max = 60) List<@AlphaChars @StringLength(min = 1, max = 2) String> record) {
        // Given: keys from a tiny alphabet, so they repeat, and enough of them to pass the linear-scan limit
        TagPairs resource = new TagPairs();
        TreeMap<String, String> expected = new TreeMap<>();
        for (int i = 0; i < base.size(); i++) {
            resource.put(base.get(i), "r" + i);
            expected.put(base.get(i), "r" + i);
        }
        TagPairs tags = new TagPairs();
        tags.put("stale", "from an earlier record");
        tags.copyFrom(resource);

        // When
        for (int i = 0; i < record.size(); i++) {
            tags.put(record.get(i), "s" + i);
            expected.put(record.get(i), "s" + i);
        }

        // Then
        assertThat(tags.build()).isEqualTo(Tags.copyOf(expected));
        assertThat(tags.size()).isEqualTo(expected.size());
        TreeMap<String, String> withLe = new TreeMap<>(expected);
        withLe.put("le", "+Inf");
        assertThat(tags.buildWith("le", "+Inf")).isEqualTo(Tags.copyOf(withLe));
        assertThat(tags.build()).as("buildWith leaves the collected tags alone").isEqualTo(Tags.copyOf(expected));
    }
}
