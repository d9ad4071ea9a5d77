package io.edgeobs.agent.testing;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.edgeobs.model.Batch;
import io.edgeobs.model.codec.ProtoMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What the agent exported in the test profile: batches as JSON lines in {@code target/agent-data/export.jsonl}. The
 * file outlives a test run, so tests look for data unique to their run.
 */
public final class ExportFile {

    public static final Path PATH = Path.of("target/agent-data/export.jsonl");

    private ExportFile() {
    }

    /** Every exported batch whose JSON line contains {@code marker} (a cheap pre-filter before decoding). */
    public static List<Batch> batchesContaining(String marker) {
        List<Batch> out = new ArrayList<>();
        if (!Files.exists(PATH)) {
            return out;
        }
        try {
            for (String line : Files.readAllLines(PATH)) {
                if (!line.contains(marker)) {
                    continue;
                }
                io.edgeobs.model.proto.Batch.Builder b = io.edgeobs.model.proto.Batch.newBuilder();
                try {
                    JsonFormat.parser().merge(line, b);
                } catch (InvalidProtocolBufferException e) {
                    continue; // the last line may still be being written
                }
                out.add(ProtoMapper.fromProto(b.build()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
