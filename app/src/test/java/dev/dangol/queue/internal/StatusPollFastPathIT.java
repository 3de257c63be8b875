package dev.dangol.queue.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.dangol.identity.Session;
import dev.dangol.identity.Sessions;
import dev.dangol.testing.FreshDatabase;
import dev.dangol.testing.JsonApi.Answer;
import dev.dangol.testing.LaunchDay;
import dev.dangol.testing.LaunchDay.Citizen;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.core.env.Environment;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The status poll's fast path ({@link HttpStatusPolls}) answers exactly what the controller would, answers the happy
 * path itself without Spring MVC, and leaves every refusal to the controller's problem+json.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"dangol.demo.enabled=true", "server.address=127.0.0.1"})
@FreshDatabase(FreshDatabase.Engine.H2)
class StatusPollFastPathIT {

    @Autowired
    Environment environment;

    @Autowired
    QueueController controller;

    @Autowired
    Sessions sessions;

    @Autowired
    JsonMapper json;

    @Autowired
    FilterRegistrationBean<HttpStatusPolls> polls;

    @Autowired
    MeterRegistry meters;

    private LaunchDay day;

    @BeforeEach
    void launchDay() {
        day = new LaunchDay(environment.getRequiredProperty("local.server.port", Integer.class));
    }

    @Test
    void aPollAnswersTheSameJsonAsTheControllerBeforeAndAfterOpening() {
        Citizen ara = day.newCitizen("김아라");
        String early =
                day.scheduleRound("early", 400_000, 200_000, Instant.now().plusSeconds(3_600));
        String ticket = day.joined(ara, early, null).get("ticket").asString();

        Answer polled = day.status(ara, early, ticket);
        assertThat(polled.status()).isEqualTo(200);
        assertThat(polled.contentType()).startsWith("application/json");
        assertThat(polled.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(polled.json().get("state").asString()).isEqualTo("PRE_QUEUE");
        assertThat(polled.json()).isEqualTo(controllersAnswer(ara, early, ticket));

        // After opening, with admission paused so that the answer holds still between the two calls (a paused
        // waiter keeps the place and is told to come back later).
        Citizen bora = day.newCitizen("이보라");
        String open = day.scheduleRound("open", 400_000, 200_000, Instant.now().minusSeconds(60));
        LaunchDay.require(
                day.api()
                        .post(
                                "/api/v1/operator/rounds/" + open + "/queue/pause",
                                day.operator().authorization(),
                                null),
                200);
        String boraTicket = day.joined(bora, open, null).get("ticket").asString();
        JsonNode waiting = LaunchDay.require(day.status(bora, open, boraTicket), 200);
        assertThat(waiting.get("position").asLong()).isEqualTo(1);
        assertThat(waiting.get("pollAfterSeconds").asInt()).isPositive();
        assertThat(waiting).isEqualTo(controllersAnswer(bora, open, boraTicket));
    }

    @Test
    void theFilterAnswersAGoodPollItselfAndPassesEveryRefusalOnToTheController() throws Exception {
        Citizen ara = day.newCitizen("김아라");
        Citizen bora = day.newCitizen("이보라");
        String round = day.scheduleRound("fast", 400_000, 200_000, Instant.now().plusSeconds(3_600));
        String araTicket = day.joined(ara, round, null).get("ticket").asString();
        day.joined(bora, round, null);
        String path = "/api/v1/rounds/" + round + "/queue/status";

        AtomicInteger passedOn = new AtomicInteger();
        FilterChain controllerNext = (request, response) -> passedOn.incrementAndGet();
        MockHttpServletResponse answered = poll(path, ara.auth(), araTicket, controllerNext);
        assertThat(passedOn).hasValue(0);
        assertThat(answered.getStatus()).isEqualTo(200);
        assertThat(json.readTree(answered.getContentAsByteArray())).isEqualTo(controllersAnswer(ara, round, araTicket));

        // Someone else's ticket, a forged one, none, no session, a bad session, another path: all go on.
        poll(path, bora.auth(), araTicket, controllerNext);
        poll(path, ara.auth(), araTicket.substring(0, araTicket.length() - 2) + "xx", controllerNext);
        poll(path, ara.auth(), null, controllerNext);
        poll(path, null, araTicket, controllerNext);
        poll(path, "Bearer not-a-session", araTicket, controllerNext);
        poll("/api/v1/rounds/" + round + "/queue/me", ara.auth(), araTicket, controllerNext);
        poll("/api/v1/rounds/no such round/queue/status", ara.auth(), araTicket, controllerNext);
        assertThat(passedOn).hasValue(7);

        // Over HTTP the controller then answers those with problem+json, as before.
        Answer someoneElses = day.api().get(path, bora.auth(), "Dangol-Ticket", araTicket);
        assertThat(someoneElses.status()).isBetween(400, 499);
        assertThat(someoneElses.contentType()).startsWith("application/problem+json");
        Answer noTicket = day.api().get(path, ara.auth());
        assertThat(noTicket.status()).isEqualTo(400);
        assertThat(noTicket.code()).isEqualTo("TICKET_MISSING");
    }

    @Test
    void pollsAreTimedUnderTheirEndpointsPatternLikeAnyOtherRequest() {
        Citizen ara = day.newCitizen("김아라");
        String round =
                day.scheduleRound("timed", 400_000, 200_000, Instant.now().plusSeconds(3_600));
        String ticket = day.joined(ara, round, null).get("ticket").asString();
        LaunchDay.require(day.status(ara, round, ticket), 200);

        // The server records the request's timer as the exchange ends, which may be just after the client has read
        // the answer.
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(meters.find("http.server.requests")
                                .tag("uri", HttpStatusPolls.PATTERN)
                                .tag("status", "200")
                                .timer())
                        .isNotNull()
                        .satisfies(timer -> assertThat(timer.count()).isPositive()));
    }

    private MockHttpServletResponse poll(String path, String authorization, String ticket, FilterChain next)
            throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", path);
        if (authorization != null) {
            request.addHeader("Authorization", authorization);
        }
        if (ticket != null) {
            request.addHeader("Dangol-Ticket", ticket);
        }
        MockHttpServletResponse response = new MockHttpServletResponse();
        polls.getFilter().doFilter(request, response, next);
        return response;
    }

    private JsonNode controllersAnswer(Citizen citizen, String round, String ticket) {
        Session session = sessions.authenticate(citizen.auth().substring("Bearer ".length()));
        return json.readTree(
                json.writeValueAsBytes(controller.status(round, ticket, session).getBody()));
    }
}
