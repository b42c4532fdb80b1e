package dev.vpsguard.agent.backup;

import dev.vpsguard.agent.enforce.CommandRunner;
import java.time.ZoneId;
import java.util.List;

/**
 * Lists the backups on one storage through {@code pvesm list <storage> --content backup}: the one
 * process call of backup discovery, behind the agent's {@link CommandRunner}.
 */
public final class BackupStorageReader {
    private final CommandRunner runner;
    private final ZoneId hostZone;

    public BackupStorageReader(CommandRunner runner, ZoneId hostZone) {
        this.runner = runner;
        this.hostZone = hostZone;
    }

    /** The backups, or the failed command's description (an offline NFS storage fails here). */
    public Listing list(String storage) {
        if (!storage.matches("[A-Za-z][A-Za-z0-9._-]*")) {
            return new Listing(List.of(), "not a storage id: " + storage);
        }
        CommandRunner.CommandResult r =
                runner.run(List.of("pvesm", "list", storage, "--content", "backup"));
        if (!r.ok()) {
            return new Listing(List.of(), r.describe());
        }
        return new Listing(
                PvesmListParser.parse(storage, r.stdout().lines().toList(), hostZone), null);
    }

    /**
     * @param error null when the listing was read
     */
    public record Listing(List<RestorePoint> points, String error) {}
}
