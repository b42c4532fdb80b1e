package dev.vpsguard.server.schema;

import io.micronaut.context.annotation.Factory;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.flywaydb.core.api.callback.Callback;

/** Micronaut Flyway applies the {@code Callback[]} bean named after the datasource. */
@Factory
class FlywayCallbacks {
    @Singleton
    @Named("default")
    Callback[] defaultCallbacks() {
        return new Callback[] {new RewordedMigrations()};
    }
}
