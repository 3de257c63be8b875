package dev.dangol.settlement;

import java.util.List;
import java.util.Map;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;

/**
 * Switches settlement's scheduled run and reconciliation off in every Spring test, so that no test's ledger is settled
 * behind its back. A test turns them on with {@code dangol.settlement.schedule.enabled=true} in its properties, which
 * come before this source.
 */
public final class SettlementScheduleOff implements ContextCustomizerFactory {

    private static final String INLINED = "Inlined Test Properties";

    @Override
    public ContextCustomizer createContextCustomizer(
            Class<?> testClass, List<ContextConfigurationAttributes> configAttributes) {
        return new Off();
    }

    private record Off() implements ContextCustomizer {
        @Override
        public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration config) {
            MapPropertySource off = new MapPropertySource(
                    "settlement-schedule-off", Map.of("dangol.settlement.schedule.enabled", "false"));
            MutablePropertySources sources = context.getEnvironment().getPropertySources();
            if (sources.contains(INLINED)) {
                sources.addAfter(INLINED, off);
            } else {
                sources.addFirst(off);
            }
        }
    }
}
