package io.edgeobs.bench;

import io.edgeobs.model.manifest.Ed25519;
import io.edgeobs.model.manifest.ManifestTarget;
import io.edgeobs.model.manifest.ManifestVerifier;
import io.edgeobs.model.manifest.ManifestWatcher;
import io.edgeobs.model.manifest.RollbackFloor;
import io.edgeobs.model.manifest.SignedManifest;
import io.edgeobs.model.manifest.TrustedKeys;
import io.edgeobs.model.manifest.VerifiedManifest;
import io.edgeobs.model.manifest.ManifestLimits;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.file.Path;
import java.security.PublicKey;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * What a signed manifest costs a device, on the committed example agent manifest (1.3 KiB YAML, two referenced
 * files): a full verification (signature, strict parse, both files hashed), the Ed25519 signature check alone, and
 * a watcher poll that finds nothing changed (what a device pays every period). Run from the repository root.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms64m", "-Xmx64m"})
public class ManifestVerifyBenchmark {

    private static final Path EXAMPLES = Path.of("docs/examples/manifests");

    private Path manifest;
    private ManifestVerifier verifier;
    private ManifestWatcher watcher;
    private PublicKey key;
    private byte[] bytes;
    private byte[] signature;

    @Setup
    public void setUp() {
        manifest = EXAMPLES.resolve("agent/manifest.yaml");
        TrustedKeys trusted = TrustedKeys.load(List.of(EXAMPLES.resolve("example.pub")));
        verifier = new ManifestVerifier(trusted, ManifestTarget.agent("trams-berlin", Optional.of("tram-x86")));
        SignedManifest signed = SignedManifest.read(manifest, ManifestLimits.DEFAULTS);
        key = trusted.key(signed.signature().keyId()).orElseThrow();
        bytes = signed.manifest();
        signature = signed.signature().signature();
        watcher = ManifestWatcher.builder(verifier).file(manifest).build();
        watcher.poll();
        if (watcher.current().isEmpty()) {
            throw new IllegalStateException("the example manifest does not verify; run from the repository root");
        }
    }

    @TearDown
    public void tearDown() {
        watcher.close();
    }

    @Benchmark
    public VerifiedManifest verifyExampleAgentManifest() {
        return verifier.verifyFile(manifest, RollbackFloor.NONE);
    }

    @Benchmark
    public boolean ed25519SignatureOnly() {
        return Ed25519.verify(key, bytes, signature);
    }

    @Benchmark
    public Optional<VerifiedManifest> watcherPollUnchanged() {
        watcher.poll();
        return watcher.current();
    }
}
