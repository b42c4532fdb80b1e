package dev.vpsguard.server.console.page;

import dev.vpsguard.server.console.access.ConsoleSessions;
import dev.vpsguard.server.console.access.ConsoleUser;
import dev.vpsguard.server.console.access.ConsoleUsers;
import dev.vpsguard.server.console.access.ForcedPasswordChange;
import dev.vpsguard.server.console.access.LoginThrottle;
import dev.vpsguard.server.console.access.SecureRequests;
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
import io.micronaut.security.csrf.CsrfConfiguration;
import io.micronaut.security.csrf.generator.CsrfTokenGenerator;
import io.micronaut.security.rules.SecurityRule;
import io.swagger.v3.oas.annotations.Hidden;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The console's login and logout. */
@Hidden
@Controller(SessionCookies.PATH)
public class LoginController {
    private final PageRenderer renderer;
    private final CsrfCheck csrfCheck;
    static final String HOME = SessionCookies.PATH + "/fleet";
    static final String LOGIN = SessionCookies.PATH + "/login";
    private static final Logger LOG = LoggerFactory.getLogger(LoginController.class);

    private final ConsoleUsers users;
    private final ConsoleSessions sessions;
    private final LoginThrottle throttle;
    private final CsrfTokenGenerator<HttpRequest<?>> csrf;
    private final CsrfConfiguration csrfConfig;
    private final SecureRequests secure;

    public LoginController(
            ConsoleUsers users,
            ConsoleSessions sessions,
            LoginThrottle throttle,
            CsrfTokenGenerator<HttpRequest<?>> csrf,
            CsrfConfiguration csrfConfig,
            PageRenderer renderer,
            CsrfCheck csrfCheck,
            SecureRequests secure) {
        this.users = users;
        this.sessions = sessions;
        this.throttle = throttle;
        this.csrf = csrf;
        this.csrfConfig = csrfConfig;
        this.renderer = renderer;
        this.csrfCheck = csrfCheck;
        this.secure = secure;
    }

    @Secured(SecurityRule.IS_ANONYMOUS)
    @Get(produces = MediaType.TEXT_HTML)
    public HttpResponse<?> home(HttpRequest<?> request) {
        return Pages.redirect(SessionCookies.open(request).isPresent() ? HOME : LOGIN);
    }

    @Secured(SecurityRule.IS_ANONYMOUS)
    @Get(value = "/login", produces = MediaType.TEXT_HTML)
    public HttpResponse<?> loginPage(HttpRequest<?> request) {
        if (SessionCookies.open(request).isPresent()) {
            return Pages.redirect(HOME);
        }
        return loginView(request, HttpStatus.OK, null, "");
    }

    @Secured(SecurityRule.IS_ANONYMOUS)
    @Post(
            value = "/login",
            consumes = MediaType.APPLICATION_FORM_URLENCODED,
            produces = MediaType.TEXT_HTML)
    public HttpResponse<?> login(HttpRequest<?> request, @Nullable @Body String body) {
        Map<String, String> form = Pages.form(body);
        if (!csrfCheck.valid(request, form)) {
            return CsrfCheck.refused();
        }
        String username = Pages.field(form, "username").strip();
        String password = Pages.field(form, "password");
        String address = request.getRemoteAddress().getAddress().getHostAddress();
        if (!throttle.allows(username, address)) {
            LOG.warn("Console login throttled for user {} from {}", username, address);
            return loginView(request, HttpStatus.TOO_MANY_REQUESTS, "login.throttled", username);
        }
        Optional<ConsoleUser> user = users.check(username, password);
        if (user.isEmpty()) {
            throttle.failed(username, address);
            LOG.info("Console login failed for user {} from {}", username, address);
            return loginView(request, HttpStatus.UNAUTHORIZED, "login.failed", username);
        }
        throttle.succeeded(username);
        String id =
                sessions.open(
                        user.get(),
                        sessionId -> {
                            SessionCookies.useNewSession(request, sessionId);
                            return csrf.generateCsrfToken(request);
                        });
        LOG.info("Console login of {} from {}", username, address);
        return Pages.redirect(
                        user.get().mustChangePassword() ? ForcedPasswordChange.PASSWORD_PAGE : HOME)
                .cookie(SessionCookies.cookie(secure.isHttps(request), SessionCookies.SESSION, id))
                .cookie(
                        SessionCookies.expired(
                                secure.isHttps(request), csrfConfig.getCookieName()));
    }

    @Secured(SecurityRule.IS_AUTHENTICATED)
    @Post(
            value = "/logout",
            consumes = MediaType.APPLICATION_FORM_URLENCODED,
            produces = MediaType.TEXT_HTML)
    public HttpResponse<?> logout(HttpRequest<?> request, @Nullable @Body String body) {
        if (!csrfCheck.valid(request, Pages.form(body))) {
            return CsrfCheck.refused();
        }
        SessionCookies.open(request).ifPresent(o -> sessions.close(o.id()));
        return Pages.redirect(LOGIN)
                .cookie(SessionCookies.expired(secure.isHttps(request), SessionCookies.SESSION));
    }

    /**
     * The login form. Before login there is no session: the form's CSRF token is also set as a
     * cookie (double submit), which Micronaut Security's cookie repository checks.
     */
    private HttpResponse<?> loginView(
            HttpRequest<?> request, HttpStatus status, @Nullable String error, String username) {
        String lang = Messages.language(null, request);
        String token = csrf.generateCsrfToken(request);
        Map<String, Object> model = new HashMap<>();
        model.put("t", Messages.of(lang));
        model.put("lang", lang);
        model.put("csrf", token);
        model.put("error", error);
        model.put("username", username);
        return renderer.page(request, status, "login", model)
                .cookie(
                        SessionCookies.cookie(
                                secure.isHttps(request), csrfConfig.getCookieName(), token));
    }
}
