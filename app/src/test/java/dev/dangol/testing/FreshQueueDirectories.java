package dev.dangol.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;

/**
 * Gives every Spring test context a waiting-room directory of its own, so that cached contexts living side by side
 * never share (or lock each other out of) one journal, and no test reads a journal an earlier run left behind. A test
 * that sets {@code dangol.queue.directory} itself keeps its own. Registered for every context in
 * {@code META-INF/spring.factories}; the directory is deleted when the context closes.
 */
public final class FreshQueueDirectories implements ContextCustomizerFactory {

    @Override
    public ContextCustomizer createContextCustomizer(
            Class<?> testClass, List<ContextConfigurationAttributes> configAttributes) {
        return new Customizer();
    }

    /** Equal to every other, so that Spring's context cache works as usual. */
    private record Customizer() implements ContextCustomizer {

        @Override
        public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration config) {
            Path directory;
            try {
                directory = Files.createTempDirectory("dangol-queue-");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            // Last, so that a property the test sets itself wins.
            context.getEnvironment()
                    .getPropertySources()
                    .addLast(new MapPropertySource(
                            "fresh-queue-directory", Map.of("dangol.queue.directory", directory.toString())));
            // Registered before any bean exists, so destroyed after all of them: the store is closed by then.
            if (context.getBeanFactory() instanceof DefaultListableBeanFactory beans) {
                beans.registerDisposableBean("freshQueueDirectoryDelete", () -> delete(directory));
            }
        }

        private static void delete(Path directory) {
            try (Stream<Path> files = Files.walk(directory)) {
                files.sorted(Comparator.reverseOrder())
                        .forEach(path -> path.toFile().delete());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
