package dev.dangol.web;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The launch page a citizen opens on launch morning: {@code /launch/{round}}. The page itself is static; everything
 * it shows comes from the JSON API, so a reload or a new login picks up exactly where the person was.
 */
@Controller
class LaunchPageController {

    @GetMapping("/launch/{round:[A-Za-z0-9_-]{1,64}}")
    String launch() {
        return "forward:/launch/index.html";
    }
}
