package dev.dangol.identity.internal;

import dev.dangol.identity.Citizens;
import dev.dangol.identity.IdentityVerification;
import dev.dangol.shared.IdSource;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Members, identity verification, sessions and funding sources. Settings (all under {@code dangol.identity.}):
 * {@code secret} (keys the development CI and funding fingerprints), {@code dev-codes}, {@code verification}
 * ({@code development} unless a real verifier is plugged in), {@code operators}, {@code pending-verifications-max},
 * {@code funding-sources-max}, and {@code session.*} (see {@link SessionTerms}).
 */
@Configuration(proxyBeanMethods = false)
class IdentityConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(IdentityConfiguration.class);
    static final String DEVELOPMENT_SECRET = "dangol-development-secret-not-for-production";

    @Bean
    JdbcCitizens citizens(JdbcClient jdbc, PlatformTransactionManager transactions, Clock clock) {
        return new JdbcCitizens(jdbc, new TransactionTemplate(transactions), new IdSource(clock, new SecureRandom()));
    }

    /** The development verifier, unless {@code dangol.identity.verification} names a real one. */
    @Bean
    @ConditionalOnProperty(name = "dangol.identity.verification", havingValue = "development", matchIfMissing = true)
    DevelopmentVerification identityVerification(
            Clock clock,
            @Value("${dangol.identity.secret:" + DEVELOPMENT_SECRET + "}") String secret,
            @Value("${dangol.identity.dev-codes:false}") boolean devCodes,
            @Value("${dangol.identity.pending-verifications-max:100000}") int pendingMax) {
        if (devCodes) {
            LOG.warn("Identity verification is the development adapter and answers with its codes"
                    + " (dangol.identity.dev-codes=true): anyone can sign in as any number. Never in production.");
        }
        if (DEVELOPMENT_SECRET.equals(secret)) {
            LOG.warn("dangol.identity.secret is the published development default; set a secret of your own.");
        }
        SecureRandom random = new SecureRandom();
        return new DevelopmentVerification(
                clock, random, new IdSource(clock, random), key(secret), devCodes, pendingMax);
    }

    @Bean
    SessionTerms sessionTerms(
            @Value("${dangol.identity.session.idle-timeout:30m}") Duration idleTimeout,
            @Value("${dangol.identity.session.absolute-lifetime:12h}") Duration absoluteLifetime,
            @Value("${dangol.identity.session.cache-fresh-for:30s}") Duration freshFor,
            @Value("${dangol.identity.session.touch-write-interval:1m}") Duration touchWriteInterval,
            @Value("${dangol.identity.session.retention:30d}") Duration retention,
            @Value("${dangol.identity.session.cache-max:100000}") int cacheMax,
            @Value("${dangol.identity.session.keep-alives-max:250000}") int keepAlivesMax) {
        return new SessionTerms(
                idleTimeout, absoluteLifetime, freshFor, touchWriteInterval, retention, cacheMax, keepAlivesMax);
    }

    @Bean
    SessionBook sessions(JdbcClient jdbc, JdbcTemplate template, Clock clock, SessionTerms terms) {
        SecureRandom random = new SecureRandom();
        return new SessionBook(new JdbcSessionStore(jdbc, template), clock, random, new IdSource(clock, random), terms);
    }

    @Bean
    SessionCookie sessionCookie(
            SessionTerms terms, @Value("${dangol.identity.session.cookie-secure:false}") boolean secure) {
        return new SessionCookie(secure, terms.absoluteLifetime());
    }

    @Bean
    Memberships roleGrants(
            JdbcCitizens citizens, SessionBook sessions, @Value("${dangol.identity.operators:}") List<String> phones) {
        Set<String> operators = phones.stream()
                .map(String::strip)
                .filter(phone -> !phone.isEmpty())
                .map(Citizens::normalisePhone)
                .collect(Collectors.toUnmodifiableSet());
        return new Memberships(citizens, citizens, sessions, operators);
    }

    @Bean
    SignIn signIn(
            IdentityVerification verification, JdbcCitizens citizens, Memberships memberships, SessionBook sessions) {
        return new SignIn(verification, citizens, memberships, sessions);
    }

    @Bean
    JdbcFundingSources fundingSources(
            JdbcClient jdbc,
            Clock clock,
            @Value("${dangol.identity.secret:" + DEVELOPMENT_SECRET + "}") String secret,
            @Value("${dangol.identity.funding-sources-max:10}") int linkedMax) {
        SecureRandom random = new SecureRandom();
        return new JdbcFundingSources(jdbc, clock, new IdSource(clock, random), random, key(secret), linkedMax);
    }

    @Bean
    SessionJobs sessionJobs(SessionBook sessions) {
        return new SessionJobs(sessions);
    }

    private static byte[] key(String secret) {
        byte[] key = secret.getBytes(StandardCharsets.UTF_8);
        if (key.length < 16) {
            throw new IllegalStateException("dangol.identity.secret must be at least 16 bytes long");
        }
        return Arrays.copyOf(key, key.length);
    }

    /** Writes session uses behind, once a minute and when the application stops, and deletes long-ended sessions. */
    static class SessionJobs implements DisposableBean {
        private static final int PURGE_BATCH = 1_000;
        private static final int PURGE_BATCHES_PER_RUN_MAX = 20;

        private final SessionBook sessions;

        SessionJobs(SessionBook sessions) {
            this.sessions = sessions;
        }

        @Scheduled(
                fixedDelayString = "${dangol.identity.session.touch-write-interval:1m}",
                initialDelayString = "${dangol.identity.session.touch-write-interval:1m}")
        void flush() {
            try {
                sessions.flush();
            } catch (RuntimeException e) {
                LOG.warn("writing session uses failed; they are written with the next uses", e);
            }
        }

        @Scheduled(fixedDelayString = "${dangol.identity.session.purge-interval:1h}", initialDelay = 60_000)
        void purge() {
            try {
                for (int run = 0; run < PURGE_BATCHES_PER_RUN_MAX; run++) {
                    if (sessions.purge(PURGE_BATCH) < PURGE_BATCH) {
                        return;
                    }
                }
            } catch (RuntimeException e) {
                LOG.warn("deleting ended sessions failed; the next run tries again", e);
            }
        }

        @Override
        public void destroy() {
            flush();
        }
    }
}
