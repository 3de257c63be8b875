package dev.dangol.queue.internal;

import dev.dangol.identity.HttpSessionTokens;
import dev.dangol.identity.Session;
import dev.dangol.identity.Sessions;
import dev.dangol.queue.QueueStatus;
import dev.dangol.queue.WaitingRoom;
import dev.dangol.shared.Ids;
import dev.dangol.shared.RoundId;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.ServerHttpObservationFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * The waiting room's status poll on its fast path: a servlet filter that answers {@code GET
 * /api/v1/rounds/{round}/queue/status} before Spring MVC's dispatch. The poll is the one request every waiter sends
 * again and again, so it skips what it does not need (handler lookup by pattern, argument resolution, return-value
 * handling) and keeps what it does: the session check, the ticket check, the status, the same JSON as {@link
 * QueueController#status}.
 *
 * <p>Only the happy path is answered here. A request without a ticket, with no or a bad session, with a forged or
 * someone else's ticket, or for an unknown round goes on down the chain to {@link QueueController}, which answers it
 * with the usual problem+json; a refused poll is rare, and answering it in one place keeps the errors the same for
 * every endpoint.
 */
final class HttpStatusPolls implements Filter {

    static final String PATTERN = "/api/v1/rounds/{round}/queue/status";
    private static final String PREFIX = "/api/v1/rounds/";
    private static final String SUFFIX = "/queue/status";
    private static final String TICKET_HEADER = "Dangol-Ticket";

    private final WaitingRoom room;
    private final Sessions sessions;
    private final JsonMapper json;

    HttpStatusPolls(WaitingRoom room, Sessions sessions, JsonMapper json) {
        this.room = room;
        this.sessions = sessions;
        this.json = json;
    }

    @Override
    public void doFilter(ServletRequest servletRequest, ServletResponse servletResponse, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) servletRequest;
        HttpServletResponse response = (HttpServletResponse) servletResponse;
        String round = "GET".equals(request.getMethod()) ? roundOf(request) : null;
        String ticket = round == null ? null : request.getHeader(TICKET_HEADER);
        QueueStatus status = ticket == null || ticket.isBlank() ? null : statusOrNull(request, round, ticket);
        if (status == null) {
            chain.doFilter(request, response);
            return;
        }
        // Metrics tag the request by this pattern, as they would had MVC matched it.
        ServerHttpObservationFilter.findObservationContext(request).ifPresent(c -> c.setPathPattern(PATTERN));
        byte[] body = json.writeValueAsBytes(QueueController.StatusJson.of(status));
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType("application/json");
        response.setHeader("Cache-Control", "no-store");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    /** The round the path names, if the path is this endpoint's, else null. */
    static String roundOf(HttpServletRequest request) {
        String path = request.getRequestURI();
        String context = request.getContextPath();
        int from = context.length() + PREFIX.length();
        if (!path.startsWith(PREFIX, context.length())
                || !path.endsWith(SUFFIX)
                || path.length() <= from + SUFFIX.length()) {
            return null;
        }
        String round = path.substring(from, path.length() - SUFFIX.length());
        return Ids.isValid(round) ? round : null;
    }

    /** The status, or null for anything the controller should answer instead (every refusal). */
    private QueueStatus statusOrNull(HttpServletRequest request, String round, String ticket) {
        try {
            String token = HttpSessionTokens.token(request);
            if (token == null) {
                return null;
            }
            Session session = sessions.authenticate(token);
            return room.status(RoundId.of(round), ticket, session.person());
        } catch (RuntimeException refused) {
            return null;
        }
    }
}
