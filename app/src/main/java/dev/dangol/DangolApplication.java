package dev.dangol;

import java.time.Clock;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.EnableScheduling;

@SpringBootApplication
@EnableScheduling
public class DangolApplication {

    public static void main(String[] args) {
        SpringApplication.run(DangolApplication.class, args);
    }

    /** Says where Dangol listens, once it is ready to serve. */
    @EventListener(ApplicationReadyEvent.class)
    void ready(ApplicationReadyEvent event) {
        String port = event.getApplicationContext().getEnvironment().getProperty("local.server.port");
        if (port != null) {
            LoggerFactory.getLogger(DangolApplication.class)
                    .info(
                            "Dangol is listening on http://localhost:{} (API documentation: http://localhost:{}/swagger-ui.html)",
                            port,
                            port);
        }
    }

    /** The one clock of the application; tests replace it to replay time. */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
