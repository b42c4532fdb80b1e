package dev.vpsguard.server;

import io.micronaut.runtime.Micronaut;

/** Starts the vpsguard server. */
public final class Application {
    private Application() {}

    public static void main(String[] args) {
        Micronaut.run(Application.class, args);
    }
}
