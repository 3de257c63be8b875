package dev.dangol.web;

import java.util.Map;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The cheapest endpoint Dangol has: no session, no store, a constant answer. It is the reference the waiting room's
 * status poll is benchmarked against, and a liveness probe for a load balancer.
 */
@RestController
class PingController {

    private static final Map<String, String> PONG = Map.of("status", "ok");

    @GetMapping("/api/v1/ping")
    ResponseEntity<Map<String, String>> ping() {
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(PONG);
    }
}
