package cn.jiyuan.integrity.console.consumer;

import cn.jiyuan.integrity.console.web.Labels;
import cn.jiyuan.integrity.console.web.PageModel;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebSession;
import reactor.core.publisher.Mono;

/**
 * A consumer of 第十条 first says why it reads: one of the eight purposes. The purpose is shown on every page and
 * sent with every request as {@code X-Query-Purpose}; the query service refuses a consumer's read without one.
 */
@Controller
class PurposeController {

    @GetMapping("/consumer")
    String start(WebSession session) {
        return session.getAttribute(PageModel.PURPOSE) == null ? "redirect:/consumer/purpose" : "redirect:/ranking";
    }

    @GetMapping("/consumer/purpose")
    String page() {
        return "consumer/purpose";
    }

    @PostMapping("/consumer/purpose")
    Mono<String> choose(ServerWebExchange exchange) {
        return exchange.getFormData().zipWith(exchange.getSession()).map(t -> {
            String purpose = t.getT1().getFirst("purpose");
            if (purpose == null || !Labels.PURPOSES.containsKey(purpose)) {
                return "redirect:/consumer/purpose?invalid";
            }
            t.getT2().getAttributes().put(PageModel.PURPOSE, purpose);
            return "redirect:/ranking";
        });
    }
}
