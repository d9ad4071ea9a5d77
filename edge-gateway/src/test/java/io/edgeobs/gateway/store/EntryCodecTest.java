package io.edgeobs.gateway.store;

import io.edgeobs.model.Batch;
import io.edgeobs.model.Envelope;
import io.edgeobs.model.MetricPoint;
import io.edgeobs.model.Resource;
import io.edgeobs.model.Tags;
import io.edgeobs.model.codec.BatchCodec;
import org.junit.jupiter.api.Test;

import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EntryCodecTest {

    @Test
    void shouldRoundTripBatchEntriesAndTicks() {
        // Given a batch as the intake stores it
        Batch b = Batch.ofMetrics(new Resource("acme", "pumps", "pump-ü", "pump", "1", Tags.EMPTY), 9,
                List.of(MetricPoint.gauge("t", 1, 5, Tags.EMPTY))).withEnvelope(new Envelope("gw", "eu", 123));
        Entry.BatchEntry e = EntryCodec.of(b, true);

        // Then its bytes read back to the same entry, whose content id is the batch's
        assertThat(EntryCodec.decode(EntryCodec.encode(e))).isEqualTo(e);
        assertThat(HexFormat.of().formatHex(e.contentId())).isEqualTo(BatchCodec.contentId(b));
        assertThat(e.key()).isEqualTo("acme/pump-ü");
        assertThat(e.records()).isEqualTo(1);
        assertThat(e.clockNanos()).isEqualTo(123);
        assertThat(EntryCodec.decode(EntryCodec.encode(new Entry.Tick(77)))).isEqualTo(new Entry.Tick(77));
    }

    @Test
    void shouldRefuseWhatIsNotAnEntry() {
        assertThatThrownBy(() -> EntryCodec.decode(new byte[] {9})).hasMessageContaining("unknown gateway log entry type 9");
        assertThatThrownBy(() -> EntryCodec.decode(new byte[] {1, 0, 0})).hasMessageContaining("truncated");
    }
}
