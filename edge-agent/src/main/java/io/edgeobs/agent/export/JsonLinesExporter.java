package io.edgeobs.agent.export;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.edgeobs.model.Batch;
import io.edgeobs.model.codec.ProtoMapper;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/** Writes each batch as one line of JSON (protobuf's JSON form of the batch), to a file or to stdout: for debugging. */
public final class JsonLinesExporter implements Exporter {

    private static final JsonFormat.Printer JSON = JsonFormat.printer().omittingInsignificantWhitespace();

    private final Optional<Path> file;
    private final PrintStream stdout;

    private JsonLinesExporter(Optional<Path> file, PrintStream stdout) {
        this.file = file;
        this.stdout = stdout;
    }

    public static JsonLinesExporter toFile(Path file) {
        return new JsonLinesExporter(Optional.of(file), null);
    }

    public static JsonLinesExporter toStdout() {
        return new JsonLinesExporter(Optional.empty(), new PrintStream(System.out, true, StandardCharsets.UTF_8));
    }

    @Override
    public ExportResult export(Batch batch, byte[] encoded) {
        try {
            String line = JSON.print(ProtoMapper.toProto(batch)) + "\n";
            if (file.isPresent()) {
                Files.createDirectories(file.get().toAbsolutePath().getParent());
                Files.writeString(file.get(), line, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } else {
                stdout.print(line);
            }
            return new ExportResult.Delivered();
        } catch (InvalidProtocolBufferException e) {
            return new ExportResult.Rejected("cannot render the batch as JSON: " + e.getMessage());
        } catch (IOException e) {
            return new ExportResult.Retry("cannot write " + file.orElseThrow() + ": " + e.getMessage(), Optional.empty());
        }
    }
}
