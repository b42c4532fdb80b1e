package dev.vpsguard.server.policy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads contract policies from YAML. Unknown keys, wrong types and out-of-range values fail with a
 * {@link PolicyException} naming the file, the dotted key, the value and the reason. A section left
 * out takes the defaults of {@link PolicyDefaults}; a section written must cite its clause. The key
 * reference is {@code docs/policies.md}.
 */
public final class PolicyLoader {
    /** The policy files shipped in the server jar under {@code policies/}. */
    public static final List<String> BUNDLED =
            List.of(
                    "default.yml",
                    "powerpos-vps.yml",
                    "unixo-cloud.yml",
                    "mtds-cloud.yml",
                    "micro-info.yml",
                    "maocloud.yml");

    private static final ObjectMapper YAML =
            new ObjectMapper(
                    new YAMLFactory().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION));

    private PolicyLoader() {}

    /** Parses one policy. {@code file} is only used in error messages. */
    public static ContractPolicy parse(String file, String yaml) {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (JsonProcessingException e) {
            throw new PolicyException(file, "", null, "not valid YAML: " + e.getOriginalMessage());
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            throw new PolicyException(file, "", null, "the file is empty");
        }
        return PolicyReader.read(new YamlSection(file, "", root));
    }

    /** The policies shipped in the jar ({@link #BUNDLED}). */
    public static PolicySet loadBundled() {
        Map<String, ContractPolicy> byId = new LinkedHashMap<>();
        for (String name : BUNDLED) {
            String res = "policies/" + name;
            try (InputStream in = PolicyLoader.class.getClassLoader().getResourceAsStream(res)) {
                if (in == null) {
                    throw new PolicyException(res, "", null, "missing from the classpath");
                }
                add(byId, res, parse(res, new String(in.readAllBytes(), StandardCharsets.UTF_8)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return toSet("policies/", byId);
    }

    /**
     * Adds {@code p}, read from {@code file}, to {@code byId}; a second file for a contract fails.
     */
    public static void add(Map<String, ContractPolicy> byId, String file, ContractPolicy p) {
        if (byId.putIfAbsent(p.contract(), p) != null) {
            throw new PolicyException(
                    file, "contract", p.contract(), "another file already defines this contract");
        }
    }

    /** The set of {@code byId}, read from {@code where}; it must hold the default contract. */
    public static PolicySet toSet(String where, Map<String, ContractPolicy> byId) {
        if (!byId.containsKey(PolicySet.DEFAULT)) {
            throw new PolicyException(
                    where, "contract", PolicySet.DEFAULT, "no file defines the default contract");
        }
        return new PolicySet(byId);
    }
}
