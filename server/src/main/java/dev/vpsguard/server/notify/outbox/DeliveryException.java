package dev.vpsguard.server.notify.outbox;

/**
 * A delivery did not succeed. Transient failures (timeouts, 5xx, SMTP 4xx) are retried; permanent
 * ones (an invalid address, a payload that cannot be rendered) go straight to the dead-letter list.
 */
public final class DeliveryException extends Exception {
    private final boolean permanent;

    public DeliveryException(String message, boolean permanent, Throwable cause) {
        super(message, cause);
        this.permanent = permanent;
    }

    public static DeliveryException transientFailure(String message, Throwable cause) {
        return new DeliveryException(message, false, cause);
    }

    public static DeliveryException permanentFailure(String message, Throwable cause) {
        return new DeliveryException(message, true, cause);
    }

    public boolean permanent() {
        return permanent;
    }
}
