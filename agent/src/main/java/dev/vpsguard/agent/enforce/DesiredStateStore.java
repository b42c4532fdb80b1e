package dev.vpsguard.agent.enforce;

import dev.vpsguard.protocol.DesiredState;
import dev.vpsguard.protocol.InvalidMessageException;
import dev.vpsguard.protocol.ProtocolJson;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * The last desired state, at {@code <stateDir>/desired-state.json}, so enforcement survives
 * restarts. Written atomically: a temporary file in the same directory, fsynced, then renamed over
 * the old one, so a crash leaves either the old or the new state, never half of one.
 */
public final class DesiredStateStore {
    static final String FILE = "desired-state.json";

    private final Path file;

    public DesiredStateStore(Path stateDir) {
        this.file = stateDir.resolve(FILE);
    }

    /** Writes {@code state}, replacing the previous one atomically. */
    public void save(DesiredState state) throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(FILE + ".tmp");
        Files.deleteIfExists(tmp);
        Files.createFile(
                tmp,
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.wrap(ProtocolJson.write(state)));
            ch.force(true);
        }
        try {
            Files.move(
                    tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("cannot replace " + file + " atomically", e);
        }
    }

    /**
     * The persisted state, or empty when none was ever saved.
     *
     * @throws IOException when the file exists but cannot be read or is not a valid state (the
     *     message names the file)
     */
    public Optional<DesiredState> load() throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        try {
            DesiredState state = ProtocolJson.read(bytes, DesiredState.class);
            if (state == null || state.actions() == null) {
                throw new IOException(file + ": not a desired state");
            }
            return Optional.of(state);
        } catch (InvalidMessageException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    /** Where the state lives. */
    public Path file() {
        return file;
    }
}
