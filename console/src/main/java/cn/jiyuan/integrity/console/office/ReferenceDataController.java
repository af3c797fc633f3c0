package cn.jiyuan.integrity.console.office;

import cn.jiyuan.integrity.console.api.ApiRefusal;
import cn.jiyuan.integrity.console.api.Caller;
import cn.jiyuan.integrity.console.api.ServiceApis;
import cn.jiyuan.integrity.console.api.ServiceApis.Service;
import cn.jiyuan.integrity.console.api.YearViews;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.codec.multipart.FilePart;
import org.springframework.http.codec.multipart.Part;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * 日历与目录: the working-day calendar, year by year, with the form for next year's notice of the State Council; and
 * the catalog's versions, with the upload of a revised one. What is uploaded is in force in every service at once.
 */
@Controller
class ReferenceDataController {

    private final ServiceApis apis;

    ReferenceDataController(ServiceApis apis) {
        this.apis = apis;
    }

    @GetMapping("/office/reference")
    Mono<String> page(Caller caller, Model model) {
        return render(caller, model);
    }

    /** A year's notice: the days off and the make-up days one per line (or separated by commas). */
    @PostMapping("/office/reference/calendar")
    Mono<String> notice(Caller caller, ServerWebExchange exchange, Model model) {
        return exchange.getFormData().flatMap(form -> {
            String year =
                    form.getFirst("year") == null ? "" : form.getFirst("year").trim();
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("off", lines(form.getFirst("off")));
            body.put("makeUp", lines(form.getFirst("makeUp")));
            ServiceApis.given(form.getFirst("source")).ifPresent(v -> body.put("source", v));
            ServiceApis.given(form.getFirst("reason")).ifPresent(v -> body.put("reason", v));
            return apis.put(Service.QUERY, "/api/v1/calendar/" + (year.isEmpty() ? "-" : year), caller, body, Map.class)
                    .map(done -> "redirect:/office/reference?saved=" + year)
                    .onErrorResume(ApiRefusal.Refused.class, e -> {
                        model.addAttribute("noticeRefusal", e.refusal());
                        model.addAttribute("noticeForm", form.toSingleValueMap());
                        return render(caller, model);
                    });
        });
    }

    /** A revised catalog, as a JSON file in the shipped catalog's form. */
    @PostMapping("/office/reference/catalog")
    Mono<String> catalog(Caller caller, ServerWebExchange exchange, Model model) {
        return exchange.getMultipartData().flatMap(parts -> {
            Part part = parts.getFirst("file");
            if (!(part instanceof FilePart file) || file.filename().isBlank()) {
                model.addAttribute("catalogError", "请选择指标目录文件（.json）");
                return render(caller, model);
            }
            return DataBufferUtils.join(file.content())
                    .map(buffer -> {
                        String text = buffer.toString(StandardCharsets.UTF_8);
                        DataBufferUtils.release(buffer);
                        return text;
                    })
                    .flatMap(text -> apis.post(Service.QUERY, "/api/v1/catalog/versions", caller, text, Map.class))
                    .map(done -> "redirect:/office/reference?uploaded=" + done.get("version"))
                    .onErrorResume(ApiRefusal.Refused.class, e -> {
                        model.addAttribute("catalogRefusal", e.refusal());
                        return render(caller, model);
                    });
        });
    }

    private Mono<String> render(Caller caller, Model model) {
        Mono<YearViews.Calendar> calendar =
                apis.get(Service.QUERY, ServiceApis.path("/api/v1/calendar"), caller, YearViews.Calendar.class);
        Mono<YearViews.CatalogVersions> versions = apis.get(
                Service.QUERY, ServiceApis.path("/api/v1/catalog/versions"), caller, YearViews.CatalogVersions.class);
        return Mono.zip(calendar, versions).map(both -> {
            model.addAttribute("calendar", both.getT1());
            model.addAttribute("versions", both.getT2().versions());
            LocalDate today = LocalDate.now(ZoneId.of("Asia/Shanghai"));
            model.addAttribute("today", today);
            model.addAttribute("nextYear", today.getYear() + 1);
            return "office/reference";
        });
    }

    private static List<String> lines(String text) {
        if (text == null) {
            return List.of();
        }
        return Arrays.stream(text.split("[\\n,，、\\s]+"))
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .toList();
    }
}
