package dev.vpsguard.server;

import io.micronaut.runtime.Micronaut;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import java.util.Optional;

/** Starts the vpsguard server. */
@OpenAPIDefinition(
        info =
                @Info(
                        title = "vpsguard",
                        version = "v1",
                        description =
                                "The vpsguard server's API: hosts, guests, blocks, unblock"
                                        + " requests, actions, tenants, audit (server/README.md)."),
        security = @SecurityRequirement(name = "bearer"))
@SecurityScheme(name = "bearer", type = SecuritySchemeType.HTTP, scheme = "bearer")
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
