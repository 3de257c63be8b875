package dev.dangol.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.test.context.ContextCustomizerFactories;

/**
 * Gives each Spring test context a database of its own, migrated by Flyway when the context starts and thrown away
 * when it closes: a fresh in-memory H2 database, or a fresh schema with a random name in the local PostgreSQL
 * ({@value FreshDatabases#POSTGRES_URL} unless the system property {@value FreshDatabases#POSTGRES_URL_PROPERTY} names
 * another).
 *
 * <p>As with any Spring test context, classes with the same configuration share one cached context, and so one
 * database; a class that needs a database nobody else touches adds {@code @DirtiesContext}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ContextCustomizerFactories(FreshDatabases.class)
public @interface FreshDatabase {

    Engine value();

    enum Engine {
        /** An in-memory H2 database in PostgreSQL mode, like the embedded default. */
        H2,
        /** A new schema in a real PostgreSQL, like production. */
        POSTGRES
    }
}
