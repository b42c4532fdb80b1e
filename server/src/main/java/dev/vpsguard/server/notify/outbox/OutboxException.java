package dev.vpsguard.server.notify.outbox;

/** The outbox table could not be read or written. */
public final class OutboxException extends RuntimeException {
    public OutboxException(String message, Throwable cause) {
        super(message + ": " + cause.getMessage(), cause);
    }
}
