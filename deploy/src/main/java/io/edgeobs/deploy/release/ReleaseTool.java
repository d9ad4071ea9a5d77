package io.edgeobs.deploy.release;

import io.edgeobs.model.manifest.KeyFileException;
import io.edgeobs.model.manifest.KeyFiles;
import io.edgeobs.model.manifest.ManifestException;
import io.edgeobs.model.manifest.ManifestLimits;
import io.edgeobs.model.manifest.ManifestSigner;
import io.edgeobs.model.manifest.SignedManifest;
import io.edgeobs.model.manifest.TrustedKeys;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The release command line ({@code ./edgeobs release ...}). Exit codes as the manifest tool's: 0 done or verified,
 * 1 failed or refused (with the reason), 2 wrong command line.
 */
public final class ReleaseTool {

    static final String USAGE = """
            usage: edgeobs release <command> [options]

              create --commit SHA --number N --version V [--channel stable] [--registry HOST[/PATH]] [--root DIR]
                     --out RELEASE.yaml [--key KEY]
                  Lists every artifact of the built deployable modules under --root (default .) with its SHA-256
                  and size, and every image whose digest Jib wrote; with --key also signs it (RELEASE.yaml.sig).
              verify --trust PUB|DIR [--base DIR] RELEASE.yaml
                  Verifies the signature like a device verifies its manifest, then every artifact's SHA-256 under
                  --base (default the current directory).
              pin --trust PUB|DIR --overlay DIR --out DIR RELEASE.yaml
                  Verifies the release's signature and writes DIR/kustomization.yaml: the overlay with edgeobs'
                  images pinned to the release's digests.
            """;

    private final PrintStream out;
    private final PrintStream err;

    ReleaseTool(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        System.exit(new ReleaseTool(System.out, System.err).run(args));
    }

    int run(String... args) {
        if (args.length == 0 || List.of("help", "-h", "--help").contains(args[0])) {
            out.print(USAGE);
            return args.length == 0 ? 2 : 0;
        }
        try {
            Args a = Args.parse(List.of(args).subList(1, args.length));
            return switch (args[0]) {
                case "create" -> create(a);
                case "verify" -> verify(a);
                case "pin" -> pin(a);
                default -> throw new IllegalArgumentException("unknown command '" + args[0] + "'");
            };
        } catch (IllegalArgumentException e) {
            err.println("edgeobs release: " + e.getMessage());
            err.print(USAGE);
            return 2;
        } catch (ManifestException e) {
            err.println("refused (" + e.reason().tag() + "): " + e.getMessage());
            return 1;
        } catch (KeyFileException | IllegalStateException | IOException | java.io.UncheckedIOException e) {
            err.println("edgeobs release " + args[0] + ": " + e.getMessage());
            return 1;
        }
    }

    private int create(Args a) throws IOException {
        Path root = Path.of(a.get("root", "."));
        ReleaseSpec spec = new ReleaseScanner(root, ReleaseScanner.DEPLOYABLE)
                .scan(a.required("commit"), a.required("version"), a.get("registry", "127.0.0.1:5000"));
        long number = a.positiveLong("number");
        byte[] yaml = ReleaseManifest.write(number, a.get("channel", "stable"), a.required("version"), spec);
        Path file = Path.of(a.required("out"));
        Files.write(file, yaml);
        String signed = "";
        if (a.has("key")) {
            new ManifestSigner(KeyFiles.readPrivateKey(Path.of(a.get("key", null)))).sign(yaml).write(file);
            signed = " and signed it (" + SignedManifest.signaturePath(file).getFileName() + ")";
        }
        out.println("release " + number + ": " + spec.artifacts().size() + " artifacts, " + spec.images().size()
                + " images" + (spec.images().isEmpty() ? " (none built)" : "") + "; wrote " + file + signed);
        return 0;
    }

    private int verify(Args a) {
        Path file = Path.of(a.single());
        ReleaseVerifier.VerifiedRelease r = new ReleaseVerifier(trust(a))
                .verify(SignedManifest.read(file, ManifestLimits.DEFAULTS), Path.of(a.get("base", ".")));
        out.println("verified: release " + r.manifest().version() + " of commit " + r.spec().commit()
                + ", signed by trusted key " + r.manifest().keyId() + ", " + r.spec().artifacts().size()
                + " artifacts matching, " + r.spec().images().size() + " images listed");
        return 0;
    }

    private int pin(Args a) throws IOException {
        Path file = Path.of(a.single());
        SignedManifest signed = SignedManifest.read(file, ManifestLimits.DEFAULTS);
        // signature only: the artifacts need not be where the kustomization is made
        ReleaseSpec spec = new ReleaseVerifier(trust(a)).verifySignature(signed);
        Path written = ImagePins.writeKustomization(spec, Path.of(a.required("overlay")), Path.of(a.required("out")));
        out.println("wrote " + written + ": " + spec.images().size() + " edgeobs images pinned by digest");
        return 0;
    }

    private static TrustedKeys trust(Args a) {
        List<Path> paths = a.all("trust").stream().map(Path::of).toList();
        if (paths.isEmpty()) {
            throw new IllegalArgumentException("--trust PUB|DIR is required (the release signing public key)");
        }
        return TrustedKeys.load(paths);
    }

    /** {@code --name value} options (repeatable) and positional arguments. */
    record Args(Map<String, List<String>> options, List<String> positional) {
        static Args parse(List<String> args) {
            Map<String, List<String>> options = new HashMap<>();
            List<String> positional = new ArrayList<>();
            for (int i = 0; i < args.size(); i++) {
                String s = args.get(i);
                if (s.startsWith("--")) {
                    if (i + 1 >= args.size()) {
                        throw new IllegalArgumentException(s + " needs a value");
                    }
                    options.computeIfAbsent(s.substring(2), k -> new ArrayList<>()).add(args.get(++i));
                } else {
                    positional.add(s);
                }
            }
            return new Args(options, positional);
        }

        boolean has(String name) {
            return options.containsKey(name);
        }

        String get(String name, String fallback) {
            List<String> v = options.get(name);
            return v == null ? fallback : v.get(v.size() - 1);
        }

        String required(String name) {
            String v = get(name, null);
            if (v == null) {
                throw new IllegalArgumentException("--" + name + " is required");
            }
            return v;
        }

        List<String> all(String name) {
            return options.getOrDefault(name, List.of());
        }

        long positiveLong(String name) {
            try {
                long n = Long.parseLong(required(name));
                if (n > 0) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // below
            }
            throw new IllegalArgumentException("--" + name + " must be a positive integer");
        }

        String single() {
            if (positional.size() != 1) {
                throw new IllegalArgumentException("give exactly one release manifest file");
            }
            return positional.get(0);
        }
    }
}
