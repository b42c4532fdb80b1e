package dev.vpsguard.server;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads the operator's configuration files ({@code micronaut.config.files}) before Micronaut does,
 * to name the file of a YAML syntax error: Micronaut's own message gives the line and column within
 * an unnamed "reader".
 */
final class ConfigFiles {
    private static final YAMLMapper YAML = new YAMLMapper();

    private ConfigFiles() {}

    /** The files named by the system property or, failing that, the environment variable. */
    static List<Path> named(String property, String environment) {
        String list = property != null && !property.isBlank() ? property : environment;
        List<Path> files = new ArrayList<>();
        if (list != null) {
            for (String f : list.split(",")) {
                if (!f.isBlank()) {
                    files.add(Path.of(f.strip().replaceFirst("^file:", "")));
                }
            }
        }
        return files;
    }

    /** The first problem of a YAML file among {@code files}, naming the file; empty if none. */
    static Optional<String> problem(List<Path> files) {
        for (Path file : files) {
            String name = file.getFileName().toString();
            if (!(name.endsWith(".yml") || name.endsWith(".yaml"))) {
                continue;
            }
            if (!Files.isReadable(file)) {
                return Optional.of("configuration file " + file + ": cannot be read");
            }
            try {
                YAML.readTree(file.toFile());
            } catch (JsonProcessingException e) {
                JsonLocation at = e.getLocation();
                String where =
                        at == null
                                ? ""
                                : "line " + at.getLineNr() + ", column " + at.getColumnNr() + ": ";
                String reason =
                        String.valueOf(e.getOriginalMessage()).lines().findFirst().orElse("");
                return Optional.of(
                        "configuration file " + file + ": " + where + "not valid YAML: " + reason);
            } catch (IOException e) {
                return Optional.of("configuration file " + file + ": " + e.getMessage());
            }
        }
        return Optional.empty();
    }
}
