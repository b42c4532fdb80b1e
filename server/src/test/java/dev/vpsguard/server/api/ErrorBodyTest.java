package dev.vpsguard.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vpsguard.protocol.ErrorBody;
import dev.vpsguard.server.TestServer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every 4xx, including the ones Micronaut raises itself, is a JSON ErrorBody. */
class ErrorBodyTest {
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private ErrorBody expect(HttpResponse<String> r, int status, String code) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type").orElse(""))
                .startsWith("application/json");
        ErrorBody body = TestServer.error(r);
        assertThat(body.error()).isEqualTo(code);
        assertThat(body.message()).isNotBlank();
        return body;
    }

    @Test
    void unknownRouteIsNotFound() {
        expect(server.send(server.admin("/api/v1/nothing").GET()), 404, "not_found");
    }

    @Test
    void unknownHostIsNotFound() {
        expect(server.send(server.admin("/api/v1/hosts/nope").GET()), 404, "not_found");
    }

    @Test
    void unknownGuestIsNotFound() {
        expect(server.send(server.admin("/api/v1/guests/nope").GET()), 404, "not_found");
    }

    @Test
    void wrongMethodIsMethodNotAllowed() {
        expect(server.send(server.admin("/api/v1/hosts").DELETE()), 405, "method_not_allowed");
    }

    @Test
    void wrongContentTypeIsUnsupportedMediaType() {
        expect(
                server.send(
                        server.admin("/api/v1/hosts")
                                .header("Content-Type", "text/plain")
                                .POST(HttpRequest.BodyPublishers.ofString("name=x"))),
                415,
                "unsupported_media_type");
    }

    @Test
    void unreadableJsonIsInvalid() {
        expect(
                server.postJson("/api/v1/hosts", TestServer.ADMIN_TOKEN, "{\"name\":"),
                400,
                "invalid_field");
    }

    @Test
    void wrongJsonTypeIsInvalid() {
        expect(
                server.postJson("/api/v1/hosts", TestServer.ADMIN_TOKEN, "[1,2]"),
                400,
                "invalid_field");
    }

    @Test
    void missingBodyIsInvalid() {
        expect(
                server.send(
                        server.admin("/api/v1/hosts")
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.noBody())),
                400,
                "invalid_field");
    }

    @Test
    void controlCharacterInAPathSegmentIsEscapedInTheError() {
        ErrorBody body =
                expect(server.send(server.admin("/api/v1/hosts/%00").GET()), 404, "not_found");
        assertThat(body.message()).contains("\\u0000").doesNotContain("\u0000");
    }

    @Test
    void unconvertibleQueryValueNamesTheFieldAsEverywhere() {
        for (String value : new String[] {"%01", "abc", "1e99", "%C0%80"}) {
            ErrorBody body =
                    expect(
                            server.send(server.admin("/api/v1/audit?limit=" + value).GET()),
                            400,
                            "invalid_field");
            assertThat(body.field()).as(value).isEqualTo("limit");
        }
        ErrorBody range =
                expect(
                        server.send(server.admin("/api/v1/audit?limit=0").GET()),
                        400,
                        "invalid_field");
        assertThat(range.field()).isEqualTo("limit");
    }

    @Test
    void unknownFieldIsNamedWithoutAJavaClass() {
        ErrorBody body =
                expect(
                        server.postJson(
                                "/api/v1/hosts",
                                TestServer.ADMIN_TOKEN,
                                "{\"name\":\"a\",\"foo\":1}"),
                        400,
                        "invalid_field");
        assertThat(body.field()).isEqualTo("foo");
        assertThat(body.message()).isEqualTo("unknown field");
        ErrorBody type =
                expect(
                        server.postJson("/api/v1/hosts", TestServer.ADMIN_TOKEN, "{\"name\":[1]}"),
                        400,
                        "invalid_field");
        assertThat(type.field()).isEqualTo("name");
        assertThat(type.message()).doesNotContain("java.").doesNotContain("class");
    }

    @Test
    void hostNameWithAControlCharacterIsRefusedAndNothingIsStored() {
        String before = server.snapshot();
        ErrorBody body =
                expect(
                        server.postJson(
                                "/api/v1/hosts",
                                TestServer.ADMIN_TOKEN,
                                "{\"name\":\"pve\\u0001x\"}"),
                        400,
                        "invalid_field");
        assertThat(body.field()).isEqualTo("name");
        assertThat(body.message()).contains("control characters");
        assertThat(server.snapshot()).isEqualTo(before);
    }
}
