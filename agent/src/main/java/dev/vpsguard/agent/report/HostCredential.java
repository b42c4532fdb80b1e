package dev.vpsguard.agent.report;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.vpsguard.agent.spool.DurableFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The host's identity and bearer credential, as {@code vpsguard-agent enroll} stored them: a JSON
 * file {@code {"hostId": "...", "credential": "..."}} at mode 0600.
 *
 * @param hostId the host's id, put in every report
 * @param credential the bearer token for report requests; never logged
 */
public record HostCredential(String hostId, String credential) {
    /** Owner read/write only. */
    public static final Set<PosixFilePermission> MODE_0600 =
            PosixFilePermissions.fromString("rw-------");

    private static final ObjectMapper JSON =
            JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    @Override
    public String toString() {
        return "HostCredential[hostId=" + hostId + ", credential=(hidden)]";
    }

    /**
     * Reads the credential file.
     *
     * @throws IOException with a message an operator can act on (missing file, bad JSON)
     */
    public static HostCredential read(Path file) throws IOException {
        HostCredential c;
        try {
            c = JSON.readValue(Files.readAllBytes(file), HostCredential.class);
        } catch (NoSuchFileException e) {
            throw new IOException(
                    "credential file "
                            + file
                            + " does not exist: run `vpsguard-agent enroll --server URL --token T`"
                            + " first");
        } catch (IOException e) {
            throw new IOException(
                    "credential file "
                            + file
                            + " is not valid JSON {hostId, credential}: "
                            + e.getMessage().lines().findFirst().orElse(""));
        }
        if (c == null
                || c.hostId() == null
                || c.hostId().isBlank()
                || c.credential() == null
                || c.credential().isBlank()) {
            throw new IOException(
                    "credential file " + file + " lacks hostId or credential: enroll again");
        }
        return c;
    }

    /** Writes the credential atomically; the file is 0600 from its creation on. */
    public void write(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        DurableFiles.replace(
                file, "." + file.getFileName() + ".tmp", JSON.writeValueAsBytes(this), MODE_0600);
    }
}
