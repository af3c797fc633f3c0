package cn.jiyuan.integrity.query.notices;

import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;

/**
 * Sends notices by e-mail through the SMTP server of configuration ({@code spring.mail.*}) to the addresses configured
 * for the recipient's organisation ({@code integrity.notices.mail.recipients.<ORG>}). A notice is claimed, mailed and
 * marked in one transaction; its Message-ID is its noticeId, so a mail system can drop the copy a crash between
 * handing it over and marking it could send. An organisation without an address is marked so ("no address").
 */
public class NoticeMailer {

    private static final Logger LOG = LoggerFactory.getLogger(NoticeMailer.class);
    private static final int BATCH = 100;

    private final NoticeStore store;
    private final JavaMailSender mail;
    private final String from;
    private final Map<String, List<String>> recipients;
    private final Clock clock;

    public NoticeMailer(
            NoticeStore store, JavaMailSender mail, String from, Map<String, List<String>> recipients, Clock clock) {
        this.store = store;
        this.mail = mail;
        this.from = from;
        this.recipients = Map.copyOf(recipients);
        this.clock = clock;
    }

    /** Mails what is waiting; how many were handled. */
    public long mailPending() {
        long total = 0;
        long n;
        do {
            n = store.handOver("mailed_at", BATCH, this::mail, clock.instant());
            total += n;
        } while (n == BATCH);
        return total;
    }

    /** The notices handled, in order, up to the first the server refused (it stays for the next try). */
    private List<NoticeStore.Handed> mail(List<Notice> notices) {
        List<NoticeStore.Handed> handed = new ArrayList<>();
        for (Notice n : notices) {
            List<String> to = recipients.getOrDefault(n.recipientOrg(), List.of());
            if (to.isEmpty()) {
                handed.add(new NoticeStore.Handed(n.noticeId(), "no address"));
                continue;
            }
            try {
                MimeMessage message = mail.createMimeMessage();
                MimeMessageHelper m = new MimeMessageHelper(message, StandardCharsets.UTF_8.name());
                m.setFrom(from);
                m.setTo(to.toArray(String[]::new));
                m.setSubject("【政务诚信】" + n.subject());
                m.setText(n.text() + (n.link() == null ? "" : "\n\n工作台：" + n.link()));
                message.setHeader("X-Integrity-Notice", n.noticeId().toString());
                message.saveChanges();
                message.setHeader("Message-ID", "<" + n.noticeId() + "@integrity-platform>");
                mail.send(message);
                handed.add(new NoticeStore.Handed(n.noticeId(), "sent to " + to.size()));
            } catch (Exception e) {
                LOG.warn("notice {} to {} not mailed, will retry: {}", n.noticeId(), n.recipientOrg(), e.toString());
                break;
            }
        }
        return handed;
    }
}
