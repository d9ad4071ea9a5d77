package io.edgeobs.agent.tail;

import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.TreeSet;

/**
 * The regular files a source's paths match now. A pattern is a file or a glob ({@code *} and {@code ?} within a
 * name, {@code [..]}, {@code {a,b}}, {@code **} across directories), relative ones against the working directory.
 * Only the directories below the pattern's fixed prefix are walked, only as deep as the pattern reaches, and at most
 * {@value #MAX_ENTRIES} entries per pattern, so a pattern like {@code /**}{@code /*.log} cannot walk a whole disk
 * every scan. Symbolic links to files are followed, links to directories are not (no cycles).
 */
final class Globs {

    private static final Logger LOG = Logger.getLogger(Globs.class);
    /** Far more than any log directory holds; bounds the cost of one scan of a careless pattern. */
    static final int MAX_ENTRIES = 10_000;

    private record Pattern(String text, Path base, int depth, PathMatcher matcher) {
    }

    private final String source;
    private final List<Pattern> includes = new ArrayList<>();
    private final List<PathMatcher> excludes = new ArrayList<>();
    private boolean warnedTooMany;

    Globs(String source, List<String> paths, List<String> exclude) {
        this.source = source;
        for (String p : paths) {
            includes.add(parse(p));
        }
        for (String p : exclude) {
            excludes.add(FileSystems.getDefault().getPathMatcher("glob:" + absolute(p)));
        }
    }

    /** The matching files, sorted by path. */
    List<Path> expand() {
        TreeSet<Path> found = new TreeSet<>();
        for (Pattern p : includes) {
            if (!Files.isDirectory(p.base())) {
                if (p.depth() == 0 && Files.isRegularFile(p.base()) && !excluded(p.base())) {
                    found.add(p.base()); // a plain file name
                }
                continue;
            }
            walk(p, found);
        }
        return List.copyOf(found);
    }

    /** Whether {@code file} matches a pattern and no exclusion. */
    boolean matches(Path file) {
        Path abs = file.toAbsolutePath();
        for (Pattern p : includes) {
            if (p.matcher().matches(abs)) {
                return !excluded(abs);
            }
        }
        return false;
    }

    private void walk(Pattern p, TreeSet<Path> found) {
        int[] entries = {0};
        try {
            Files.walkFileTree(p.base(), EnumSet.noneOf(java.nio.file.FileVisitOption.class), p.depth(),
                    new SimpleFileVisitor<>() {
                        @Override
                        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                            return ++entries[0] > MAX_ENTRIES ? FileVisitResult.TERMINATE : FileVisitResult.CONTINUE;
                        }

                        @Override
                        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                            if (++entries[0] > MAX_ENTRIES) {
                                return FileVisitResult.TERMINATE;
                            }
                            boolean regular = attrs.isRegularFile() || attrs.isSymbolicLink() && Files.isRegularFile(file);
                            if (regular && p.matcher().matches(file) && !excluded(file)) {
                                found.add(file);
                            }
                            return FileVisitResult.CONTINUE;
                        }

                        @Override
                        public FileVisitResult visitFileFailed(Path file, IOException e) {
                            return FileVisitResult.CONTINUE; // unreadable or vanished while walking: not ours to read
                        }
                    });
        } catch (IOException e) {
            LOG.debugf("tail source %s: cannot walk %s: %s", source, p.base(), e.getMessage());
        }
        if (entries[0] > MAX_ENTRIES && !warnedTooMany) {
            warnedTooMany = true;
            LOG.warnf("tail source %s: pattern %s reaches more than %d entries; only the first are looked at, "
                    + "narrow the pattern", source, p.text(), MAX_ENTRIES);
        }
    }

    private boolean excluded(Path file) {
        for (PathMatcher m : excludes) {
            if (m.matches(file)) {
                return true;
            }
        }
        return false;
    }

    private static Pattern parse(String text) {
        String abs = absolute(text);
        Path path = Path.of(abs);
        Path base = path.getRoot();
        int count = path.getNameCount();
        int fixed = 0;
        while (fixed < count && !isGlob(path.getName(fixed).toString())) {
            fixed++;
        }
        if (fixed == count) {
            return new Pattern(text, path, 0, FileSystems.getDefault().getPathMatcher("glob:" + abs));
        }
        for (int i = 0; i < fixed; i++) {
            base = base.resolve(path.getName(i));
        }
        boolean anyDepth = false;
        for (int i = fixed; i < count; i++) {
            anyDepth |= path.getName(i).toString().contains("**");
        }
        int depth = anyDepth ? Integer.MAX_VALUE : count - fixed;
        return new Pattern(text, base, depth, FileSystems.getDefault().getPathMatcher("glob:" + abs));
    }

    private static boolean isGlob(String name) {
        return name.indexOf('*') >= 0 || name.indexOf('?') >= 0 || name.indexOf('[') >= 0 || name.indexOf('{') >= 0;
    }

    private static String absolute(String pattern) {
        return Path.of(pattern).isAbsolute() ? Path.of(pattern).normalize().toString()
                : Path.of("").toAbsolutePath().resolve(pattern).normalize().toString();
    }
}
