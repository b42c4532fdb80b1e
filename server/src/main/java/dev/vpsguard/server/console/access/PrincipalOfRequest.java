package dev.vpsguard.server.console.access;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.core.convert.ArgumentConversionContext;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.bind.binders.TypedRequestArgumentBinder;
import io.micronaut.security.authentication.PrincipalArgumentBinder;
import io.micronaut.security.filters.SecurityFilter;
import jakarta.inject.Singleton;
import java.security.Principal;
import java.util.Optional;

/**
 * Binds a route's {@link Principal}, the one binder of the server: the caller the API's token
 * filter ({@code auth.AuthFilter}) set on the request, else the console user Micronaut Security
 * authenticated. Replaces Micronaut Security's binder, which sees only the latter and would hide
 * the health details from an admin API token.
 */
@Singleton
@Replaces(PrincipalArgumentBinder.class)
public class PrincipalOfRequest implements TypedRequestArgumentBinder<Principal> {
    @Override
    public Argument<Principal> argumentType() {
        return Argument.of(Principal.class);
    }

    @Override
    public BindingResult<Principal> bind(
            ArgumentConversionContext<Principal> context, HttpRequest<?> source) {
        Optional<Principal> principal = source.getUserPrincipal();
        if (principal.isPresent()) {
            return () -> principal;
        }
        return () -> source.getAttribute(SecurityFilter.AUTHENTICATION, Principal.class);
    }
}
