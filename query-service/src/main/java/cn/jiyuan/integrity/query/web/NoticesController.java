package cn.jiyuan.integrity.query.web;

import cn.jiyuan.integrity.query.notices.Notice;
import cn.jiyuan.integrity.query.notices.NoticeStore;
import cn.jiyuan.integrity.rules.rights.Caller;
import cn.jiyuan.integrity.rules.rights.Role;
import cn.jiyuan.integrity.support.refusals.Refusal;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The inbox of the caller's organisation (issue 16 §4): the notices addressed to it in the roles it holds (the rules'
 * {@code Rights.noticeRoles}), newest first, paged; and marking one read (for the whole organisation).
 */
@RestController
class NoticesController {

    private final NoticeStore store;
    private final Access access;
    private final Clock clock;

    NoticesController(NoticeStore store, Access access, Clock clock) {
        this.store = store;
        this.access = access;
        this.clock = clock;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record NoticeView(
            UUID noticeId,
            String kind,
            String recipientRole,
            String subject,
            String text,
            String link,
            String unitId,
            String objectionId,
            String eventId,
            Instant createdAt,
            Instant readAt) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record InboxView(long unread, List<NoticeView> notices, String nextCursor) {}

    @GetMapping("/api/v1/notices")
    Mono<InboxView> inbox(
            @RequestParam(required = false) String unread,
            @RequestParam(required = false) String limit,
            @RequestParam(required = false) String cursor,
            @AuthenticationPrincipal Jwt jwt,
            ServerWebExchange exchange) {
        Caller caller = access.caller(jwt, exchange);
        List<String> roles = roles(caller);
        Page page = Page.of(limit, null, 50);
        boolean unreadOnly = unread != null && flag(unread);
        NoticeStore.After after = cursor == null ? null : after(cursor);
        int n = page.limit();
        return store.inbox(caller.org(), roles, unreadOnly, after, n + 1).map(inbox -> {
            List<Notice> notices = inbox.notices();
            String next = null;
            if (notices.size() > n) {
                notices = notices.subList(0, n);
                Notice last = notices.get(n - 1);
                next = cursor(last);
            }
            return new InboxView(
                    inbox.unread(),
                    notices.stream().map(NoticesController::view).toList(),
                    next);
        });
    }

    @PostMapping("/api/v1/notices/{noticeId}/read")
    Mono<NoticeView> read(@PathVariable String noticeId, @AuthenticationPrincipal Jwt jwt, ServerWebExchange exchange) {
        Caller caller = access.caller(jwt, exchange);
        List<String> roles = roles(caller);
        UUID id;
        try {
            id = UUID.fromString(noticeId);
        } catch (IllegalArgumentException e) {
            throw Refusal.invalid("noticeId", "must be a notice's id (a UUID)");
        }
        return store.markRead(id, caller.org(), roles, clock.instant())
                .switchIfEmpty(
                        Mono.error(Refusal.notFound("no notice " + noticeId + " is addressed to " + caller.org())))
                .map(NoticesController::view);
    }

    private List<String> roles(Caller caller) {
        List<Role> roles = access.rights().noticeRoles(caller);
        if (roles.isEmpty()) {
            throw Refusal.forbidden("notices are addressed to units, providers and the credit office; " + caller.org()
                    + " has no inbox");
        }
        return roles.stream().map(Role::name).toList();
    }

    private static boolean flag(String value) {
        return switch (value) {
            case "true" -> true;
            case "false" -> false;
            default -> throw Refusal.invalid("unread", "must be true or false");
        };
    }

    private static String cursor(Notice last) {
        String key = last.createdAt().toEpochMilli() + "|" + last.noticeId();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(key.getBytes(StandardCharsets.UTF_8));
    }

    private static NoticeStore.After after(String cursor) {
        try {
            String[] key = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\\|", 2);
            return new NoticeStore.After(Instant.ofEpochMilli(Long.parseLong(key[0])), UUID.fromString(key[1]));
        } catch (RuntimeException e) {
            throw Refusal.invalid("cursor", "must be a nextCursor this list gave");
        }
    }

    private static NoticeView view(Notice n) {
        return new NoticeView(
                n.noticeId(),
                n.kind().name(),
                n.kind().audience().name(),
                n.subject(),
                n.text(),
                n.link(),
                n.unitId(),
                n.objectionId(),
                n.eventId(),
                n.createdAt(),
                n.readAt());
    }
}
