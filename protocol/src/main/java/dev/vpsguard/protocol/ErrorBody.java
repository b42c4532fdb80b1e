package dev.vpsguard.protocol;

/**
 * The JSON body of every 4xx answer.
 *
 * @param error a stable machine-readable code, e.g. {@code invalid_field}, {@code unauthorized}
 * @param field the offending field as a JSON path, e.g. {@code guests[2].vmid} (nullable)
 * @param message what was wrong, in words
 */
public record ErrorBody(String error, String field, String message) {
    public ErrorBody {
        Check.requiredText(error, 64, "error");
        Check.required(message, "message");
        Check.multiLineText(message, 4096, "message");
    }
}
