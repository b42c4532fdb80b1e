package dev.vpsguard.server.rollup;

import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

/** The one accumulator ingest feeds and the flusher drains. */
@Factory
class RollupFactory {
    @Singleton
    RollupAccumulator rollupAccumulator() {
        return new RollupAccumulator();
    }
}
