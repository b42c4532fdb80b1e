package dev.vpsguard.agent.spool;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Crash-safe file replacement: write a temporary file beside the target, fsync it, rename it over
 * the target atomically, fsync the directory. Readers see the old content or the new, never a part.
 */
public final class DurableFiles {
    private DurableFiles() {}

    /**
     * Replaces {@code target} with {@code body}.
     *
     * @param tmpName the temporary file's name in the target's directory
     * @param permissions POSIX permissions the file has from its creation on (so a secret is never
     *     readable by others, even briefly), or null for the umask default
     */
    public static void replace(
            Path target, String tmpName, byte[] body, Set<PosixFilePermission> permissions)
            throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Path tmp = dir.resolve(tmpName);
        Files.deleteIfExists(tmp);
        if (permissions != null) {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(permissions));
        }
        try (FileChannel ch =
                FileChannel.open(
                        tmp,
                        StandardOpenOption.CREATE,
                        StandardOpenOption.TRUNCATE_EXISTING,
                        StandardOpenOption.WRITE)) {
            ByteBuffer buf = ByteBuffer.wrap(body);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        }
        Files.move(
                tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        syncDir(dir);
    }

    /**
     * Writes {@code target} through a temporary file renamed over it, without fsync: a crashed
     * process leaves the old content or the new, a power cut may leave neither whole (see {@link
     * #force} and {@link #syncDir}).
     */
    public static void write(Path target, String tmpName, byte[] body) throws IOException {
        Path tmp = target.toAbsolutePath().getParent().resolve(tmpName);
        try (FileChannel ch =
                FileChannel.open(
                        tmp,
                        StandardOpenOption.CREATE,
                        StandardOpenOption.TRUNCATE_EXISTING,
                        StandardOpenOption.WRITE)) {
            ByteBuffer buf = ByteBuffer.wrap(body);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
        }
        Files.move(
                tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Fsyncs one file's content. */
    public static void force(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
    }

    /** Makes a rename durable; some file systems refuse to open a directory, which is harmless. */
    public static void syncDir(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // Not supported everywhere; the rename itself is still atomic.
        }
    }
}
