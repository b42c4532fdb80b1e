package dev.vpsguard.server.contract;

import dev.vpsguard.server.policy.ContractPolicy;
import dev.vpsguard.server.policy.PolicyException;
import dev.vpsguard.server.policy.PolicyLoader;
import dev.vpsguard.server.policy.PolicySet;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The contract policies: the bundled files, then every {@code *.yml} of the optional operator
 * directory {@code vpsguard.policies.dir}. A file there replaces the bundled contract of the same
 * id (operators tune a shipped contract by copying its file). Built at startup: an invalid file
 * stops the server with a {@link PolicyException} naming the file, the key and the reason.
 */
@Factory
public class PolicyConfig {
    private static final Logger LOG = LoggerFactory.getLogger(PolicyConfig.class);

    @Context
    PolicySet policies(@Value("${vpsguard.policies.dir:}") String dir) {
        PolicySet bundled = PolicyLoader.loadBundled();
        if (dir == null || dir.isBlank()) {
            return bundled;
        }
        Path root = Path.of(dir);
        if (!Files.isDirectory(root)) {
            throw new PolicyException(dir, "vpsguard.policies.dir", dir, "not a directory");
        }
        List<Path> files;
        try {
            files = PolicyFiles.yamlFiles(root);
        } catch (IOException e) {
            throw new PolicyException(dir, "vpsguard.policies.dir", dir, "cannot list: " + e);
        }
        Map<String, ContractPolicy> all = new LinkedHashMap<>(bundled.all());
        Map<String, Path> seen = new LinkedHashMap<>();
        for (Path f : files) {
            ContractPolicy p = PolicyFiles.load(f);
            Path before = seen.putIfAbsent(p.contract(), f);
            if (before != null) {
                throw new PolicyException(
                        f.toString(), "contract", p.contract(), "also defined in " + before);
            }
            if (all.put(p.contract(), p) != null) {
                LOG.info("Policy {} from {} replaces the bundled one", p.contract(), f);
            }
        }
        return new PolicySet(all);
    }
}
