package dev.vpsguard.protocol;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.std.StdScalarSerializer;
import java.io.IOException;
import java.time.Instant;

/**
 * Writes an instant as ISO-8601 text in UTC, {@code 2026-11-22T10:00:00Z} or with the fraction it
 * has ({@code 2026-11-22T10:00:00.250Z}): {@link Instant#toString()}, which is {@code
 * DateTimeFormatter.ISO_INSTANT}, the format jackson-datatype-jsr310 wrote (with dates as text), so
 * the wire is unchanged without that module's 87 classes in the agent.
 */
final class IsoInstantSerializer extends StdScalarSerializer<Instant> {
    private static final long serialVersionUID = 1L;

    IsoInstantSerializer() {
        super(Instant.class);
    }

    @Override
    public void serialize(Instant value, JsonGenerator gen, SerializerProvider provider)
            throws IOException {
        gen.writeString(value.toString());
    }
}
