package cn.jiyuan.integrity.console.web;

import cn.jiyuan.integrity.console.api.Caller;
import cn.jiyuan.integrity.console.api.ServiceApis;
import cn.jiyuan.integrity.console.api.ServiceApis.Service;
import cn.jiyuan.integrity.console.api.YearViews;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import reactor.core.publisher.Mono;

/** 通知: the organisation's notices, newest first; one marked read for the whole organisation. */
@Controller
class NoticesController {

    private final ServiceApis apis;

    NoticesController(ServiceApis apis) {
        this.apis = apis;
    }

    @GetMapping("/notices")
    Mono<String> inbox(Caller caller, @RequestParam(required = false) String cursor, Model model) {
        return apis.get(
                        Service.QUERY,
                        ServiceApis.path("/api/v1/notices")
                                .queryParam("limit", 50)
                                .queryParamIfPresent("cursor", ServiceApis.given(cursor)),
                        caller,
                        YearViews.Inbox.class)
                .map(inbox -> {
                    model.addAttribute("inbox", inbox);
                    return "notices";
                });
    }

    @PostMapping("/notices/{noticeId}/read")
    Mono<String> read(Caller caller, @PathVariable String noticeId) {
        return apis.post(Service.QUERY, "/api/v1/notices/" + noticeId + "/read", caller, Map.of(), Map.class)
                .thenReturn("redirect:/notices");
    }
}
