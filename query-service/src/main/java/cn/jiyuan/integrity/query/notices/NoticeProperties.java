package cn.jiyuan.integrity.query.notices;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param newWithin a record older than this when the notifier reads it (a history import) makes no notice
 * @param interval how often the deadlines are checked and waiting notices relayed (also woken by new records)
 * @param mail e-mail: off unless {@code from} is set and {@code spring.mail.host} names an SMTP server
 */
@ConfigurationProperties("integrity.notices")
public record NoticeProperties(Duration newWithin, Duration interval, Mail mail) {

    /**
     * @param from the sender address
     * @param recipients addresses per organisation code, e.g. {@code integrity.notices.mail.recipients.SFJ[0]}
     */
    public record Mail(String from, Map<String, List<String>> recipients) {

        public Mail {
            recipients = recipients == null ? Map.of() : recipients;
        }

        public boolean on() {
            return from != null && !from.isBlank();
        }
    }

    public NoticeProperties {
        newWithin = newWithin == null ? Duration.ofDays(7) : newWithin;
        interval = interval == null ? Duration.ofSeconds(30) : interval;
        mail = mail == null ? new Mail(null, Map.of()) : mail;
    }
}
