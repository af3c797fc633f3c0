package cn.jiyuan.integrity.console.office;

import cn.jiyuan.integrity.console.api.Caller;
import cn.jiyuan.integrity.console.api.ServiceApis;
import cn.jiyuan.integrity.console.api.ServiceApis.Service;
import cn.jiyuan.integrity.console.web.Labels;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.HtmlUtils;
import reactor.core.publisher.Flux;
import tools.jackson.databind.json.JsonMapper;

/**
 * The overview's live feed: the query service's grade changes, each as a line of HTML that htmx's SSE extension
 * puts on top of the list, without a reload.
 */
@RestController
class GradeChangeFeed {

    record GradeChange(
            String changeId,
            String unitId,
            String from,
            String to,
            BigDecimal score,
            int rank,
            Instant changedAt,
            LocalDate asOf) {}

    private final ServiceApis apis;
    private final Labels labels;
    private final JsonMapper json;

    GradeChangeFeed(ServiceApis apis, Labels labels, JsonMapper json) {
        this.apis = apis;
        this.labels = labels;
        this.json = json;
    }

    @GetMapping(path = "/office/grade-changes", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    Flux<ServerSentEvent<String>> changes(Caller caller) {
        return apis.stream(Service.QUERY, "/api/v1/grade-changes", caller, null)
                .filter(data -> data.startsWith("{"))
                .map(data -> json.readValue(data, GradeChange.class))
                .map(change -> ServerSentEvent.builder(line(change))
                        .id(change.changeId())
                        .event("grade-change")
                        .build());
    }

    String line(GradeChange c) {
        String text = labels.instant(c.changedAt()) + "　" + c.unitId() + "："
                + (c.from() == null ? "首次评定" : labels.grade(c.from())) + " → "
                + (c.to() == null ? "停止参评" : labels.grade(c.to())) + "（" + labels.score(c.score()) + " 分，第 "
                + c.rank() + " 名）";
        return "<li><a href=\"/units/" + HtmlUtils.htmlEscape(c.unitId()) + "\">" + HtmlUtils.htmlEscape(text)
                + "</a></li>";
    }
}
