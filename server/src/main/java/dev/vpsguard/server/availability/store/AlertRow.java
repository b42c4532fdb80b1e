package dev.vpsguard.server.availability.store;

import io.micronaut.core.annotation.Introspected;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;

/** A support alert already sent, by its key. */
@Introspected
@MappedEntity("availability_alerts")
public record AlertRow(@Id String alertKey, Instant createdAt) {}
