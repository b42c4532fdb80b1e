package dev.vpsguard.agent.procfs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Set;

/**
 * Reads small pseudo-files ({@code /sys}, {@code /proc}, cgroup files) into one reused buffer: an
 * agent reads a few thousand of them every cycle, and {@code Files.readAllBytes} allocates a fresh
 * array and a temporary direct buffer for each, and asks the file's size first (always 4096 for
 * sysfs). Not thread-safe: one reader per thread.
 */
public final class SmallFileReader {
    private static final int INITIAL = 16 * 1024;

    // One set for every open: the varargs form builds a HashSet per call.
    private static final Set<StandardOpenOption> READ = Set.of(StandardOpenOption.READ);

    private ByteBuffer direct = ByteBuffer.allocateDirect(INITIAL);
    private byte[] bytes = new byte[INITIAL];

    /**
     * Reads the whole file into {@link #buffer()}, which holds it until the next call.
     *
     * @return the file's length in bytes
     */
    public int load(Path file) throws IOException {
        try (FileChannel channel = open(file)) {
            return load(channel);
        }
    }

    /**
     * Reads a file kept open, from its start, into {@link #buffer()}: positional reads, so a kernel
     * file (cgroup, sysfs, procfs) gives its current content on every call without being opened
     * again. (A regular file replaced by a rename keeps giving the old content.)
     *
     * @return the content's length in bytes
     */
    public int load(FileChannel channel) throws IOException {
        direct.clear();
        long position = 0;
        int n;
        while ((n = channel.read(direct, position)) >= 0) {
            position += n;
            if (!direct.hasRemaining()) {
                ByteBuffer bigger = ByteBuffer.allocateDirect(direct.capacity() * 2);
                direct.flip();
                bigger.put(direct);
                direct = bigger;
            }
        }
        direct.flip();
        int length = direct.remaining();
        if (bytes.length < length) {
            bytes = new byte[direct.capacity()];
        }
        direct.get(bytes, 0, length);
        return length;
    }

    /** Opens a file for {@link #load(FileChannel)}. */
    public static FileChannel open(Path file) throws IOException {
        return FileChannel.open(file, READ);
    }

    /** The bytes of the last {@link #load}; valid up to its length, until the next call. */
    public byte[] buffer() {
        return bytes;
    }

    /** The file's content as UTF-8 (malformed bytes replaced). */
    public String read(Path file) throws IOException {
        int length = load(file);
        return new String(bytes, 0, length, StandardCharsets.UTF_8);
    }

    /** The file's lines. */
    public List<String> lines(Path file) throws IOException {
        return read(file).lines().toList();
    }
}
