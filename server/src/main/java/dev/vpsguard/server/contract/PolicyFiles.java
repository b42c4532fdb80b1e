package dev.vpsguard.server.contract;

import dev.vpsguard.server.policy.ContractPolicy;
import dev.vpsguard.server.policy.PolicyException;
import dev.vpsguard.server.policy.PolicyLoader;
import dev.vpsguard.server.policy.PolicySet;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Contract policy files on disk; the parsing itself is {@link PolicyLoader}'s, which reads no file.
 */
public final class PolicyFiles {
    private PolicyFiles() {}

    /** Reads and parses one policy file. */
    public static ContractPolicy load(Path file) {
        try {
            return PolicyLoader.parse(
                    file.toString(), Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new PolicyException(file.toString(), "", null, "cannot read: " + e.getMessage());
        }
    }

    /** Every {@code *.yml} in {@code dir}; one of them must be the {@code default} contract. */
    public static PolicySet loadDirectory(Path dir) {
        List<Path> files;
        try {
            files = yamlFiles(dir);
        } catch (IOException e) {
            throw new PolicyException(dir.toString(), "", null, "cannot list: " + e.getMessage());
        }
        Map<String, ContractPolicy> byId = new LinkedHashMap<>();
        for (Path f : files) {
            PolicyLoader.add(byId, f.toString(), load(f));
        }
        return PolicyLoader.toSet(dir.toString(), byId);
    }

    /** The {@code *.yml} files of {@code dir}, sorted by name. */
    static List<Path> yamlFiles(Path dir) throws IOException {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.yml")) {
            ds.forEach(files::add);
        }
        files.sort(null);
        return files;
    }
}
