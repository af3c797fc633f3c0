package cn.jiyuan.integrity.console.web;

import cn.jiyuan.integrity.console.api.ConsoleUser;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** The console's address leads each person to their own work. */
@Controller
class HomeController {

    @GetMapping("/")
    String home(@AuthenticationPrincipal ConsoleUser user) {
        return "redirect:" + user.home();
    }
}
