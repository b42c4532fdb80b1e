package dev.vpsguard.server.console.page;

import dev.vpsguard.server.console.access.ConsoleRole;
import dev.vpsguard.server.console.access.ConsoleUsers;
import dev.vpsguard.server.console.access.SessionCookies;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.security.annotation.Secured;
import io.swagger.v3.oas.annotations.Hidden;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;

/** Console users: the list and creating one (admins only). */
@Hidden
@Secured("admin")
@Controller(SessionCookies.PATH + "/users")
public class UsersController {
    private final PageRenderer renderer;
    private final CsrfCheck csrfCheck;
    private final ConsoleUsers users;

    public UsersController(ConsoleUsers users, PageRenderer renderer, CsrfCheck csrfCheck) {
        this.users = users;
        this.renderer = renderer;
        this.csrfCheck = csrfCheck;
    }

    @Get(produces = MediaType.TEXT_HTML)
    public HttpResponse<?> list(HttpRequest<?> request) {
        return renderer.ok(request, "users", model(request, null, null));
    }

    @Post(consumes = MediaType.APPLICATION_FORM_URLENCODED, produces = MediaType.TEXT_HTML)
    public HttpResponse<?> create(HttpRequest<?> request, @Nullable @Body String body) {
        Map<String, String> form = Pages.form(body);
        if (!csrfCheck.valid(request, form)) {
            return CsrfCheck.refused();
        }
        String actor =
                ConsoleUsers.actor(SessionCookies.open(request).orElseThrow().user().username());
        Optional<ConsoleRole> role = ConsoleRole.parse(Pages.field(form, "role"));
        Optional<String> refused =
                role.isEmpty()
                        ? Optional.of("users.badRole")
                        : users.create(
                                Pages.field(form, "username").strip(),
                                Pages.field(form, "password"),
                                role.get(),
                                true,
                                actor);
        if (refused.isPresent()) {
            return renderer.page(
                    request,
                    HttpStatus.UNPROCESSABLE_ENTITY,
                    "users",
                    model(request, refused.get(), null));
        }
        return renderer.ok(
                request, "users", model(request, null, Pages.field(form, "username").strip()));
    }

    private Map<String, Object> model(HttpRequest<?> request, String error, String created) {
        Map<String, Object> model = Pages.model(request);
        model.put("users", users.list());
        model.put("roles", Arrays.stream(ConsoleRole.values()).map(ConsoleRole::key).toList());
        model.put("error", error);
        model.put("created", created);
        return model;
    }
}
