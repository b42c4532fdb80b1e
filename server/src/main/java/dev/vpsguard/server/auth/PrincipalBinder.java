package dev.vpsguard.server.auth;

import io.micronaut.core.convert.ArgumentConversionContext;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.bind.binders.TypedRequestArgumentBinder;
import jakarta.inject.Singleton;
import java.security.Principal;

/**
 * Binds a route's {@link Principal} argument to the one {@link AuthFilter} set on the request.
 * Without it (the binder comes with Micronaut Security, which the server does not use) the health
 * endpoint never sees a caller, so it could only show its details to everyone or to no one.
 */
@Singleton
public class PrincipalBinder implements TypedRequestArgumentBinder<Principal> {
    @Override
    public Argument<Principal> argumentType() {
        return Argument.of(Principal.class);
    }

    @Override
    public BindingResult<Principal> bind(
            ArgumentConversionContext<Principal> context, HttpRequest<?> source) {
        return () -> source.getUserPrincipal();
    }
}
