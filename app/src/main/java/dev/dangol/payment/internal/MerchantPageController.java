package dev.dangol.payment.internal;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The merchant's page of today's payments: {@code /merchant/today}. The page is static; it reads the day list and
 * the live feed from the JSON API with the session cookie.
 */
@Controller
class MerchantPageController {

    @GetMapping("/merchant/today")
    String today() {
        return "forward:/merchant/today.html";
    }
}
