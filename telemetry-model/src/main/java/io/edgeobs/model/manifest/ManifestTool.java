package io.edgeobs.model.manifest;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The manifest command line: {@code keygen}, {@code sign}, {@code verify}, {@code hash}. Run from the repository
 * root as {@code ./edgeobs manifest <command>}. Exit codes: 0 done (verify: verified), 1 failed (verify:
 * refused, with a sentence naming what failed), 2 the command line is wrong.
 */
public final class ManifestTool {

    static final String USAGE = """
            usage: edgeobs manifest <command> [options]

              keygen --out PREFIX [--force]
                  Writes a new Ed25519 key pair: PREFIX.key (private, mode 0600; keep it on the signing machine)
                  and PREFIX.pub (public; give it to devices and gateways as a trusted key). Prints the key id.
              sign --key KEY [--wire OUT.json] MANIFEST.yaml
                  Checks the manifest (strict parse, every referenced file's SHA-256) and writes MANIFEST.yaml.sig;
                  --wire also writes the single-document form served at /v1/manifests/{fleet}.
              verify --trust PUB|DIR [--trust ...] [--base DIR] [--kind AgentManifest|GatewayManifest|ReleaseManifest]
                     [--fleet NAME] [--device-type NAME] [--min-version N] MANIFEST.yaml|SIGNED.json
                  Verifies like a device does: trusted key, signature, strict parse, target, no version below
                  --min-version, referenced files (relative to --base, default the manifest's directory).
                  Exit 0 when it verifies, 1 with the reason when it is refused.
              hash [--base DIR] FILE...
                  Prints the files: entries (path relative to --base, default the current directory, and SHA-256).
            """;

    /** A command that cannot be carried out; the message says why. */
    private static final class Failure extends RuntimeException {
        Failure(String message) {
            super(message);
        }
    }

    private final PrintStream out;
    private final PrintStream err;

    ManifestTool(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        System.exit(new ManifestTool(System.out, System.err).run(args));
    }

    int run(String... args) {
        if (args.length == 0 || Set.of("help", "-h", "--help").contains(args[0])) {
            out.print(USAGE);
            return args.length == 0 ? 2 : 0;
        }
        List<String> rest = Arrays.asList(args).subList(1, args.length);
        try {
            return switch (args[0]) {
                case "keygen" -> keygen(new ToolArgs(rest, Set.of("out"), Set.of("force")));
                case "sign" -> sign(new ToolArgs(rest, Set.of("key", "wire"), Set.of()));
                case "verify" -> verify(new ToolArgs(rest,
                        Set.of("trust", "base", "kind", "fleet", "device-type", "min-version"), Set.of()));
                case "hash" -> hash(new ToolArgs(rest, Set.of("base"), Set.of()));
                default -> throw new ToolArgs.UsageException("unknown command '" + args[0] + "'");
            };
        } catch (ToolArgs.UsageException e) {
            err.println("edgeobs manifest: " + e.getMessage());
            err.print(USAGE);
            return 2;
        } catch (ManifestException | KeyFileException | Failure e) {
            err.println("edgeobs manifest " + args[0] + ": " + e.getMessage());
            return 1;
        } catch (IOException e) {
            err.println("edgeobs manifest " + args[0] + ": " + e);
            return 1;
        }
    }

    private int keygen(ToolArgs a) {
        String prefix = a.required("out", "PREFIX (where to write PREFIX.key and PREFIX.pub)");
        if (!a.positional().isEmpty()) {
            throw new ToolArgs.UsageException("keygen takes no arguments besides --out and --force");
        }
        Path priv = Path.of(prefix + ".key");
        Path pub = Path.of(prefix + ".pub");
        if (!a.flag("force")) {
            for (Path p : List.of(priv, pub)) {
                if (Files.exists(p)) {
                    throw new KeyFileException(p + " exists; choose another --out or pass --force to replace it");
                }
            }
        }
        KeyPair pair = Ed25519.generate();
        KeyFiles.writePrivateKey(priv, pair.getPrivate(), a.flag("force"));
        KeyFiles.writePublicKey(pub, pair.getPublic(), a.flag("force"));
        out.println("key id " + Ed25519.keyId(pair.getPublic()) + ": wrote " + priv + " (private, mode 0600: keep it on"
                + " the signing machine) and " + pub + " (public: give it to devices and gateways to trust)");
        return 0;
    }

    private int sign(ToolArgs a) throws IOException {
        ManifestSigner signer = new ManifestSigner(KeyFiles.readPrivateKey(Path.of(a.required("key", "KEY (the private key)"))));
        Path manifest = Path.of(a.single("manifest file to sign"));
        if (!Files.isRegularFile(manifest)) {
            throw new Failure("manifest " + manifest + " does not exist");
        }
        byte[] bytes = Files.readAllBytes(manifest);
        SignedManifest signed = signer.signChecked(bytes, manifest.toAbsolutePath().getParent(), ManifestLimits.DEFAULTS);
        Manifest parsed = new ManifestParser().parse(bytes);
        signed.write(manifest);
        String wrote = SignedManifest.signaturePath(manifest).toString();
        Optional<String> wire = a.option("wire");
        if (wire.isPresent()) {
            Digests.writeAtomically(Path.of(wire.get()), signed.toWire());
            wrote += " and " + wire.get();
        }
        out.println("signed " + parsed.describe() + " with key " + signer.keyId() + " ("
                + files(parsed.files().size()) + " checked): wrote " + wrote);
        return 0;
    }

    private int verify(ToolArgs a) throws IOException {
        List<Path> trust = a.all("trust").stream().map(Path::of).toList();
        if (trust.isEmpty()) {
            throw new ToolArgs.UsageException("--trust PUB|DIR is required (the public keys to trust)");
        }
        Optional<ManifestKind> kind = a.option("kind").map(k -> ManifestKind.fromYaml(k).orElseThrow(() ->
                new ToolArgs.UsageException("--kind must be " + ManifestKind.names() + ", not '" + k + "'")));
        ManifestTarget target = new ManifestTarget(kind, a.option("fleet"), a.option("device-type"));
        RollbackFloor floor = a.option("min-version").map(v -> RollbackFloor.atLeast(a.positiveLong("min-version", v)))
                .orElse(RollbackFloor.NONE);
        Path file = Path.of(a.single("manifest file (or signed JSON document) to verify"));
        Path base = a.option("base").map(Path::of).orElse(file.toAbsolutePath().getParent());
        ManifestVerifier verifier = new ManifestVerifier(TrustedKeys.load(trust), target);
        try {
            VerifiedManifest v = verifier.verify(readSigned(file), base, floor);
            out.println("verified: " + v.manifest().describe() + ", signed by trusted key " + v.keyId() + ", "
                    + files(v.manifest().files().size()) + " matching (manifest sha256 " + v.sha256() + ")");
            return 0;
        } catch (ManifestException e) {
            err.println("refused (" + e.reason().tag() + "): " + e.getMessage());
            return 1;
        }
    }

    private static String files(int n) {
        return n + (n == 1 ? " referenced file" : " referenced files");
    }

    private static SignedManifest readSigned(Path file) throws IOException {
        if (Files.exists(SignedManifest.signaturePath(file)) || !Files.isRegularFile(file)) {
            return SignedManifest.read(file, ManifestLimits.DEFAULTS);
        }
        byte[] bytes = Digests.readBounded(file, ManifestLimits.DEFAULTS.maxWireBytes(), "signed manifest document");
        String head = new String(bytes, 0, Math.min(bytes.length, 64), java.nio.charset.StandardCharsets.UTF_8).strip();
        if (head.startsWith("{")) {
            return SignedManifest.fromWire(bytes, ManifestLimits.DEFAULTS);
        }
        return SignedManifest.read(file, ManifestLimits.DEFAULTS); // reports the missing .sig
    }

    private int hash(ToolArgs a) throws IOException {
        Path base = Path.of(a.option("base").orElse(".")).toAbsolutePath().normalize();
        if (a.positional().isEmpty()) {
            throw new ToolArgs.UsageException("give the files to hash");
        }
        StringBuilder b = new StringBuilder("files:\n");
        for (String f : a.positional()) {
            Path file = Path.of(f).toAbsolutePath().normalize();
            String relative = base.relativize(file).toString().replace('\\', '/');
            Optional<String> problem = FilePaths.problem(relative);
            if (problem.isPresent() || !file.startsWith(base)) {
                throw new Failure(f + " is not inside " + base + " (" + problem.orElse("outside")
                        + "); pass --base with the manifest's directory");
            }
            if (!Files.isRegularFile(file)) {
                throw new Failure(f + " is not a file");
            }
            byte[] data = Digests.readBounded(file, ManifestLimits.DEFAULTS.maxFileBytes(), "file");
            b.append("  ").append(relative).append(": ").append(Digests.sha256Hex(data)).append('\n');
        }
        out.print(b);
        return 0;
    }
}
