package cn.jiyuan.integrity.console.provider;

import cn.jiyuan.integrity.console.api.ApiRefusal;
import cn.jiyuan.integrity.console.api.Caller;
import cn.jiyuan.integrity.console.api.IngestViews;
import cn.jiyuan.integrity.console.api.ServiceApis;
import cn.jiyuan.integrity.console.api.ServiceApis.Service;
import cn.jiyuan.integrity.console.web.Downloads;
import cn.jiyuan.integrity.console.web.Spreadsheets;
import java.io.Serializable;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.multipart.FilePart;
import org.springframework.http.codec.multipart.Part;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebSession;
import reactor.core.publisher.Mono;

/**
 * 批量上报: up to 1,000 facts from an XLSX or CSV made from the template; every row's answer (accepted, already
 * stored, refused with the field and the reason) on the page and as a download. Uploading the same file again changes
 * nothing: the rows' event ids are derived from their content ({@link FactSheet#stableId}).
 */
@Controller
class BatchController {

    /** The session attribute holding the latest upload's results, for the download. */
    static final String RESULTS = "batchResults";

    /** One row's answer. */
    record RowResult(
            int line,
            String eventId,
            String unitId,
            String indicator,
            String outcome,
            int status,
            String field,
            String reason,
            Boolean late,
            LocalDate deadline)
            implements Serializable {

        public String verdict() {
            return switch (status) {
                case 202 -> "已接收";
                case 200 -> "已存在（未重复记录）";
                default -> "拒绝";
            };
        }

        public boolean refused() {
            return status >= 300;
        }
    }

    private final ServiceApis apis;

    BatchController(ServiceApis apis) {
        this.apis = apis;
    }

    @GetMapping("/provider/batch")
    String page() {
        return "provider/batch";
    }

    @GetMapping("/provider/batch/template.xlsx")
    ResponseEntity<byte[]> templateXlsx() {
        return Downloads.xlsx(FactSheet.templateXlsx(), "批量上报模板.xlsx");
    }

    @GetMapping("/provider/batch/template.csv")
    ResponseEntity<byte[]> templateCsv() {
        return Downloads.csv(Spreadsheets.csv(FactSheet.template()), "批量上报模板.csv");
    }

    @PostMapping("/provider/batch")
    Mono<String> upload(Caller caller, WebSession session, ServerWebExchange exchange, Model model) {
        return exchange.getMultipartData()
                .flatMap(parts -> {
                    Part part = parts.getFirst("file");
                    if (!(part instanceof FilePart file) || file.filename().isBlank()) {
                        model.addAttribute("uploadError", "请选择要上传的 .xlsx 或 .csv 文件");
                        return Mono.just("provider/batch");
                    }
                    return DataBufferUtils.join(file.content())
                            .map(buffer -> {
                                byte[] bytes = new byte[buffer.readableByteCount()];
                                buffer.read(bytes);
                                DataBufferUtils.release(buffer);
                                return bytes;
                            })
                            .flatMap(bytes -> send(caller, file.filename(), bytes, session, model));
                })
                .onErrorResume(ApiRefusal.Refused.class, e -> {
                    model.addAttribute(
                            "uploadError",
                            e.refusal().status() + " " + e.refusal().detail());
                    return Mono.just("provider/batch");
                });
    }

    private Mono<String> send(Caller caller, String fileName, byte[] bytes, WebSession session, Model model) {
        List<Map<String, String>> rows;
        try {
            rows = FactSheet.read(fileName, bytes);
        } catch (FactSheet.Unreadable e) {
            model.addAttribute("uploadError", e.getMessage());
            return Mono.just("provider/batch");
        }
        if (rows.isEmpty()) {
            model.addAttribute("uploadError", "文件中没有数据行");
            return Mono.just("provider/batch");
        }
        List<Map<String, Object>> events =
                rows.stream().map(r -> FactSheet.event(caller.user().org(), r)).toList();
        return apis.post(
                        Service.INGEST,
                        "/api/v1/events/batch",
                        caller,
                        Map.of("events", events),
                        IngestViews.BatchResults.class)
                .map(answer -> {
                    List<RowResult> results = results(rows, events, answer.results());
                    session.getAttributes().put(RESULTS, new ArrayList<>(results));
                    model.addAttribute("fileName", fileName);
                    // refused rows first: they are the ones to fix; then the file's order
                    model.addAttribute(
                            "results",
                            results.stream()
                                    .sorted(Comparator.comparing((RowResult r) -> !r.refused())
                                            .thenComparing(RowResult::line))
                                    .toList());
                    model.addAttribute(
                            "accepted",
                            results.stream().filter(r -> r.status() == 202).count());
                    model.addAttribute(
                            "repeated",
                            results.stream().filter(r -> r.status() == 200).count());
                    model.addAttribute(
                            "refused",
                            results.stream().filter(RowResult::refused).count());
                    return "provider/batch";
                });
    }

    static List<RowResult> results(
            List<Map<String, String>> rows, List<Map<String, Object>> events, List<IngestViews.BatchResult> answers) {
        List<RowResult> results = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            Map<String, String> row = rows.get(i);
            IngestViews.BatchResult a = answers.get(i);
            ApiRefusal.FieldError first = a.errors() == null || a.errors().isEmpty()
                    ? null
                    : a.errors().get(0);
            results.add(new RowResult(
                    i + 2, // the spreadsheet's line: the header is line 1
                    String.valueOf(events.get(i).get("eventId")),
                    row.get("unitId"),
                    row.get("indicator"),
                    row.get("outcome"),
                    a.status(),
                    first == null ? null : first.field(),
                    first != null ? first.message() : (a.status() >= 300 ? a.detail() : null),
                    a.late(),
                    a.deadline()));
        }
        return results;
    }

    @GetMapping("/provider/batch/results.xlsx")
    ResponseEntity<byte[]> resultsXlsx(WebSession session) {
        return Downloads.xlsx(Spreadsheets.xlsx("上报结果", table(session)), "上报结果.xlsx");
    }

    @GetMapping("/provider/batch/results.csv")
    ResponseEntity<byte[]> resultsCsv(WebSession session) {
        return Downloads.csv(Spreadsheets.csv(table(session)), "上报结果.csv");
    }

    private static List<List<Object>> table(WebSession session) {
        List<RowResult> results = session.getAttributeOrDefault(RESULTS, List.of());
        List<List<Object>> rows = new ArrayList<>();
        rows.add(List.of("行号", "信息编号", "单位代码", "指标", "情形代码", "结果", "状态码", "字段", "原因", "报送期限", "是否逾期"));
        for (RowResult r : results) {
            rows.add(Arrays.asList(
                    r.line(),
                    r.eventId(),
                    r.unitId(),
                    r.indicator(),
                    r.outcome(),
                    r.verdict(),
                    r.status(),
                    r.field(),
                    r.reason(),
                    r.deadline() == null ? "" : r.deadline().toString(),
                    r.late() == null ? "" : (r.late() ? "逾期" : "按时")));
        }
        return rows;
    }
}
