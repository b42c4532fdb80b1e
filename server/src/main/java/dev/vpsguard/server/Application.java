package dev.vpsguard.server;

import io.micronaut.runtime.Micronaut;
import java.util.Optional;

/** Starts the vpsguard server. */
public final class Application {
    private Application() {}

    public static void main(String[] args) {
        Optional<String> problem =
                ConfigFiles.problem(
                        ConfigFiles.named(
                                System.getProperty("micronaut.config.files"),
                                System.getenv("MICRONAUT_CONFIG_FILES")));
        if (problem.isPresent()) {
            System.err.println("vpsguard: startup stopped: " + problem.get());
            System.exit(2);
        }
        Micronaut.run(Application.class, args);
    }
}
