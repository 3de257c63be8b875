package dev.dangol.acceptance.internal;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The page a merchant prints its sticker from: {@code /merchant/qr?id=<merchant>}. The page is static; the code and the
 * names come from the JSON API under the merchant's session.
 */
@Controller
class MerchantQrPageController {

    @GetMapping("/merchant/qr")
    String page() {
        return "forward:/merchant/qr.html";
    }
}
