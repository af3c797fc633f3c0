package cn.jiyuan.integrity.console.web;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.util.MultiValueMap;

/** The remedy forms' fields as the objection service's bodies: a correction, an amendment. */
public final class Remedies {

    private Remedies() {}

    /** {@code {eventId, remedy, amendment (AMEND only), explanation}} for POST /api/v1/corrections. */
    public static Map<String, Object> correction(MultiValueMap<String, String> form) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("eventId", form.getFirst("eventId"));
        body.put("remedy", form.getFirst("remedy"));
        if ("AMEND".equals(form.getFirst("remedy"))) {
            body.put("amendment", amendment(form));
        }
        body.put("explanation", form.getFirst("explanation"));
        return body;
    }

    /** The amendment's given fields; points as a number when it is one, else as typed for the service to refuse. */
    public static Map<String, Object> amendment(MultiValueMap<String, String> form) {
        Map<String, Object> amendment = new LinkedHashMap<>();
        putIfGiven(amendment, "outcome", form.getFirst("outcome"));
        String points = form.getFirst("points");
        if (points != null && !points.isBlank()) {
            try {
                amendment.put("points", new BigDecimal(points.trim()));
            } catch (NumberFormatException e) {
                amendment.put("points", points);
            }
        }
        putIfGiven(amendment, "occurredOn", form.getFirst("occurredOn"));
        putIfGiven(amendment, "period", form.getFirst("period"));
        return amendment;
    }

    private static void putIfGiven(Map<String, Object> into, String field, String value) {
        if (value != null && !value.isBlank()) {
            into.put(field, value.trim());
        }
    }
}
