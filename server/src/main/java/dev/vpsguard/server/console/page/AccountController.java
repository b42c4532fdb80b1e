package dev.vpsguard.server.console.page;

import dev.vpsguard.server.console.access.ConsoleSessions;
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
import io.micronaut.security.rules.SecurityRule;
import io.swagger.v3.oas.annotations.Hidden;
import java.util.Map;
import java.util.Optional;

/** The signed-in user's own settings: password and language. */
@Hidden
@Secured(SecurityRule.IS_AUTHENTICATED)
@Controller(SessionCookies.PATH)
public class AccountController {
    private final PageRenderer renderer;
    private final CsrfCheck csrfCheck;
    private final ConsoleUsers users;
    private final ConsoleSessions sessions;

    public AccountController(
            ConsoleUsers users,
            ConsoleSessions sessions,
            PageRenderer renderer,
            CsrfCheck csrfCheck) {
        this.users = users;
        this.sessions = sessions;
        this.renderer = renderer;
        this.csrfCheck = csrfCheck;
    }

    @Get(value = "/password", produces = MediaType.TEXT_HTML)
    public HttpResponse<?> passwordPage(HttpRequest<?> request) {
        return renderer.ok(request, "password", passwordModel(request, null));
    }

    @Post(
            value = "/password",
            consumes = MediaType.APPLICATION_FORM_URLENCODED,
            produces = MediaType.TEXT_HTML)
    public HttpResponse<?> changePassword(HttpRequest<?> request, @Nullable @Body String body) {
        Map<String, String> form = Pages.form(body);
        if (!csrfCheck.valid(request, form)) {
            return CsrfCheck.refused();
        }
        ConsoleSessions.Open open = SessionCookies.open(request).orElseThrow();
        Optional<String> refused =
                users.changePassword(
                        open.user().id(),
                        Pages.field(form, "current"),
                        Pages.field(form, "password"),
                        Pages.field(form, "confirm"));
        if (refused.isPresent()) {
            return renderer.page(
                    request,
                    HttpStatus.UNPROCESSABLE_ENTITY,
                    "password",
                    passwordModel(request, refused.get()));
        }
        // Whoever else held a session of this user (perhaps with the old password) is out.
        sessions.closeOthers(open.user().id(), open.id());
        return Pages.redirect(LoginController.HOME);
    }

    @Post(
            value = "/language",
            consumes = MediaType.APPLICATION_FORM_URLENCODED,
            produces = MediaType.TEXT_HTML)
    public HttpResponse<?> language(HttpRequest<?> request, @Nullable @Body String body) {
        Map<String, String> form = Pages.form(body);
        if (!csrfCheck.valid(request, form)) {
            return CsrfCheck.refused();
        }
        String lang = Pages.field(form, "lang");
        if (!Messages.LANGUAGES.contains(lang)) {
            return HttpResponse.badRequest();
        }
        users.setLanguage(SessionCookies.open(request).orElseThrow().user().id(), lang);
        String back = Pages.field(form, "back");
        // Only back to a console page: never an open redirect.
        return Pages.redirect(
                back.startsWith(SessionCookies.PATH + "/") && !back.contains("//")
                        ? back
                        : LoginController.HOME);
    }

    private static Map<String, Object> passwordModel(HttpRequest<?> request, String error) {
        Map<String, Object> model = Pages.model(request);
        model.put("error", error);
        model.put("forced", SessionCookies.open(request).orElseThrow().user().mustChangePassword());
        return model;
    }
}
