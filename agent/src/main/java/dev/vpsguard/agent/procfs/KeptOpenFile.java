package dev.vpsguard.agent.procfs;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * A kernel file read every cycle through one open descriptor: a positional read from offset 0 gives
 * a cgroup or sysfs file's current content, so each cycle saves an open and a close (a path walk in
 * the kernel and a channel in the heap). When the file's cgroup is removed (the guest stopped or
 * restarted) the old descriptor fails with {@code ENODEV}; the path is then opened again once. Not
 * thread-safe.
 */
public final class KeptOpenFile implements Closeable {
    private final Path path;
    private FileChannel channel;

    public KeptOpenFile(Path path) {
        this.path = path;
    }

    public Path path() {
        return path;
    }

    /**
     * Reads the whole file into {@code reader}'s buffer.
     *
     * @return the content's length
     * @throws IOException when the path cannot be opened or read (e.g. {@code NoSuchFileException})
     */
    public int load(SmallFileReader reader) throws IOException {
        if (channel != null) {
            try {
                return reader.load(channel);
            } catch (IOException e) {
                close(); // a removed cgroup: whatever holds the path now is another file
            }
        }
        channel = SmallFileReader.open(path);
        try {
            return reader.load(channel);
        } catch (IOException e) {
            close();
            throw e;
        }
    }

    /** Closes the descriptor; the next {@link #load} opens the path again. */
    @Override
    public void close() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // nothing to keep from a failed close of a read-only descriptor
            }
            channel = null;
        }
    }
}
